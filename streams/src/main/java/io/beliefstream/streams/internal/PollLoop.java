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
 *   <li>An error stops the loop; nothing is committed past what was published.
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
                    assignment = List.copyOf(consumer.assignment());
                    LOG.warn("partitions lost: {}", partitions);
                }
            });
            while (running) {
                // with a processed poll waiting, take only what has already been fetched: its transaction should not
                // wait for new data
                long p0 = System.nanoTime();
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(pending == null ? config.pollTimeout()
                        : Duration.ZERO);
                boolean buffered = System.nanoTime() - p0 < BUFFERED_NANOS;
                if (polled.isEmpty()) {
                    commitPending();
                    updateLag();
                    continue;
                }
                List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(polled.count());
                polled.forEach(records::add);
                if (pending == null && buffered && !config.refetchWait().isZero()
                        && records.size() < config.maxPollRecords()) {
                    refetch(records);
                    if (records.isEmpty()) {
                        continue;
                    }
                }
                java.util.concurrent.CompletableFuture<EngineVerticle.Processed> next = engine.process(records,
                        EngineVerticle.Polled.of(records));
                commitPending(); // in parallel with processing the new poll
                try {
                    pending = next.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("processing a batch failed; stopping", e.getCause());
                }
                long lag = updateLag();
                if (!worthOverlapping(config.commitOverlap(), pending.records(), lag, config.maxPollRecords())) {
                    commitPending(); // at once: holding it back for the next poll would cost a whole commit
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

    /** The error that stopped the loop, or {@code null}. */
    public Throwable failure() {
        return failure;
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }
}
