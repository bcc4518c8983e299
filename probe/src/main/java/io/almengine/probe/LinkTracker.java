package io.almengine.probe;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns samples of the socket table into events: a client that appears is CONNECTED, one that
 * goes is DISCONNECTED (both stamped with the sample that saw it), and a connected client gets a
 * HEARTBEAT every heartbeat interval.
 *
 * <p>After a (re)start the probe does not know what the engine last heard, only which clients it
 * knew (state file) and expects (mapping). So every known client starts <em>unsettled</em>:
 * <ul>
 *   <li>present at a sample → CONNECTED then; if the engine already thought so, that changes
 *       nothing (no flap), and if the client came back while the probe was down, the alarm
 *       clears;</li>
 *   <li>absent → DISCONNECTED once it has stayed absent for the start grace, stamped with the
 *       first sample that found it absent. That is when the probe knows it was gone: a client that
 *       left while the probe was down is never forgotten, and its alarm never comes early (at
 *       worst late by the probe's downtime; transitions that were queued but unsent when the probe
 *       stopped are kept in the state file and sent with their true times first).</li>
 * </ul>
 */
public final class LinkTracker {

    private final ProbeConfig config;
    private final ClientMap clients;
    private final Map<String, Link> links = new LinkedHashMap<>();

    /** What the tracker knows of one client link. {@code up} is null while unsettled since the start. */
    private record Link(ConnectionEvent template, Boolean up, Instant lastReport, Instant absentSince) {
    }

    /**
     * @param known links of an earlier run (their last transition events), as the state file kept them;
     *              links of another configuration (other component, source, server or port) are left out
     */
    public LinkTracker(ProbeConfig config, ClientMap clients, Collection<ConnectionEvent> known) {
        this.config = config;
        this.clients = clients;
        for (ConnectionEvent event : known) {
            if (ours(event)) {
                // Reported by this probe as it is configured now, whatever name it had before.
                links.put(event.connectionId(), new Link(event.withReporter(config.reporterName()), null, null, null));
            }
        }
        for (ClientMap.Entry entry : clients.entries()) {
            Integer port = entry.serverPort() != null ? entry.serverPort()
                    : config.ports().size() == 1 ? config.ports().get(0) : null;
            if (port != null && config.ports().contains(port)) {
                ConnectionEvent template = template(entry.ip(), entry.name(), entry.sink(), port, entry.attributes());
                links.putIfAbsent(template.connectionId(), new Link(template, null, null, null));
            }
        }
    }

    private boolean ours(ConnectionEvent event) {
        return event.component().equals(config.component()) && event.source().equals(config.source())
                && event.serverHost().equals(config.serverHost()) && event.serverPort() != null
                && config.ports().contains(event.serverPort());
    }

    /** The events a sample at {@code now} of the watched ports' established connections means. */
    public List<ConnectionEvent> sample(Instant now, List<TcpTable.Socket> established) {
        var present = new LinkedHashMap<String, ConnectionEvent>();
        for (TcpTable.Socket socket : established) {
            identify(socket).ifPresent(t -> present.putIfAbsent(t.connectionId(), t));
        }
        var out = new ArrayList<ConnectionEvent>();
        for (ConnectionEvent template : present.values()) {
            String id = template.connectionId();
            Link link = links.get(id);
            if (link == null || !Boolean.TRUE.equals(link.up())) {
                out.add(at(template, EventType.CONNECTED, now));
                links.put(id, new Link(template, true, now, null));
            } else if (!Duration.between(link.lastReport(), now).minus(config.heartbeatInterval()).isNegative()) {
                out.add(at(template, EventType.HEARTBEAT, now));
                links.put(id, new Link(template, true, now, null));
            }
        }
        var gone = new HashSet<>(links.keySet());
        gone.removeAll(present.keySet());
        for (String id : gone) {
            Link link = links.get(id);
            if (Boolean.TRUE.equals(link.up())) {
                out.add(at(link.template(), EventType.DISCONNECTED, now));
                links.put(id, new Link(link.template(), false, null, null));
            } else if (link.up() == null) {
                Instant since = link.absentSince() == null ? now : link.absentSince();
                if (Duration.between(since, now).compareTo(config.startGrace()) >= 0) {
                    out.add(at(link.template(), EventType.DISCONNECTED, since));
                    links.put(id, new Link(link.template(), false, null, null));
                } else {
                    links.put(id, new Link(link.template(), null, null, since));
                }
            }
        }
        return out;
    }

    /**
     * The earliest time a DISCONNECTED not yet reported will carry: a client found absent after the
     * start is reported only once the start grace is over, dated when it was first found absent.
     * {@code null} when none is pending. The probe's watermark stays before it: nothing it has not
     * sent may be dated at or before its watermark.
     */
    public Instant unreportedSince() {
        Instant earliest = null;
        for (Link link : links.values()) {
            if (link.up() == null && link.absentSince() != null
                    && (earliest == null || link.absentSince().isBefore(earliest))) {
                earliest = link.absentSince();
            }
        }
        return earliest;
    }

    /** Every link known so far, as a template event, for the state file. */
    public List<ConnectionEvent> known() {
        return links.values().stream().map(l -> at(l.template(), EventType.CONNECTED, Instant.EPOCH)).toList();
    }

    private Optional<ConnectionEvent> identify(TcpTable.Socket socket) {
        InetAddress remote = socket.remoteAddress();
        Optional<ClientMap.Entry> entry = clients.resolve(remote, socket.remotePort(), socket.localPort());
        if (entry.isPresent()) {
            ClientMap.Entry e = entry.get();
            return Optional.of(template(e.ip(), e.name(), e.sink(), socket.localPort(), e.attributes()));
        }
        if (!config.reportUnmapped()) {
            return Optional.empty();
        }
        return Optional.of(template(TcpTable.text(remote), "", "", socket.localPort(), Map.of()));
    }

    private ConnectionEvent template(String ip, String name, String sink, int port, Map<String, String> attributes) {
        return new ConnectionEvent(EventType.CONNECTED, Instant.EPOCH, config.component(), config.source(), ip, name,
                sink, config.serverHost(), port, attributes, config.reporterName());
    }

    private static ConnectionEvent at(ConnectionEvent template, EventType type, Instant time) {
        return new ConnectionEvent(type, time, template.component(), template.source(), template.clientIp(),
                template.clientName(), template.sinkName(), template.serverHost(), template.serverPort(),
                template.attributes(), template.reporter());
    }
}
