package io.beliefstream.streams;

import io.beliefstream.models.ModelInfo;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.streams.internal.Engine;
import io.beliefstream.streams.internal.EngineVerticle;
import io.beliefstream.streams.internal.PollLoop;
import io.beliefstream.streams.internal.StateTopicReader;
import io.beliefstream.streams.internal.CodebookTopic;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running engine instance: creates missing topics, deploys the engine verticle (a Vert.x worker) and starts the
 * poll thread. Instances with the same {@link EngineConfig#groupId()} form one consumer group and split the
 * partitions of the observations topic.
 */
public final class StreamsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    private final Vertx vertx;
    private final String deploymentId;
    private final PollLoop pollLoop;
    private final Thread pollThread;
    private final EngineStats stats;
    private final StateTopicReader stateReader;
    private final EngineVerticle verticle;
    private volatile ModelInfo modelInfo;
    private volatile ModelSet models;
    private final String instanceId;
    private volatile boolean closed;

    private StreamsService(Vertx vertx, String deploymentId, PollLoop pollLoop,
            Thread pollThread, EngineStats stats, ModelInfo modelInfo, String instanceId, StateTopicReader stateReader,
            EngineVerticle verticle, ModelSet models) {
        this.models = models;
        this.stateReader = stateReader;
        this.verticle = verticle;
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.pollLoop = pollLoop;
        this.pollThread = pollThread;
        this.stats = stats;
        this.modelInfo = modelInfo;
        this.instanceId = instanceId;
    }

    /** Starts an engine instance serving {@code model}. */
    public static StreamsService start(Vertx vertx, EngineConfig configured, SequenceModel model) {
        return start(vertx, configured, ModelSet.of(model));
    }

    /** Starts an engine instance serving {@code models}; restores the scorer's codebook from the codebooks topic. */
    public static StreamsService start(Vertx vertx, EngineConfig configured, ModelSet models) {
        EngineConfig config = configured.withGeneratedInstanceId();
        TopicAdmin.ensureTopics(config);
        String instanceId = config.transactionalId();
        EngineStats stats = new EngineStats();
        // initTransactions aborts whatever a previous incarnation with the same transactional id left open
        java.util.function.Supplier<KafkaProducer<byte[], byte[]>> producers = () -> {
            KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerProps(config, instanceId),
                    new ByteArraySerializer(), new ByteArraySerializer());
            try {
                p.initTransactions();
                return p;
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
        };
        StateTopicReader stateReader = new StateTopicReader(config, instanceId + "-state-reader");
        Engine engine = new Engine(config, models, stats, stateReader);
        if (engine.codebookKey() != null) {
            byte[] snapshot = CodebookTopic.latest(config, engine.codebookKey());
            if (snapshot != null) {
                engine.restoreCodebook(snapshot);
                LOG.info("restored the {} codebook from {}", engine.codebookKey(), config.topics().codebooks());
            }
        }
        EngineVerticle verticle;
        try {
            verticle = new EngineVerticle(engine, producers, config.topics().codebooks(),
                    config.codebookSnapshotInterval(), config.transactionTimeout());
        } catch (RuntimeException e) {
            stateReader.close();
            throw e;
        }
        String deploymentId;
        try {
            deploymentId = vertx.deployVerticle(verticle, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            verticle.closeProducer(Duration.ZERO);
            stateReader.close();
            throw new IllegalStateException("cannot deploy the engine verticle", e);
        }
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(config, instanceId),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        PollLoop loop = new PollLoop(config, consumer, verticle, stateReader);
        Thread thread = new Thread(loop, instanceId + "-poll");
        thread.setDaemon(false);
        thread.start();
        ModelInfo info = models.forecaster().info();
        LOG.info("engine {} started: forecaster {} {} (dim {}, horizons {}), scorer {}, group {}, topic {}", instanceId,
                info.name(), info.version(), info.inputDim(), java.util.Arrays.toString(info.horizons()),
                models.scorer() == null ? "none" : models.scorer().info().name() + " " + models.scorer().info().version(),
                config.groupId(), config.topics().observations());
        return new StreamsService(vertx, deploymentId, loop, thread, stats, info, instanceId, stateReader,
                verticle, models);
    }

    static Map<String, Object> consumerProps(EngineConfig config, String instanceId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceId + "-consumer");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, config.sessionTimeout().toMillis() / 5));
        if (config.staticMembership()) {
            // a restart with the same instance id takes its predecessor's place without a rebalance
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
        }
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
        return p;
    }

    /** The engine producer's {@code linger.ms}: its sends wait for the transaction's commit (which flushes). */
    static final int PRODUCER_LINGER_MS = 100;
    /** The engine producer's {@code retry.backoff.ms} (the first retry; later ones back off exponentially). */
    static final int PRODUCER_RETRY_BACKOFF_MS = 5;

    static Map<String, Object> producerProps(EngineConfig config, String instanceId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, instanceId + "-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
        // every send is part of a transaction and commitTransaction flushes the accumulator: lingering lets a batch's
        // predictions and checkpoints leave in one produce request per partition leader at commit time instead of
        // many small ones while the poll thread is still sending (fewer broker requests; measured in benchmarks.md)
        p.put(ProducerConfig.LINGER_MS_CONFIG, PRODUCER_LINGER_MS);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // CONCURRENT_TRANSACTIONS: a transaction's first AddOffsetsToTxn or produce often reaches the coordinator while
        // it is still writing the previous transaction's markers; with the default 100 ms backoff every such retry
        // stalled a batch for 100 ms (about 1 batch in 15 at 10,000 obs/s). Retries back off exponentially from 5 ms
        // up to retry.backoff.max.ms (1 s), so a persistent error is not hammered.
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, PRODUCER_RETRY_BACKOFF_MS);
        // how long a transactional call may block while the broker is away before the poll loop recovers
        // (docs/engine.md, "Broker outages"); the defaults are Kafka's (60 s, 30 s, 120 s)
        long timeout = config.producerTimeout().toMillis();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeout / 2));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, 2 * timeout));
        return p;
    }

    /** Waits until this instance owns partitions for the first time. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return pollLoop.awaitAssignment(timeout);
    }

    /** Partitions of the observations topic this instance owns now. */
    public List<TopicPartition> assignment() {
        return pollLoop.assignment();
    }

    public EngineStats stats() {
        return stats;
    }

    public ModelInfo modelInfo() {
        return modelInfo;
    }

    public String instanceId() {
        return instanceId;
    }

    /** Ready to serve: running, owning partitions, not reading checkpoints back and not recovering from an outage. */
    public boolean isReady() {
        return isRunning() && !pollLoop.assignment().isEmpty() && !pollLoop.isRestoring() && !pollLoop.isRecovering();
    }

    /**
     * Activates other models between batches, without a restart. Each part of the streams' states is kept when the
     * new model of that part has the same state format, re-initialised otherwise (see
     * {@link io.beliefstream.streams.internal.Engine#activate(ModelSet)}).
     *
     * @return whether the streams' beliefs (forecaster states) were kept
     */
    public boolean activate(ModelSet next) {
        try {
            boolean kept = verticle.activate(next).get(60, TimeUnit.SECONDS);
            modelInfo = next.forecaster().info();
            models = next;
            return kept;
        } catch (Exception e) {
            throw new IllegalStateException("activating model " + next.forecaster().info().name() + " failed", e);
        }
    }

    /** The online codebook's statistics as of the last batch, or {@code null} without a scorer (any thread). */
    public io.beliefstream.models.CodebookStats codebookStats() {
        return verticle.codebookStats();
    }

    /** The models served now. */
    public ModelSet models() {
        return models;
    }

    /** Approximate heap bytes held by the in-memory streams (states, ids, table entries), read between batches. */
    public long streamHeapBytes() {
        return verticle.heapBytes().join();
    }

    /** Whether the poll loop is still running; a stopped loop's cause is {@link #failure()}. */
    public boolean isRunning() {
        return !pollLoop.isStopped();
    }

    public Throwable failure() {
        return pollLoop.failure();
    }

    /** Stops polling (committing what was published), undeploys the verticle, closes the producer. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pollLoop.stop(Duration.ofSeconds(30));
            pollThread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("undeploying the engine verticle failed", e);
        }
        verticle.closeProducer(Duration.ofSeconds(5));
        stateReader.close();
        LOG.info("engine {} stopped", instanceId);
    }
}
