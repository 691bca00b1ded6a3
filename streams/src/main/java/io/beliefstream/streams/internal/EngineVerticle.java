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
 * The engine verticle, deployed as a worker. It confines the engine and its per-stream state: every task runs one at a
 * time, in order, on the verticle's worker context.
 *
 * <p>A poll's records go through two stages. {@link #process} runs {@link Engine#process} on the engine's context and
 * returns the batch's output (predictions, dead letters, the changed streams' checkpoints, the consumed offsets and,
 * at the snapshot interval, the codebook as of the end of the batch). {@link #commit} then publishes all of it in ONE
 * Kafka transaction ({@code sendOffsetsToTransaction} with the consumer's group metadata, so a zombie instance is
 * fenced by the group generation). The {@link PollLoop} commits batch {@code n} on its own thread while the engine
 * processes batch {@code n + 1}: the transaction's round trips no longer stall the model.
 *
 * <p>A failure to commit aborts the transaction (as far as the producer still can) and is thrown as a
 * {@link CommitException}; the {@link PollLoop} then either stops the instance or, for the errors of a broker outage
 * ({@link KafkaFailures}), renews the producer ({@link #renewProducer()}) and rewinds (docs/engine.md, "Broker
 * outages").
 */
public final class EngineVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(EngineVerticle.class);
    private final Engine engine;
    private final Supplier<KafkaProducer<byte[], byte[]>> producerFactory;
    private final long transactionTimeoutNanos;
    /** The transactional producer; replaced by {@link #renewProducer()}, used by the poll thread only. */
    private volatile KafkaProducer<byte[], byte[]> producer;
    private final String codebooksTopic;
    private final long snapshotIntervalNanos;
    private long lastSnapshot = System.nanoTime();
    private volatile Context engineContext;

    /** A processed poll waiting for its transaction. */
    public record Processed(Engine.BatchOutput output, ProducerRecord<byte[], byte[]> codebookSnapshot, int records,
            long startNanos, long endNanos, Polled polled) {}

    /** When a poll returned and the span of its records' timestamps (for {@link EngineStats.Timeline}). */
    public record Polled(long nanos, long millis, long oldestRecordMillis, long newestRecordMillis) {
        /** Taken right after {@code poll} returned {@code records}. */
        public static Polled of(List<ConsumerRecord<byte[], byte[]>> records) {
            long oldest = Long.MAX_VALUE;
            long newest = Long.MIN_VALUE;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                oldest = Math.min(oldest, r.timestamp());
                newest = Math.max(newest, r.timestamp());
            }
            return new Polled(System.nanoTime(), System.currentTimeMillis(), oldest, newest);
        }
    }

    /**
     * A failed transaction, aborted as far as the producer could.
     *
     * @param outlivedTimeout whether the transaction had been open for the whole transaction timeout when it failed,
     *     so the coordinator may have aborted it by itself (see {@link KafkaFailures})
     */
    public static final class CommitException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean outlivedTimeout;

        CommitException(Throwable cause, boolean outlivedTimeout) {
            super("publishing a batch failed: " + cause, cause);
            this.outlivedTimeout = outlivedTimeout;
        }

        public boolean outlivedTimeout() {
            return outlivedTimeout;
        }
    }

    /**
     * @param producerFactory makes a transactional producer and initialises its transactions (which aborts whatever a
     *     previous producer with the same transactional id left open, or waits for its commit to finish); called once
     *     here and again by every {@link #renewProducer()}
     */
    public EngineVerticle(Engine engine, Supplier<KafkaProducer<byte[], byte[]>> producerFactory, String codebooksTopic,
            java.time.Duration snapshotInterval, java.time.Duration transactionTimeout) {
        this.engine = engine;
        this.producerFactory = producerFactory;
        this.transactionTimeoutNanos = transactionTimeout.toNanos();
        this.producer = producerFactory.get();
        this.codebooksTopic = codebooksTopic;
        this.snapshotIntervalNanos = snapshotInterval.toNanos();
    }

    @Override
    public void start() {
        engineContext = context;
    }

    /** Runs the engine over one poll's records on the engine's context; nothing is published yet. */
    public CompletableFuture<Processed> process(List<ConsumerRecord<byte[], byte[]>> records) {
        return process(records, Polled.of(records));
    }

    /** As {@link #process(List)}, with when the poll returned. */
    public CompletableFuture<Processed> process(List<ConsumerRecord<byte[], byte[]>> records, Polled polled) {
        return onContext(() -> {
            long t0 = System.nanoTime();
            Engine.BatchOutput out = engine.process(records, System.currentTimeMillis());
            ProducerRecord<byte[], byte[]> snapshot = null;
            if (engine.codebookKey() != null && t0 - lastSnapshot >= snapshotIntervalNanos) {
                // the codebook as of the end of this batch, committed with the batch
                snapshot = new ProducerRecord<>(codebooksTopic,
                        engine.codebookKey().getBytes(java.nio.charset.StandardCharsets.UTF_8), engine.codebookSnapshot());
                lastSnapshot = t0;
            }
            return new Processed(out, snapshot, records.size(), t0, System.nanoTime(), polled);
        });
    }

    /**
     * Publishes a processed poll in one transaction, on the calling thread (the poll thread), and returns when it is
     * committed. Transactions are committed in the order the polls were processed; only one is open at a time.
     */
    public void commit(Processed p, ConsumerGroupMetadata group) {
        AtomicReference<Exception> sendError = new AtomicReference<>();
        long b0 = System.nanoTime();
        long sent;
        long c0;
        KafkaProducer<byte[], byte[]> producer = this.producer;
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : p.output().records()) {
                producer.send(r, (md, e) -> {
                    if (e != null) {
                        sendError.compareAndSet(null, e);
                    }
                });
            }
            if (p.codebookSnapshot() != null) {
                producer.send(p.codebookSnapshot());
            }
            producer.sendOffsetsToTransaction(p.output().offsets(), group);
            sent = System.nanoTime();
            c0 = sent;
            producer.commitTransaction();
        } catch (RuntimeException e) {
            boolean outlived = System.nanoTime() - b0 >= transactionTimeoutNanos;
            abortQuietly(producer);
            throw new CommitException(e, outlived);
        }
        if (sendError.get() != null) {
            // commitTransaction fails when a send failed; this is a second line of defence
            throw new CommitException(new IllegalStateException("a record of the committed batch failed to send",
                    sendError.get()), false);
        }
        long end = System.nanoTime();
        engine.stats().recordCommit(end - c0);
        engine.stats().recordBatchTime(p.records(), end - p.startNanos());
        Polled q = p.polled();
        engine.stats().recordTimeline(new EngineStats.Timeline(p.records(), q.oldestRecordMillis(),
                q.newestRecordMillis(), q.millis(), q.nanos(), p.startNanos(), p.endNanos(), b0, sent, end));
    }

    private static void abortQuietly(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            LOG.warn("aborting the transaction failed too: {}", e.toString());
        }
    }

    /**
     * Closes the producer at once (dropping what it had not sent; an open transaction is aborted by the next
     * producer's {@code initTransactions}, or by the coordinator at its timeout) and puts a new one with the same
     * transactional id in its place. Its {@code initTransactions} fences the old producer, aborts a transaction it
     * left open and waits for one it was committing, so afterwards the committed offsets are final. On the poll
     * thread; throws what the new producer's initialisation threw (the old one is closed either way).
     */
    public void renewProducer() {
        KafkaProducer<byte[], byte[]> old = producer;
        producer = null;
        if (old != null) {
            closeQuietly(old, java.time.Duration.ZERO);
        }
        producer = producerFactory.get();
    }

    /** Closes the producer (on stop). */
    public void closeProducer(java.time.Duration timeout) {
        KafkaProducer<byte[], byte[]> p = producer;
        producer = null;
        if (p != null) {
            closeQuietly(p, timeout);
        }
    }

    private static void closeQuietly(KafkaProducer<byte[], byte[]> p, java.time.Duration timeout) {
        try {
            p.close(timeout);
        } catch (RuntimeException e) {
            LOG.warn("closing the producer failed: {}", e.toString());
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
