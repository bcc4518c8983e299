package io.almengine.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * The embedded default: a single-node Kafka broker in this JVM (KRaft combined mode, broker and
 * controller), listening on 127.0.0.1 only, with its data under the engine's data directory so a
 * second start finds the same topics and state. Storage is formatted on first start only, and a
 * lock file keeps a second engine off the same directory.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String BROKER_LISTENER = "PLAINTEXT";

    private final KafkaRaftServer server;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final int port;
    private boolean closed;

    private EmbeddedBroker(KafkaRaftServer server, FileChannel lockChannel, FileLock lock, int port) {
        this.server = server;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.port = port;
    }

    /** The only address the embedded broker listens on. */
    public static final String HOST = "127.0.0.1";

    /**
     * Starts the broker; returns once it is unfenced and accepting connections.
     *
     * @param dataDir directory for all Kafka state (created if needed, formatted on first use)
     * @param port    broker port on 127.0.0.1, 0 = pick a free one
     */
    public static EmbeddedBroker start(Path dataDir, int port) throws Exception {
        Path root = dataDir.toAbsolutePath();
        Path logDir = root.resolve("kafka-logs");
        // Separate metadata dir on purpose: KafkaRaftManager only takes the .lock of metadata.log.dir
        // up front when it differs from log.dirs. With a shared dir, a second instance on the same
        // data dir would start its controller and write the metadata log before failing on the lock.
        Path metadataDir = root.resolve("kafka-metadata");
        Files.createDirectories(logDir);
        Files.createDirectories(metadataDir);

        // Our own guard: if Kafka itself detects a locked dir during startup it reports a fatal
        // fault and Exit.halt()s the whole JVM. Fail with an exception instead.
        FileChannel lockChannel = FileChannel.open(root.resolve("embedded-kafka.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("the data directory " + root + " is in use by another engine");
        }

        try {
            int brokerPort = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            while (controllerPort == brokerPort) {
                controllerPort = freePort();
            }

            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", String.valueOf(NODE_ID));
            // Static voter set (kraft.version 0): the voter endpoint is taken from config on every
            // start, so the controller port may change between restarts.
            p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
            p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort
                    + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
            p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
            p.put("listener.security.protocol.map",
                    BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            p.put("controller.listener.names", CONTROLLER_LISTENER);
            p.put("inter.broker.listener.name", BROKER_LISTENER);
            p.put("log.dirs", logDir.toString());
            p.put("metadata.log.dir", metadataDir.toString());

            // single-node settings
            p.put("num.partitions", "1");
            p.put("default.replication.factor", "1");
            p.put("min.insync.replicas", "1");
            p.put("auto.create.topics.enable", "false");
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            // After an unclean stop (crash/kill) the controller refuses the re-registration of
            // node 1 until the old broker session expires (default 9 s + 2 s retry); keep it short.
            p.put("broker.heartbeat.interval.ms", "500");
            p.put("broker.session.timeout.ms", "2000");

            KafkaConfig config = new KafkaConfig(p, false);

            if (!Files.exists(metadataDir.resolve("meta.properties"))) {
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(NODE_ID)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setControllerListenerName(CONTROLLER_LISTENER)
                        .setMetadataLogDirectory(metadataDir.toString())
                        .addDirectory(metadataDir.toString())
                        .addDirectory(logDir.toString())
                        .setHasDynamicQuorum(false)
                        .run();
            }

            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup(); // blocks until the broker is unfenced and its listener is up
            } catch (Throwable t) {
                try {
                    server.shutdown();
                    server.awaitShutdown();
                } catch (Throwable suppressed) {
                    t.addSuppressed(suppressed);
                }
                throw t;
            }
            return new EmbeddedBroker(server, lockChannel, lock, brokerPort);
        } catch (Throwable t) {
            lock.release();
            lockChannel.close();
            throw t;
        }
    }

    /** "127.0.0.1:PORT" */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Controlled shutdown; returns when all Kafka threads have stopped and files are closed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // nothing useful to do
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
