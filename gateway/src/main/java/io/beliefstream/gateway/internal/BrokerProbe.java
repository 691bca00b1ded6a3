package io.beliefstream.gateway.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the Kafka cluster answers, for readiness: an {@link Admin#describeCluster} with a bounded timeout, started
 * by {@link #probe()} (the gateway calls it every {@link #INTERVAL}); one at a time, asynchronous, never on the
 * caller's thread. The broker is reported down from the first probe that fails or times out until one succeeds, so a
 * lost broker shows in {@code /health/ready} within {@code INTERVAL + TIMEOUT}. Kafka clients themselves only retry
 * and log while the broker is away (a consumer keeps its assignment, a producer blocks): their state says nothing.
 */
public final class BrokerProbe implements AutoCloseable {
    /** Time between probes. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /** How long one probe waits for the cluster's answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile boolean up;
    private volatile String lastError = "not probed yet";

    public BrokerProbe(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "beliefstream-gateway-probe-" + UUID.randomUUID().toString()
                .substring(0, 8));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        this.admin = Admin.create(p);
        probe();
    }

    /** Starts a probe unless one is running. */
    public void probe() {
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis())).nodes()
                    .whenComplete((nodes, error) -> {
                        up = error == null && !nodes.isEmpty();
                        lastError = error != null ? String.valueOf(error.getMessage())
                                : nodes.isEmpty() ? "the cluster has no node" : null;
                        inFlight.set(false);
                    });
        } catch (RuntimeException e) {
            up = false;
            lastError = String.valueOf(e.getMessage());
            inFlight.set(false);
        }
    }

    /** True when the last finished probe had an answer from the cluster. */
    public boolean isUp() {
        return up;
    }

    /** Why the last probe failed, or null after a success. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
