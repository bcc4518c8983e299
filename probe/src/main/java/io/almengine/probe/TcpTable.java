package io.almengine.probe;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The kernel's TCP socket tables, {@code /proc/net/tcp} (IPv4) and {@code /proc/net/tcp6} (IPv6,
 * where a Java server socket also puts its IPv4 clients, as {@code ::ffff:a.b.c.d}).
 *
 * <p>Each line is {@code sl local rem st ...} with addresses as hex {@code ADDR:PORT}. The port is
 * the number in hex. The address is the raw {@code in_addr} / {@code in6_addr} printed as 32-bit
 * words in host byte order: on a little-endian machine {@code 127.0.0.1} reads {@code 0100007F},
 * and an IPv6 address is four such words, each reversed. State {@code 01} is ESTABLISHED.
 */
public final class TcpTable {

    /** {@code st} of an established connection. */
    public static final int ESTABLISHED = 0x01;

    private TcpTable() {
    }

    /** One socket: both ends and the TCP state. Addresses are IPv4 when the kernel wrote a mapped IPv6 one. */
    public record Socket(InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort,
                         int state) {

        public boolean established() {
            return state == ESTABLISHED;
        }
    }

    /** Established connections whose local end is one of {@code ports}: clients of those listening ports. */
    public static List<Socket> clientsOf(Path procNet, Collection<Integer> ports) throws IOException {
        var out = new ArrayList<Socket>();
        for (String table : List.of("tcp", "tcp6")) {
            for (Socket s : read(procNet.resolve(table))) {
                if (s.established() && ports.contains(s.localPort())) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Every socket of one table; a table the kernel does not have (no IPv6) is empty. */
    public static List<Socket> read(Path table) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        var out = new ArrayList<Socket>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            Socket s = parse(lines.get(i));
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** One line of a table, or {@code null} for a line that is not a socket. */
    static Socket parse(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 4 || !fields[0].endsWith(":")) {
            return null;
        }
        try {
            String[] local = fields[1].split(":");
            String[] remote = fields[2].split(":");
            return new Socket(address(local[0]), Integer.parseInt(local[1], 16), address(remote[0]),
                    Integer.parseInt(remote[1], 16), Integer.parseInt(fields[3], 16));
        } catch (RuntimeException | UnknownHostException e) {
            return null;
        }
    }

    /** Hex of 32-bit words in host byte order → the address; an IPv4-mapped IPv6 address comes back as IPv4. */
    static InetAddress address(String hex) throws UnknownHostException {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new UnknownHostException("not an address: " + hex);
        }
        ByteBuffer bytes = ByteBuffer.allocate(hex.length() / 2);
        for (int word = 0; word < hex.length() / 8; word++) {
            int value = (int) Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            // The word was printed as a host-order integer; put it back in memory order.
            bytes.put(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
        }
        InetAddress address = InetAddress.getByAddress(bytes.array());
        return address;
    }

    /** The address as events carry it: dotted IPv4, or IPv6 in the short form ({@code ::1}). */
    public static String text(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        if (address instanceof Inet6Address six) {
            return compress(six.getAddress());
        }
        return address.getHostAddress();
    }

    /** RFC 5952 text of 16 bytes: lower-case hex groups, the longest run of two or more zero groups as {@code ::}. */
    static String compress(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength && j - i >= 2) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        var text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
