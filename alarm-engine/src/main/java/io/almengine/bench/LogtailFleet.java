package io.almengine.bench;

import io.almengine.model.ConnectionId;
import io.almengine.model.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A synthetic fleet of Logtail agents (ALM-24101), each a function of its index, as the relay of
 * their heartbeats sends them: component {@code logtail}, no server side, machine group and
 * endpoint as attributes. Agent {@code i} belongs to one of 100 machine groups and reports to one
 * of 4 endpoints.
 * <p>{@code source} is the project name in every event: two fleets with different sources share no agent.
 */
record LogtailFleet(String source, int size) implements Fleet {

    static final String COMPONENT = "logtail";
    private static final String[] ENDPOINTS = {"cn-hangzhou-intranet.log.aliyuncs.com",
        "cn-shanghai-intranet.log.aliyuncs.com", "cn-beijing-intranet.log.aliyuncs.com",
        "cn-shenzhen-intranet.log.aliyuncs.com"};

    @Override
    public String connectionId(int i) {
        return new ConnectionId(source, COMPONENT, "", clientIp(i), clientName(i), "").toString();
    }

    /**
     * An agent has no link that goes up or down: whatever the bench asks for, what the agent sends
     * is a heartbeat at that time. A "disconnect" is its last heartbeat before it falls silent, a
     * "reconnect" the first one after.
     */
    @Override
    public byte[] event(int i, EventType type, Instant time) {
        String json = "{\"type\":\"HEARTBEAT\",\"time\":\"" + time + "\",\"component\":\"" + COMPONENT
                + "\",\"source\":\"" + source + "\",\"clientIp\":\"" + clientIp(i) + "\",\"clientName\":\""
                + clientName(i) + "\",\"attributes\":{\"machineGroup\":\"" + machineGroup(i) + "\",\"endpoint\":\""
                + ENDPOINTS[i % ENDPOINTS.length] + "\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean heartbeatsOnly() {
        return true;
    }

    /**
     * The last round ends just before {@code now}: every agent must have beaten within the
     * threshold when the engine has drained the backlog, or the whole fleet would be raised.
     */
    @Override
    public Instant backlogBase(Instant now, int rounds, Duration interval) {
        return now.minus(interval.multipliedBy(rounds - 1L)).minus(interval.dividedBy(2));
    }

    private static String clientIp(int i) {
        return "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff);
    }

    private static String clientName(int i) {
        return "logtail-" + i;
    }

    private static String machineGroup(int i) {
        return "group-" + (i % 100);
    }
}
