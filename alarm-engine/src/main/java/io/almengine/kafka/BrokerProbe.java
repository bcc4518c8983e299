package io.almengine.kafka;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers, asked in the background with the cheapest request there is
 * (describe cluster) under a short timeout. Health reads the last answer and never waits on Kafka:
 * the pipeline's own state says nothing while its clients quietly retry against a broker that is gone.
 */
public final class BrokerProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);

    private final Admin admin;
    private final Duration interval;
    private final Duration timeout;
    private final ScheduledExecutorService scheduler;
    private volatile String problem;

    /** Starts checking every {@code interval}; the broker counts as reachable until a check says otherwise. */
    public BrokerProbe(Admin admin, Duration interval, Duration timeout) {
        this.admin = admin;
        this.interval = interval;
        this.timeout = timeout;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "broker-probe");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean reachable() {
        return problem == null;
    }

    /** Why the last check failed, or {@code null} when it succeeded. */
    public String problem() {
        return problem;
    }

    private void check() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + interval.toMillis(), TimeUnit.MILLISECONDS);
            if (problem != null) {
                LOG.info("Kafka answers again");
            }
            problem = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String why = e.getCause() != null ? e.getCause().toString() : e.toString();
            if (problem == null) {
                LOG.warn("Kafka does not answer: {}", why);
            }
            problem = why;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
