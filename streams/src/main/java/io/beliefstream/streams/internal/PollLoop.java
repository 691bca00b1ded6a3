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
 *   <li>Each poll's records go to the {@link EngineVerticle}, which commits them in one transaction; the thread waits
 *       for that before polling again. One batch in flight is the backpressure: nothing buffers without bound, and
 *       the consumer is simply not polled while the engine is busy (well within {@code max.poll.interval.ms}).
 *   <li>On assignment, before any record of a new partition is processed, the partition's checkpoints are read back
 *       from the state topic (waiting first for stable committed offsets and for any open transaction to finish).
 *   <li>On revocation the partition's streams leave memory; every processed record is already committed.
 *   <li>An error stops the loop; nothing is committed past what was published.
 * </ul>
 */
public final class PollLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

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
                    // no batch is in flight here (we wait for each), so every processed record is committed
                    engine.dropPartitions(partitions.stream().map(TopicPartition::partition).toList()).join();
                    assignment = List.copyOf(consumer.assignment());
                    LOG.info("partitions revoked: {}", partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    restore(partitions);
                    assignment = List.copyOf(consumer.assignment());
                    LOG.info("partitions assigned: {} (now own {})", partitions, assignment.size());
                    firstAssignment.countDown();
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    onPartitionsRevoked(partitions);
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(config.pollTimeout());
                if (polled.isEmpty()) {
                    updateLag();
                    continue;
                }
                List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(polled.count());
                polled.forEach(records::add);
                try {
                    engine.submit(records, consumer.groupMetadata()).get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a batch failed and its transaction was aborted; stopping",
                            e.getCause());
                }
                updateLag();
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
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

    private void updateLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        engine.stats().setConsumerLag(lag);
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
