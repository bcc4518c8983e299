package io.almengine.engine;

import io.almengine.collect.CollectSettings;
import io.almengine.notify.NotifySettings;
import io.almengine.pipeline.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * Every setting of the engine, with its default in one place ({@link #defaults()}). The CLI and
 * tests start from the defaults and change what they need.
 *
 * @param httpPort         HTTP port; 0 picks a free one
 * @param bind             address the HTTP server (and the embedded broker) listens on
 * @param dataDir          embedded broker data, Kafka Streams state, the admin token
 * @param definitionsDir   alarm definitions (one YAML per alarm type)
 * @param rulesDir         Drools rule files
 * @param runbooksDir      runbooks
 * @param kafkaBootstrap   an existing cluster; {@code null} starts the embedded broker
 * @param embeddedKafkaPort port of the embedded broker; 0 picks a free one
 * @param logRoots         the only folders the log-bundle collector may read
 * @param partitions       partitions of the engine's topics when it creates them
 * @param topics           topic names
 * @param applicationId    Kafka Streams application id: instances with the same id share the work
 * @param sweepInterval    how often deadlines are checked against the clock
 * @param allowedLateness  how long after a deadline, by the engine's clock, a link that no heard
 *                         reporter vouches for is judged, so an event that was on its way (a
 *                         producer's retry, a batch in flight) still cancels it; also how long a
 *                         reporter may go without a watermark before its links are judged so
 * @param clearedRetention how long a cleared alarm stays in {@code alm.alarms} before it is tombstoned
 * @param maxFutureSkew    events stamped further ahead of the engine clock are rejected
 * @param maxEventBytes    largest single event
 * @param maxBodyBytes     largest HTTP request body
 * @param clock            the engine's clock; tests inject their own
 * @param checkTimeout     how long a runbook check may take unless its runbook says less
 * @param collect          log bundles: size cap, secret patterns, zone of log timestamps without offset
 * @param streams          Kafka Streams threads, standby replicas, commit interval, session timeout, RocksDB memory
 * @param notifications    notifications: the routes file, the links' base URL, retries
 */
public record EngineConfig(
        int httpPort,
        String bind,
        Path dataDir,
        Path definitionsDir,
        Path rulesDir,
        Path runbooksDir,
        String kafkaBootstrap,
        int embeddedKafkaPort,
        List<Path> logRoots,
        int partitions,
        Topics topics,
        String applicationId,
        Duration sweepInterval,
        Duration allowedLateness,
        Duration clearedRetention,
        Duration maxFutureSkew,
        int maxEventBytes,
        int maxBodyBytes,
        Clock clock,
        Duration checkTimeout,
        CollectSettings collect,
        StreamsTuning streams,
        NotifySettings notifications) {

    /**
     * Masked in log bundles: the named group {@code secret}, or the whole match. Passwords, access
     * key ids and secrets (Alibaba Cloud LTAI…, AWS AKIA…), tokens and bearer credentials, as
     * {@code key=value}, {@code key: value}, JSON, and Fluentd's {@code shared_key value} lines.
     */
    public static final List<String> SECRET_PATTERNS = List.of(
            "(?i)(?:password|passwd|pwd)[\"']?\\s*[=:]\\s*[\"']?(?<secret>[^\\s\"',;&]+)",
            "\\b(?<secret>(?:LTAI|AKIA|ASIA)[A-Za-z0-9]{12,32})\\b",
            "(?i)(?:access[_-]?key[_-]?secret|secret[_-]?access[_-]?key|secret[_-]?key|shared[_-]?key|client[_-]?secret)"
                    + "[\"']?\\s*[=:]\\s*[\"']?(?<secret>[^\\s\"',;&]+)",
            "(?i)(?:token|api[_-]?key)[\"']?\\s*[=:]\\s*[\"']?(?<secret>[^\\s\"',;&]+)",
            "(?i)\\bbearer\\s+(?<secret>[A-Za-z0-9._~+/=-]+)",
            "(?i)^\\s*(?:shared_key|password|passwd)\\s+(?<secret>\\S+)");

    public static EngineConfig defaults() {
        Path repo = RepositoryFolders.root();
        return new EngineConfig(
                8080,
                "127.0.0.1",
                Path.of("data"),
                repo.resolve("alarm-definitions"),
                repo.resolve("rules"),
                repo.resolve("runbooks"),
                null,
                9092,
                List.of(),
                6,
                Topics.DEFAULT,
                "alm-engine",
                Duration.ofMillis(200),
                // A few producer retries and a commit or two: what ordinary delivery delays add up to.
                // Each second of it delays every raise no watermark vouches for by that second.
                Duration.ofSeconds(5),
                Duration.ofDays(30),
                Duration.ofMinutes(5),
                64 * 1024,
                1024 * 1024,
                Clock.systemUTC(),
                Duration.ofSeconds(5),
                new CollectSettings(256L * 1024 * 1024, SECRET_PATTERNS, ZoneId.systemDefault()),
                new StreamsTuning(2, 0, Duration.ofMillis(100), Duration.ofSeconds(10), 256L * 1024 * 1024,
                        Duration.ofMillis(100)),
                // Alertmanager-like retries: a receiver back after minutes is tried within a minute of it.
                new NotifySettings(repo.resolve("notifications").resolve("notifications.yaml"), false, null,
                        Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(2), 4));
    }

    public boolean embeddedKafka() {
        return kafkaBootstrap == null || kafkaBootstrap.isBlank();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few settings of an existing configuration. */
    public static final class Builder {
        private int httpPort;
        private String bind;
        private Path dataDir;
        private Path definitionsDir;
        private Path rulesDir;
        private Path runbooksDir;
        private String kafkaBootstrap;
        private int embeddedKafkaPort;
        private List<Path> logRoots;
        private int partitions;
        private Topics topics;
        private String applicationId;
        private Duration sweepInterval;
        private Duration allowedLateness;
        private Duration clearedRetention;
        private Duration maxFutureSkew;
        private int maxEventBytes;
        private int maxBodyBytes;
        private Clock clock;
        private Duration checkTimeout;
        private CollectSettings collect;
        private StreamsTuning streams;
        private NotifySettings notifications;

        private Builder(EngineConfig c) {
            httpPort = c.httpPort;
            bind = c.bind;
            dataDir = c.dataDir;
            definitionsDir = c.definitionsDir;
            rulesDir = c.rulesDir;
            runbooksDir = c.runbooksDir;
            kafkaBootstrap = c.kafkaBootstrap;
            embeddedKafkaPort = c.embeddedKafkaPort;
            logRoots = c.logRoots;
            partitions = c.partitions;
            topics = c.topics;
            applicationId = c.applicationId;
            sweepInterval = c.sweepInterval;
            allowedLateness = c.allowedLateness;
            clearedRetention = c.clearedRetention;
            maxFutureSkew = c.maxFutureSkew;
            maxEventBytes = c.maxEventBytes;
            maxBodyBytes = c.maxBodyBytes;
            clock = c.clock;
            checkTimeout = c.checkTimeout;
            collect = c.collect;
            streams = c.streams;
            notifications = c.notifications;
        }

        public Builder httpPort(int value) {
            httpPort = value;
            return this;
        }

        public Builder bind(String value) {
            bind = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder definitionsDir(Path value) {
            definitionsDir = value;
            return this;
        }

        public Builder rulesDir(Path value) {
            rulesDir = value;
            return this;
        }

        public Builder runbooksDir(Path value) {
            runbooksDir = value;
            return this;
        }

        public Builder kafkaBootstrap(String value) {
            kafkaBootstrap = value;
            return this;
        }

        public Builder embeddedKafkaPort(int value) {
            embeddedKafkaPort = value;
            return this;
        }

        public Builder logRoots(List<Path> value) {
            logRoots = value;
            return this;
        }

        public Builder partitions(int value) {
            partitions = value;
            return this;
        }

        public Builder topics(Topics value) {
            topics = value;
            return this;
        }

        public Builder applicationId(String value) {
            applicationId = value;
            return this;
        }

        public Builder sweepInterval(Duration value) {
            sweepInterval = value;
            return this;
        }

        public Builder allowedLateness(Duration value) {
            allowedLateness = value;
            return this;
        }

        public Builder clearedRetention(Duration value) {
            clearedRetention = value;
            return this;
        }

        public Builder maxFutureSkew(Duration value) {
            maxFutureSkew = value;
            return this;
        }

        public Builder maxEventBytes(int value) {
            maxEventBytes = value;
            return this;
        }

        public Builder maxBodyBytes(int value) {
            maxBodyBytes = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder checkTimeout(Duration value) {
            checkTimeout = value;
            return this;
        }

        public Builder collect(CollectSettings value) {
            collect = value;
            return this;
        }

        public Builder streams(StreamsTuning value) {
            streams = value;
            return this;
        }

        public Builder notifications(NotifySettings value) {
            notifications = value;
            return this;
        }

        public EngineConfig build() {
            return new EngineConfig(httpPort, bind, dataDir, definitionsDir, rulesDir, runbooksDir, kafkaBootstrap, embeddedKafkaPort, logRoots, partitions, topics, applicationId, sweepInterval, allowedLateness, clearedRetention, maxFutureSkew, maxEventBytes, maxBodyBytes, clock,
                    checkTimeout, collect, streams, notifications);
        }
    }
}
