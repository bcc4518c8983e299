package io.almengine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client mapping file: the documented example, several agents on one host, and what is refused. */
class ClientMapTest {

    /** The example of ClientMap's documentation and the README, as an operator writes it. */
    static final String EXAMPLE = """
            clients:
              - ip: 192.168.10.21
                name: client1
                sink: avro_sink
              - ip: 192.168.10.22
                serverPort: 21155
                name: client2a
                sink: sink_a
              - ip: 192.168.10.22
                serverPort: 21154
                clientPorts: 41000-41099
                name: client2b
                attributes: {rack: r12}
              - ip: "::1"
                name: local6
            """;

    @TempDir
    Path tmp;

    @Test
    void theDocumentedExampleNamesItsClients() throws IOException {
        ClientMap map = load(EXAMPLE);
        ClientMap.Entry one = map.resolve(ip("192.168.10.21"), 50123, 21154).orElseThrow();
        assertEquals("client1", one.name());
        assertEquals("avro_sink", one.sink());
        assertEquals("local6", map.resolve(ip("0:0:0:0:0:0:0:1"), 1, 21154).orElseThrow().name());
        assertEquals(Optional.empty(), map.resolve(ip("192.168.10.99"), 1, 21154));
    }

    @Test
    void agentsOnOneHostAreToldApartByServerPortOrSourcePorts() throws IOException {
        ClientMap map = load(EXAMPLE);
        InetAddress host = ip("192.168.10.22");
        assertEquals("client2a", map.resolve(host, 50000, 21155).orElseThrow().name(), "by the port it sends to");
        ClientMap.Entry b = map.resolve(host, 41050, 21154).orElseThrow();
        assertEquals("client2b", b.name(), "by its source port range");
        assertEquals(Map.of("rack", "r12"), b.attributes());
        assertEquals("", b.sink());
        assertEquals(Optional.empty(), map.resolve(host, 50000, 21154), "neither: unknown, not guessed");
    }

    @Test
    void theMostSpecificEntryWins() throws IOException {
        ClientMap map = load("""
                clients:
                  - {ip: 10.0.0.5, name: any}
                  - {ip: 10.0.0.5, serverPort: 21154, name: on-21154}
                  - {ip: 10.0.0.5, serverPort: 21154, clientPorts: 40000-40010, name: exact}
                """);
        assertEquals("exact", map.resolve(ip("10.0.0.5"), 40005, 21154).orElseThrow().name());
        assertEquals("on-21154", map.resolve(ip("10.0.0.5"), 50000, 21154).orElseThrow().name());
        assertEquals("any", map.resolve(ip("10.0.0.5"), 50000, 9999).orElseThrow().name());
    }

    @Test
    void entriesThatCouldClaimTheSameConnectionAreRefusedNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> load("""
                clients:
                  - {ip: 10.0.0.5, name: a, clientPorts: 40000-40100}
                  - {ip: 10.0.0.5, name: b, clientPorts: 40100-40200}
                  - {ip: 10.0.0.6, name: c}
                  - {ip: 10.0.0.6, name: d}
                  - {ip: 10.0.0.7, name: e, serverPort: 21154}
                  - {ip: 10.0.0.7, name: f, clientPorts: 41000-41099}
                """));
        assertTrue(e.getMessage().contains("clients[1]: claims the same connections as clients[0]"), e.getMessage());
        assertTrue(e.getMessage().contains("clients[3]: claims the same connections as clients[2]"), e.getMessage());
        assertTrue(e.getMessage().contains("clients[5]: claims the same connections as clients[4]"),
                "port 21154 from 41000: both match, neither more precisely: " + e.getMessage());
    }

    @Test
    void missingNamesHostNamesAndBadRangesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> load("""
                clients:
                  - {ip: 10.0.0.5}
                  - {ip: flume-client.example.com, name: x}
                  - {ip: 10.0.0.7, name: y, clientPorts: 500-100}
                """));
        assertTrue(e.getMessage().contains("clients[0].name: is required"), e.getMessage());
        assertTrue(e.getMessage().contains("clients[1].ip: 'flume-client.example.com' is not an IP address"),
                e.getMessage());
        assertTrue(e.getMessage().contains("clients[2].clientPorts:"), e.getMessage());
    }

    private ClientMap load(String yaml) throws IOException {
        Path file = tmp.resolve("clients-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        return ClientMap.load(file);
    }

    private static InetAddress ip(String text) throws IOException {
        return InetAddress.getByName(text);
    }
}
