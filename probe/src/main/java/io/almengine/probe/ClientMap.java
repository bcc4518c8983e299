package io.almengine.probe;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is who behind a client address: the mapping file given with {@code --clients}. TCP carries
 * no agent or sink name, so the operator writes them down, one entry per client:
 *
 * <pre>
 * clients:
 *   - ip: 192.168.10.21          # the client's address (IPv4 or IPv6), as the server sees it
 *     name: client1              # → clientName (the agent's name)
 *     sink: avro_sink            # → sinkName (optional)
 *   - ip: 192.168.10.22          # two agents on one host, told apart ...
 *     serverPort: 21155          # ... by the listening port each one sends to
 *     name: client2a
 *     sink: sink_a
 *   - ip: 192.168.10.22          # ... or, on the same port, by the source port range its sink binds
 *     serverPort: 21154
 *     clientPorts: 41000-41099
 *     name: client2b
 *     attributes: {rack: r12}    # → the events' attributes (optional)
 * </pre>
 *
 * A connection takes the entry with the same address whose {@code serverPort} and
 * {@code clientPorts} (where given) match, the most specific first. Two entries that could both
 * claim the same connection with the same specificity are refused at load, naming both.
 */
public final class ClientMap {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** One client as the file names it. */
    public record Entry(String ip, Integer serverPort, PortRange clientPorts, String name, String sink,
                        Map<String, String> attributes) {

        public Entry {
            sink = sink == null ? "" : sink;
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }

        int specificity() {
            return (serverPort == null ? 0 : 1) + (clientPorts == null ? 0 : 1);
        }

        boolean matches(int localPort, int remotePort) {
            return (serverPort == null || serverPort == localPort)
                    && (clientPorts == null || clientPorts.contains(remotePort));
        }
    }

    /** An inclusive range of source ports, written {@code 41000-41099} (or one port). */
    public record PortRange(int from, int to) {

        static PortRange parse(String text) {
            String[] parts = text.trim().split("\\s*-\\s*");
            int from = Integer.parseInt(parts[0]);
            int to = parts.length > 1 ? Integer.parseInt(parts[1]) : from;
            if (parts.length > 2 || from < 1 || to > 65535 || from > to) {
                throw new IllegalArgumentException("'" + text + "' is not a port range such as 41000-41099");
            }
            return new PortRange(from, to);
        }

        boolean contains(int port) {
            return port >= from && port <= to;
        }

        boolean overlaps(PortRange other) {
            return from <= other.to && other.from <= to;
        }
    }

    private record Parsed(InetAddress address, Entry entry) {
    }

    private final List<Parsed> entries;

    private ClientMap(List<Parsed> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ClientMap empty() {
        return new ClientMap(List.of());
    }

    /** Reads and checks the file; throws with every problem, by entry number. */
    public static ClientMap load(Path file) throws IOException {
        RawFile raw = YAML.readValue(Files.readString(file), RawFile.class);
        var problems = new ArrayList<String>();
        var parsed = new ArrayList<Parsed>();
        List<RawEntry> list = raw == null || raw.clients() == null ? List.of() : raw.clients();
        for (int i = 0; i < list.size(); i++) {
            RawEntry e = list.get(i);
            String at = file.getFileName() + ": clients[" + i + "]";
            if (e.ip() == null || e.ip().isBlank()) {
                problems.add(at + ".ip: is required");
                continue;
            }
            if (e.name() == null || e.name().isBlank()) {
                problems.add(at + ".name: is required");
                continue;
            }
            InetAddress address;
            try {
                address = numeric(e.ip());
            } catch (UnknownHostException ex) {
                problems.add(at + ".ip: '" + e.ip() + "' is not an IP address");
                continue;
            }
            PortRange range = null;
            if (e.clientPorts() != null) {
                try {
                    range = PortRange.parse(e.clientPorts());
                } catch (RuntimeException ex) {
                    problems.add(at + ".clientPorts: " + ex.getMessage());
                    continue;
                }
            }
            if (e.serverPort() != null && (e.serverPort() < 1 || e.serverPort() > 65535)) {
                problems.add(at + ".serverPort: must be 1 to 65535");
                continue;
            }
            var entry = new Entry(TcpTable.text(address), e.serverPort(), range, e.name().trim(), e.sink(),
                    e.attributes());
            for (int j = 0; j < parsed.size(); j++) {
                if (ambiguous(parsed.get(j), address, entry)) {
                    problems.add(at + ": claims the same connections as clients[" + j + "] ("
                            + entry.ip() + "); tell them apart with serverPort or clientPorts");
                }
            }
            parsed.add(new Parsed(address, entry));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Client mapping " + file + " is not valid:\n  "
                    + String.join("\n  ", problems));
        }
        return new ClientMap(parsed);
    }

    /** Whether some connection would match both entries equally well, so neither could be chosen. */
    private static boolean ambiguous(Parsed earlier, InetAddress address, Entry entry) {
        Entry other = earlier.entry();
        return earlier.address().equals(address)
                && other.specificity() == entry.specificity()
                && (other.serverPort() == null || entry.serverPort() == null
                        || other.serverPort().equals(entry.serverPort()))
                && (other.clientPorts() == null || entry.clientPorts() == null
                        || other.clientPorts().overlaps(entry.clientPorts()));
    }

    /** The entry for a connection from {@code remote}:{@code remotePort} to local port {@code localPort}. */
    public Optional<Entry> resolve(InetAddress remote, int remotePort, int localPort) {
        Entry best = null;
        for (Parsed p : entries) {
            if (p.address().equals(remote) && p.entry().matches(localPort, remotePort)
                    && (best == null || p.entry().specificity() > best.specificity())) {
                best = p.entry();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every entry, for the clients expected at start. */
    public Collection<Entry> entries() {
        return entries.stream().map(Parsed::entry).toList();
    }

    /** An address literal only: a name in the mapping would make the probe depend on DNS at every start. */
    private static InetAddress numeric(String text) throws UnknownHostException {
        String t = text.trim();
        if (!t.matches("[0-9.]+") && !t.contains(":")) {
            throw new UnknownHostException(t);
        }
        return InetAddress.getByName(t);
    }

    record RawFile(List<RawEntry> clients) {
    }

    record RawEntry(String ip, Integer serverPort, String clientPorts, String name, String sink,
                    Map<String, String> attributes) {
    }
}
