package io.beliefstream.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker in this JVM.
 *
 * <ul>
 *   <li>Binds 127.0.0.1 only, on two free ports (client and controller listeners).
 *   <li>Keeps its data in a fresh temporary directory, deleted by {@link #close()}.
 *   <li>Every internal topic (offsets, transaction state, share-group state) has replication factor 1 and min ISR 1,
 *       so transactions work on one node.
 *   <li>Has no shutdown hook of its own: the owner closes it (the launcher does so on SIGINT/SIGTERM).
 * </ul>
 *
 * <p>Recipe from {@code shared/docs/stack.md}: write the properties, format the storage with
 * {@link StorageTool#execute}, start {@link KafkaRaftServer}, wait until {@link Admin#describeCluster()} answers.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    /** How long {@link #start()} waits for the broker to answer. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 5;

    private final Path dataDir;
    private final int brokerPort;
    private final Properties props;
    private KafkaRaftServer server;
    private volatile boolean closed;
    private boolean stopped;

    private EmbeddedKafka(Path dataDir, int brokerPort, Properties props, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.props = props;
        this.server = server;
    }

    /** Starts a broker with the default settings. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /**
     * Starts a broker; {@code overrides} are extra broker properties (for example a lower
     * {@code group.min.session.timeout.ms}) applied on top of the defaults.
     */
    public static EmbeddedKafka start(Map<String, String> overrides) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("beliefstream-kafka-");
                return startIn(dir, overrides);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the broker's data directory", e);
            } catch (RuntimeException e) {
                // a free port taken between probing and binding: try again on new ports
                last = e;
                LOG.warn("embedded Kafka failed to start (attempt {} of {}): {}", attempt, PORT_ATTEMPTS,
                        e.toString());
                deleteRecursively(dir);
            }
        }
        throw new IllegalStateException("embedded Kafka did not start after " + PORT_ATTEMPTS + " attempts", last);
    }

    private static EmbeddedKafka startIn(Path dir, Map<String, String> overrides) throws IOException {
        int brokerPort = freePort();
        int controllerPort = freePort();
        while (controllerPort == brokerPort) {
            controllerPort = freePort();
        }
        Properties props = brokerProperties(dir.resolve("logs"), brokerPort, controllerPort);
        props.putAll(overrides);
        Path propsFile = dir.resolve("server.properties");
        try (var out = Files.newOutputStream(propsFile)) {
            props.store(out, "BeliefStream embedded broker");
        }
        ByteArrayOutputStream toolOutput = new ByteArrayOutputStream();
        int code = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
            "--config", propsFile.toString(), "--ignore-formatted"},
                new PrintStream(toolOutput, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("formatting the embedded broker's storage failed (" + code + "): "
                    + toolOutput.toString(StandardCharsets.UTF_8));
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        EmbeddedKafka kafka = new EmbeddedKafka(dir, brokerPort, props, server);
        try {
            server.startup();
            kafka.awaitReady(DEFAULT_START_TIMEOUT);
        } catch (RuntimeException e) {
            kafka.stopServer();
            throw e;
        }
        LOG.info("embedded Kafka broker ready at {} (data in {})", kafka.bootstrapServers(), dir);
        return kafka;
    }

    /** The broker properties used; exposed for documentation and tests. */
    static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "4");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "8");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "8");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", "4194304");
        p.put("auto.create.topics.enable", "false");
        // fast failover for tests and the demo: clients may ask for a 6 s session timeout
        p.put("group.min.session.timeout.ms", "1000");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (Admin client = Admin.create(admin)) {
            while (true) {
                try {
                    int nodes = client.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (nodes > 0) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded Kafka did not answer within " + timeout, e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for embedded Kafka", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded Kafka did not answer within " + timeout);
                }
            }
        }
    }

    /** {@code 127.0.0.1:<port>}: the value for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The broker's data directory (deleted on close). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Stops the broker as a crash of its process would look to clients (connections refused), keeping its data and
     * its ports for {@link #restart()}: for tests of a broker outage under a running service. Idempotent.
     */
    public synchronized void stop() {
        if (closed || stopped) {
            return;
        }
        stopServer();
        stopped = true;
        LOG.info("embedded Kafka broker at {} stopped (data kept for a restart)", bootstrapServers());
    }

    /**
     * Starts a stopped broker again on the same ports with the same data (topics, committed offsets, transactions),
     * and waits until it answers. Does nothing while it runs.
     *
     * @throws IllegalStateException when it is closed, or does not come back within {@link #DEFAULT_START_TIMEOUT}
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("the embedded broker is closed");
        }
        if (!stopped) {
            return;
        }
        server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        awaitReady(DEFAULT_START_TIMEOUT);
        stopped = false;
        LOG.info("embedded Kafka broker at {} restarted", bootstrapServers());
    }

    /** Stops the broker and deletes its data. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!stopped) {
            stopServer();
        }
        deleteRecursively(dataDir);
        LOG.info("embedded Kafka broker stopped, data removed");
    }

    private void stopServer() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("error while stopping the embedded broker", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("could not delete {}", p, e);
                }
            });
        } catch (IOException e) {
            LOG.warn("could not remove the broker's data directory {}", dir, e);
        }
    }
}
