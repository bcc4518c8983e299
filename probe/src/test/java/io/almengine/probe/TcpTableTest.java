package io.almengine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reading the kernel's socket tables, against real sockets the test opens: a plain IPv4 socket
 * (in /proc/net/tcp), a Java dual-stack socket (in /proc/net/tcp6 as ::ffff:127.0.0.1) and, where
 * the machine has IPv6, a ::1 socket.
 */
class TcpTableTest {

    private static final Path PROC_NET = Path.of("/proc/net");

    @Test
    void anIpv4OnlySocketIsReadFromTcp() throws IOException {
        assumeTrue(Files.isReadable(PROC_NET.resolve("tcp")), "needs Linux /proc/net/tcp");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET)) {
            client.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                int serverPort = ((InetSocketAddress) server.getLocalAddress()).getPort();
                int clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
                List<TcpTable.Socket> inTcp = TcpTable.read(PROC_NET.resolve("tcp")).stream()
                        .filter(s -> s.localPort() == serverPort && s.established()).toList();
                assertEquals(1, inTcp.size(), "the server end, in the IPv4 table");
                assertEquals(InetAddress.getByName("127.0.0.1"), inTcp.get(0).remoteAddress());
                assertEquals(clientPort, inTcp.get(0).remotePort());
                assertEquals("127.0.0.1", TcpTable.text(inTcp.get(0).localAddress()));
                assertEquals(List.of(inTcp.get(0)), TcpTable.clientsOf(PROC_NET, Set.of(serverPort)));
            }
        }
    }

    @Test
    void aJavaDualStackSocketIsReadFromTcp6AsAnIpv4Client() throws IOException {
        assumeTrue(Files.isReadable(PROC_NET.resolve("tcp6")), "needs IPv6 in the kernel");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            List<TcpTable.Socket> inTcp6 = TcpTable.read(PROC_NET.resolve("tcp6")).stream()
                    .filter(s -> s.localPort() == server.getLocalPort() && s.established()).toList();
            assumeTrue(!inTcp6.isEmpty(), "this JVM opened an IPv4-only socket (java.net.preferIPv4Stack)");
            assertEquals(1, inTcp6.size());
            TcpTable.Socket seen = inTcp6.get(0);
            assertEquals("127.0.0.1", TcpTable.text(seen.remoteAddress()), "::ffff:127.0.0.1 read as IPv4");
            assertEquals(client.getLocalPort(), seen.remotePort());
            assertEquals(List.of(seen), TcpTable.clientsOf(PROC_NET, Set.of(server.getLocalPort())));
        }
    }

    @Test
    void anIpv6LoopbackClientIsReadWithItsShortAddress() throws IOException {
        assumeTrue(Files.isReadable(PROC_NET.resolve("tcp6")), "needs IPv6 in the kernel");
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.INET6).bind(new InetSocketAddress("::1", 0));
        } catch (IOException e) {
            assumeTrue(false, "no ::1 on this machine: " + e.getMessage());
            return;
        }
        try (server; SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET6)) {
            client.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
                List<TcpTable.Socket> seen = TcpTable.clientsOf(PROC_NET, Set.of(port));
                assertEquals(1, seen.size());
                assertEquals("::1", TcpTable.text(seen.get(0).remoteAddress()));
            }
        }
    }

    @Test
    void aClosedClientLeavesTheEstablishedSet() throws Exception {
        assumeTrue(Files.isReadable(PROC_NET.resolve("tcp")), "needs Linux /proc/net/tcp");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
            client.connect(server.getLocalAddress());
            SocketChannel accepted = server.accept();
            assertEquals(1, TcpTable.clientsOf(PROC_NET, Set.of(port)).size());
            client.close();
            accepted.close();
            assertEquals(List.of(), TcpTable.clientsOf(PROC_NET, Set.of(port)));
        }
    }

    @Test
    void linesAreDecodedWordByWordInHostOrder() throws Exception {
        assumeTrue(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN, "examples are x86 tables");
        TcpTable.Socket v4 = TcpTable.parse(
                "   3: 0A01A8C0:5492 1500A8C0:A1B2 01 00000000:00000000 00:00000000 00000000  1000        0 4242 1");
        assertEquals("192.168.1.10", TcpTable.text(v4.localAddress()));
        assertEquals(21650, v4.localPort());
        assertEquals("192.168.0.21", TcpTable.text(v4.remoteAddress()));
        assertEquals(0xA1B2, v4.remotePort());
        assertTrue(v4.established());

        TcpTable.Socket mapped = TcpTable.parse("   0: 0000000000000000FFFF00000100007F:5EE0 "
                + "0000000000000000FFFF00001500A8C0:C350 01 00000000:00000000 00:00000000 00000000 1000 0 1 1");
        assertEquals("127.0.0.1", TcpTable.text(mapped.localAddress()));
        assertEquals("192.168.0.21", TcpTable.text(mapped.remoteAddress()));

        TcpTable.Socket v6 = TcpTable.parse("   1: 00000000000000000000000001000000:1F90 "
                + "B80D0120000000000000000001000000:D431 0A 00000000:00000000 00:00000000 00000000 1000 0 1 1");
        assertEquals("::1", TcpTable.text(v6.localAddress()));
        assertEquals("2001:db8::1", TcpTable.text(v6.remoteAddress()));
        assertTrue(!v6.established(), "0A is LISTEN");

        assertNull(TcpTable.parse("  sl  local_address rem_address   st tx_queue rx_queue"), "the header is not a socket");
    }
}
