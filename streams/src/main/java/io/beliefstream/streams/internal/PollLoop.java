package io.beliefstream.streams.internal;

import io.beliefstream.streams.EngineConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dedicated poll thread: a raw {@link KafkaConsumer} (read_committed, no auto-commit) subscribed to the
 * observations topic.
 *
 * <ul>
 *   <li>Each poll's records are processed by the {@link EngineVerticle} on its context; their output is published in
 *       one transaction by this thread, either at once or, when overlapping pays ({@code engine.commit-overlap}), while
 *       the engine processes the next poll: at most two polls are out at once (one being processed, one being
 *       committed), and the consumer is simply not polled while both are busy (well within
 *       {@code max.poll.interval.ms}). That is the backpressure: nothing buffers without bound.
 *   <li>A poll that only returned records buffered while the last batch was committed is followed by a short second
 *       poll for what arrived since ({@code engine.refetch-wait-ms}).
 *   <li>Nothing is ever being committed while {@code poll} runs, so a rebalance never races a transaction. A processed
 *       poll still waiting for its transaction is committed first when partitions are revoked, with the group metadata
 *       of that moment, and when a poll comes back empty (so an idle engine publishes at once).
 *   <li>On assignment, before any record of a new partition is processed, the partition's checkpoints are read back
 *       from the state topic (waiting first for stable committed offsets and for any open transaction to finish).
 *   <li>On revocation the partition's streams leave memory; every processed record is committed by then.
 *   <li>An error of a broker outage (a transaction or a call that timed out, see {@link KafkaFailures}) does not stop
 *       the loop: {@link #recover} renews the producer, rewinds every owned partition to its committed offset and
 *       restores from the state topic the partitions whose in-memory states are ahead of it, with a bounded
 *       exponential backoff between attempts; readiness is down meanwhile. Any other error stops the loop; nothing is
 *       committed past what was published.
 * </ul>
 */
public final class PollLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    /** A poll that returns within this long served records already buffered by the consumer. */
    private static final long BUFFERED_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final EngineConfig config;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final EngineVerticle engine;
    private final StateTopicReader stateReader;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch firstAssignment = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean restoring;
    private volatile boolean recovering;
    /** Wakes a recovery's backoff when the loop is asked to stop. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /**
     * Per owned partition, the offset after the last record the engine processed since the partition's states were
     * last known to equal the committed ones (assignment, restore, recovery); no entry: nothing processed since.
     */
    private final java.util.Map<TopicPartition, Long> processedTo = new java.util.HashMap<>();
    /** Owned partitions whose checkpoints were not read back (the restore failed); recovered with the dirty ones. */
    private final Set<TopicPartition> unrestored = new HashSet<>();
    /** The poll being processed by the engine, while it is; touched only by this thread. */
    private java.util.concurrent.CompletableFuture<EngineVerticle.Processed> inFlight;
    /** First and largest pause between recovery attempts. */
    static final Duration RECOVERY_BACKOFF = Duration.ofMillis(500);
    static final Duration RECOVERY_BACKOFF_MAX = Duration.ofSeconds(30);
    private volatile Throwable failure;
    private volatile List<TopicPartition> assignment = List.of();
    /** A processed poll not yet committed; touched only by this thread (and its rebalance callbacks). */
    private EngineVerticle.Processed pending;
    /** Partitions revoked, lost or assigned by the rebalance callbacks since {@link #refetch} cleared it. */
    private final Set<TopicPartition> rebalanced = new HashSet<>();

    public PollLoop(EngineConfig config, KafkaConsumer<byte[], byte[]> consumer, EngineVerticle engine,
            StateTopicReader stateReader) {
        this.config = config;
        this.consumer = consumer;
        this.engine = engine;
        this.stateReader = stateReader;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(config.topics().observations()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (partitions.isEmpty()) {
                        return;
                    }
                    rebalanced.addAll(partitions);
                    // no batch is being processed while poll runs; publish the one processed, then every processed
                    // record is committed
                    commitPending();
                    engine.dropPartitions(partitions.stream().map(TopicPartition::partition).toList()).join();
                    forget(partitions);
                    assignment = List.copyOf(consumer.assignment());
                    LOG.info("partitions revoked: {}", partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    rebalanced.addAll(partitions);
                    restore(partitions);
                    assignment = List.copyOf(consumer.assignment());
                    LOG.info("partitions assigned: {} (now own {})", partitions, assignment.size());
                    firstAssignment.countDown();
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    // out of the group: a transaction would be fenced. The processed poll is dropped with the
                    // partitions' in-memory states; its offsets were never committed, so whoever owns the partitions
                    // next replays it from the checkpoints that were
                    rebalanced.addAll(partitions);
                    pending = null;
                    engine.dropPartitions(partitions.stream().map(TopicPartition::partition).toList()).join();
                    forget(partitions);
                    assignment = List.copyOf(consumer.assignment());
                    LOG.warn("partitions lost: {}", partitions);
                }
            });
            while (running) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (!running || verdict(e) == KafkaFailures.Verdict.STOP) {
                        throw e;
                    }
                    recover(e);
                }
            }
            commitPending();
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            } else {
                commitOnStop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            LOG.error("poll loop stopped on an error", t);
        } finally {
            try {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                LOG.warn("error closing the consumer", e);
            }
            assignment = List.of();
            stopped.countDown();
        }
    }

    /** One poll, its processing and the commits it allows. */
    private void pollOnce() throws InterruptedException {
        // with a processed poll waiting, take only what has already been fetched: its transaction should not
        // wait for new data
        long p0 = System.nanoTime();
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(pending == null ? config.pollTimeout()
                : Duration.ZERO);
        boolean buffered = System.nanoTime() - p0 < BUFFERED_NANOS;
        if (polled.isEmpty()) {
            commitPending();
            updateLag();
            return;
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(polled.count());
        polled.forEach(records::add);
        if (pending == null && buffered && !config.refetchWait().isZero()
                && records.size() < config.maxPollRecords()) {
            refetch(records);
            if (records.isEmpty()) {
                return;
            }
        }
        inFlight = engine.process(records, EngineVerticle.Polled.of(records));
        commitPending(); // in parallel with processing the new poll
        pending = awaitInFlight();
        long lag = updateLag();
        if (!worthOverlapping(config.commitOverlap(), pending.records(), lag, config.maxPollRecords())) {
            commitPending(); // at once: holding it back for the next poll would cost a whole commit
        }
    }

    /** The poll the engine is processing, once processed (its partitions now count as processed). */
    private EngineVerticle.Processed awaitInFlight() throws InterruptedException {
        java.util.concurrent.CompletableFuture<EngineVerticle.Processed> f = inFlight;
        try {
            EngineVerticle.Processed p = f.get();
            for (java.util.Map.Entry<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> o
                    : p.output().offsets().entrySet()) {
                processedTo.put(o.getKey(), o.getValue().offset());
            }
            return p;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r
                    && KafkaFailures.classify(r, false) == KafkaFailures.Verdict.RECOVER) {
                // the engine's only Kafka I/O, reading back returning streams, happens before it changes any state
                throw r;
            }
            throw new IllegalStateException("processing a batch failed; stopping", e.getCause());
        } finally {
            inFlight = null;
        }
    }

    private static KafkaFailures.Verdict verdict(RuntimeException e) {
        return KafkaFailures.classify(e, false);
    }

    /**
     * Recovers from {@code cause} (a broker outage, see {@link KafkaFailures}) until it succeeds, the loop is asked
     * to stop, or an attempt fails with an error that stops the loop. Each attempt:
     * <ol>
     *   <li>renews the producer ({@link EngineVerticle#renewProducer()}: the old one is closed, the new one's
     *       {@code initTransactions} aborts the failed transaction or waits for its commit), so what is committed is
     *       final;</li>
     *   <li>reads the committed offsets of the owned partitions ({@code committed()} waits for pending transactional
     *       offset commits);</li>
     *   <li>drops the in-memory streams of every partition whose processed offset differs from the committed one
     *       (their output was aborted, or the commit of an overlapped batch was never attempted) and of every
     *       partition whose restore failed, and reads them back from the state topic as on assignment;</li>
     *   <li>seeks every owned partition to its committed offset.</li>
     * </ol>
     * The processed polls still held are dropped: their records are read again. Attempts are {@link #RECOVERY_BACKOFF}
     * apart, doubling up to {@link #RECOVERY_BACKOFF_MAX}.
     */
    private void recover(RuntimeException cause) throws InterruptedException {
        recovering = true;
        engine.stats().recordRecovery();
        LOG.warn("a Kafka call failed ({}); recovering: renewing the producer and rewinding to the committed offsets",
                cause.toString());
        try {
            if (inFlight != null) {
                pending = null;
                try {
                    awaitInFlight(); // the engine's state must be settled before it is rewound
                } catch (RuntimeException e) {
                    if (verdict(e) == KafkaFailures.Verdict.STOP) {
                        throw e;
                    }
                }
            }
            pending = null;
            long backoff = RECOVERY_BACKOFF.toMillis();
            for (int attempt = 1; running; attempt++) {
                try {
                    rewind();
                    LOG.info("recovered after {} attempt(s); resuming from the committed offsets", attempt);
                    return;
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (!running || verdict(e) == KafkaFailures.Verdict.STOP) {
                        throw e;
                    }
                    LOG.warn("recovery attempt {} failed ({}); next in {} ms", attempt, e.toString(), backoff);
                    if (stopRequested.await(backoff, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    backoff = Math.min(backoff * 2, RECOVERY_BACKOFF_MAX.toMillis());
                }
            }
        } finally {
            recovering = false;
        }
    }

    /** One recovery attempt (see {@link #recover}). */
    private void rewind() {
        engine.renewProducer();
        Set<TopicPartition> owned = consumer.assignment();
        java.util.Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                consumer.committed(owned, config.producerTimeout());
        List<TopicPartition> dirty = new ArrayList<>();
        for (TopicPartition tp : owned) {
            org.apache.kafka.clients.consumer.OffsetAndMetadata c = committed.get(tp);
            Long processed = processedTo.get(tp);
            if (unrestored.contains(tp) || processed != null && (c == null || c.offset() != processed)) {
                dirty.add(tp);
            }
        }
        // streams of partitions no longer owned (a revocation whose callback failed) leave memory too
        Set<TopicPartition> gone = new HashSet<>(processedTo.keySet());
        gone.addAll(unrestored);
        gone.removeAll(owned);
        if (!dirty.isEmpty() || !gone.isEmpty()) {
            List<Integer> drop = new ArrayList<>();
            dirty.forEach(tp -> drop.add(tp.partition()));
            gone.forEach(tp -> drop.add(tp.partition()));
            engine.dropPartitions(drop).join();
            forget(gone);
            restore(dirty);
        }
        for (TopicPartition tp : owned) {
            org.apache.kafka.clients.consumer.OffsetAndMetadata c = committed.get(tp);
            if (c != null) {
                consumer.seek(tp, c);
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
        processedTo.clear();
        assignment = List.copyOf(owned);
        if (!owned.isEmpty()) {
            firstAssignment.countDown();
        }
        LOG.info("rewound {} partitions to their committed offsets; restored {} from the state topic: {}",
                owned.size(), dirty.size(), dirty);
    }

    /** Partitions no longer owned: nothing to track. */
    private void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            processedTo.remove(tp);
            unrestored.remove(tp);
        }
    }

    private void commitOnStop() {
        try {
            commitPending();
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("publishing the last processed batch on stop failed", e);
        }
    }

    /**
     * Records a poll returns at once were fetched while this thread was busy (committing the previous batch), up to
     * a whole commit ago; that poll has just asked the broker for what arrived since. Waits up to
     * {@code engine.refetch-wait-ms} for it and appends it (per partition, the second poll continues the first, so
     * order is kept). A rebalance during that poll may revoke partitions: their records from the first poll are
     * dropped (nothing of them was committed; their next owner reads them).
     */
    private void refetch(List<ConsumerRecord<byte[], byte[]>> records) {
        rebalanced.clear();
        ConsumerRecords<byte[], byte[]> more = consumer.poll(config.refetchWait());
        if (!rebalanced.isEmpty()) {
            // revoked, lost, or revoked and assigned again (then re-read from the committed offset): the first poll's
            // records of those partitions are not ours to process any more
            Set<TopicPartition> owned = consumer.assignment();
            records.removeIf(r -> {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                return rebalanced.contains(tp) || !owned.contains(tp);
            });
        }
        more.forEach(records::add);
    }

    /** Publishes the processed poll waiting for its transaction, if any. */
    private void commitPending() {
        if (pending != null) {
            EngineVerticle.Processed p = pending;
            pending = null;
            engine.commit(p, consumer.groupMetadata());
        }
    }

    /**
     * Whether to hold a processed batch back so that its transaction overlaps the next batch's processing (see
     * {@link EngineConfig.CommitOverlap}). In {@code auto}: only when the engine is falling behind, and the
     * overlap's throughput (a cycle of {@code max(P, C)} instead of {@code P + C}) is what it needs: the batch was a
     * full poll ({@code engine.max-poll-records}), or at least that many records are waiting ({@code lag}, when the
     * consumer knows it). Otherwise the batch is committed at once, so a record waits for one commit, not for two.
     */
    static boolean worthOverlapping(EngineConfig.CommitOverlap mode, int records, long lag, int maxPollRecords) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> records >= maxPollRecords || lag >= maxPollRecords;
        };
    }

    private void restore(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        restoring = true;
        unrestored.addAll(partitions);
        try {
            // committed() waits until no transactional offset commit is pending for these partitions (KIP-447)
            Set<TopicPartition> tps = new HashSet<>(partitions);
            consumer.committed(tps, Duration.ofMillis(config.transactionTimeout().toMillis() * 2 + 30_000));
            long t0 = System.nanoTime();
            int total = 0;
            for (TopicPartition tp : partitions) {
                total += engine.restore(tp.partition(), stateReader.readAll(tp.partition())).join();
            }
            LOG.info("restored {} stream states for {} partitions in {} ms", total, partitions.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            for (TopicPartition tp : partitions) {
                unrestored.remove(tp);
                processedTo.remove(tp);
            }
        } finally {
            restoring = false;
        }
    }

    private long updateLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        engine.stats().setConsumerLag(lag);
        return lag;
    }

    /** Asks the loop to stop and waits for it. */
    public void stop(Duration timeout) throws InterruptedException {
        running = false;
        stopRequested.countDown();
        consumer.wakeup();
        if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("poll loop did not stop within {}", timeout);
        }
    }

    /** Waits until the consumer has been assigned partitions (and restored them) at least once. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return firstAssignment.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Partitions currently owned. */
    public List<TopicPartition> assignment() {
        return assignment;
    }

    /** True while checkpoints of newly assigned partitions are being read back. */
    public boolean isRestoring() {
        return restoring;
    }

    /** True while recovering from a broker outage (see {@link #recover}). */
    public boolean isRecovering() {
        return recovering;
    }

    /** The error that stopped the loop, or {@code null}. */
    public Throwable failure() {
        return failure;
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }
}
