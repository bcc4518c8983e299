package io.almengine.testing;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.AlarmDefinition.Heartbeats;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import java.time.Instant;
import java.util.Map;

/**
 * Heartbeat senders of the shipped heartbeat alarm types, to write their events in one line each:
 * a Logtail agent ({@link Logtail}) and a Fluentd forwarder's link to one aggregator ({@link Fluentd}).
 */
public final class Agents {

    private static int next = 1;

    private Agents() {
    }

    private static synchronized int nextNumber() {
        return next++;
    }

    /** The shipped definition of {@code id}, with its heartbeats block replaced (for unit tests of the mechanism). */
    public static AlarmDefinition shipped(int id, Heartbeats heartbeats) {
        AlarmDefinition d = DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
                EngineHarness.repoFolder("runbooks")).byId(id).orElseThrow();
        return new AlarmDefinition(d.id(), d.name(), d.nameZh(), d.severity(), d.autoClear(), d.component(),
                d.raiseAfter(), d.requiredEventFields(), d.settings(), d.parameters(), d.impact(), d.causes(),
                d.runbook(), d.logBundle(), heartbeats, d.peers(), d.scope());
    }

    /** One Logtail agent: no server side; machine group and endpoint travel as attributes. */
    public record Logtail(String source, String clientIp, String clientName, String machineGroup, String endpoint) {

        /** An agent no other test uses. */
        public static Logtail fresh() {
            int n = nextNumber();
            return new Logtail("project-a", "10.2." + (n / 250) + "." + (n % 250 + 1), "host-" + n, "group-web",
                    "cn-hangzhou-intranet.log.aliyuncs.com");
        }

        /** Another agent on the same machine (same IP), told apart by its name. */
        public Logtail sibling(String name) {
            return new Logtail(source, clientIp, name, machineGroup, endpoint);
        }

        public ConnectionEvent heartbeat(Instant at) {
            return event(EventType.HEARTBEAT, at);
        }

        public ConnectionEvent event(EventType type, Instant at) {
            return new ConnectionEvent(type, at, "logtail", source, clientIp, clientName, "", null, null,
                    Map.of("machineGroup", machineGroup, "endpoint", endpoint));
        }

        public String connectionId() {
            return heartbeat(Instant.EPOCH).connectionId();
        }
    }

    /** One forwarder → aggregator link of a Fluentd forwarder (its out_forward {@code sinkName}). */
    public record Fluentd(String source, String clientIp, String clientName, String sinkName, String aggregator,
                          int port, String role, String group) {

        /** The primary aggregator link of a forwarder no other test uses. */
        public static Fluentd freshPrimary() {
            int n = nextNumber();
            return new Fluentd("cluster-f", "10.3." + (n / 250) + "." + (n % 250 + 1), "forwarder-" + n,
                    "forward_ha", "192.168.1.6", 24224, "primary", "boobooha");
        }

        /** The same forwarder's link to its standby aggregator. */
        public Fluentd standby() {
            return new Fluentd(source, clientIp, clientName, sinkName, "192.168.1.7", port, "standby", group);
        }

        /** Another forwarder process on the same host (same IP), with the same aggregators. */
        public Fluentd sibling(String name) {
            return new Fluentd(source, clientIp, name, sinkName, aggregator, port, role, group);
        }

        public ConnectionEvent heartbeat(Instant at) {
            return event(EventType.HEARTBEAT, at);
        }

        public ConnectionEvent event(EventType type, Instant at) {
            return new ConnectionEvent(type, at, "fluentd", source, clientIp, clientName, sinkName, aggregator, port,
                    Map.of("role", role, "aggregatorGroup", group));
        }

        public String connectionId() {
            return heartbeat(Instant.EPOCH).connectionId();
        }
    }
}
