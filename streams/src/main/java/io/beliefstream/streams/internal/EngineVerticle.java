package io.beliefstream.streams.internal;

import io.beliefstream.streams.EngineStats;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine verticle, deployed as a worker: for each poll handed over by the {@link PollLoop} it runs
 * {@link Engine#process} and publishes everything in ONE Kafka transaction: predictions, dead letters, the changed
 * streams' checkpoints and the consumed offsets ({@code sendOffsetsToTransaction} with the consumer's group
 * metadata, so a zombie instance is fenced by the group generation). Tasks run one at a time, in order, on the
 * verticle's worker context, which confines the engine and its per-stream state.
 *
 * <p>Any failure to commit aborts the transaction and stops the instance: its in-memory state may be ahead of what
 * was committed, and the only exact way back is a restart that restores from the state topic.
 */
public final class EngineVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(EngineVerticle.class);
    private final Engine engine;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String codebooksTopic;
    private final long snapshotIntervalNanos;
    private long lastSnapshot = System.nanoTime();
    private volatile Context engineContext;

    public EngineVerticle(Engine engine, KafkaProducer<byte[], byte[]> producer, String codebooksTopic,
            java.time.Duration snapshotInterval) {
        this.engine = engine;
        this.producer = producer;
        this.codebooksTopic = codebooksTopic;
        this.snapshotIntervalNanos = snapshotInterval.toNanos();
    }

    @Override
    public void start() {
        engineContext = context;
    }

    /**
     * Processes and publishes one poll's records in one transaction on the engine's context. Completes when the
     * transaction is committed.
     */
    public CompletableFuture<Engine.BatchOutput> submit(List<ConsumerRecord<byte[], byte[]>> records,
            ConsumerGroupMetadata group) {
        return onContext(() -> {
            long t0 = System.nanoTime();
            AtomicReference<Exception> sendError = new AtomicReference<>();
            Engine.BatchOutput out;
            producer.beginTransaction();
            try {
                // records are sent as the engine produces them: the producer's I/O thread ships the first ones
                // while the rest of the poll is still being computed
                out = engine.process(records, System.currentTimeMillis(), r -> producer.send(r, (md, e) -> {
                    if (e != null) {
                        sendError.compareAndSet(null, e);
                    }
                }));
                long now = System.nanoTime();
                if (engine.codebookKey() != null && now - lastSnapshot >= snapshotIntervalNanos) {
                    // the codebook as of the end of this batch, committed with the batch
                    producer.send(new ProducerRecord<>(codebooksTopic, engine.codebookKey()
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8), engine.codebookSnapshot()));
                    lastSnapshot = now;
                }
                producer.sendOffsetsToTransaction(out.offsets(), group);
                long c0 = System.nanoTime();
                producer.commitTransaction();
                engine.stats().recordCommit(System.nanoTime() - c0);
            } catch (RuntimeException e) {
                abortQuietly();
                throw e;
            }
            if (sendError.get() != null) {
                // commitTransaction fails when a send failed; this is a second line of defence
                throw new IllegalStateException("a record of the committed batch failed to send", sendError.get());
            }
            engine.stats().recordBatchTime(records.size(), System.nanoTime() - t0);
            return out;
        });
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            LOG.warn("aborting the transaction failed too: {}", e.toString());
        }
    }

    /** Installs checkpoints read back for a newly assigned partition. */
    public CompletableFuture<Integer> restore(int partition, Map<String, byte[]> checkpoints) {
        return onContext(() -> engine.restore(partition, checkpoints, System.currentTimeMillis()));
    }

    /** Forgets revoked partitions' streams. */
    public CompletableFuture<Void> dropPartitions(List<Integer> partitions) {
        return onContext(() -> {
            engine.dropPartitions(partitions);
            return null;
        });
    }

    /** Switches the models between batches; completes with whether the beliefs were kept. */
    public CompletableFuture<Boolean> activate(io.beliefstream.streams.ModelSet models) {
        return onContext(() -> engine.activate(models));
    }

    /** Replaces the scorer's codebook with a snapshot, between batches. */
    public CompletableFuture<Void> restoreCodebook(byte[] snapshot) {
        return onContext(() -> {
            engine.restoreCodebook(snapshot);
            return null;
        });
    }

    /** Approximate heap bytes of the in-memory streams. */
    public CompletableFuture<Long> heapBytes() {
        return onContext(engine::heapBytes);
    }

    /** Runs {@code task} on the engine's context (between batches) and returns its result. */
    public <T> CompletableFuture<T> onContext(Supplier<T> task) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Context ctx = engineContext;
        if (ctx == null) {
            done.completeExceptionally(new IllegalStateException("engine verticle is not deployed"));
            return done;
        }
        ctx.runOnContext(v -> {
            try {
                done.complete(task.get());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    public EngineStats stats() {
        return engine.stats();
    }

    /** The codebook's statistics as of the last batch, or {@code null}; safe from any thread. */
    public io.beliefstream.models.CodebookStats codebookStats() {
        return engine.codebookStats();
    }
}
