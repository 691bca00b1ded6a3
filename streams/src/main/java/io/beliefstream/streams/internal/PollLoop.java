package io.beliefstream.streams.internal;

import io.beliefstream.streams.EngineConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 * The dedicated poll thread: a raw {@link KafkaConsumer} (read_committed) subscribed to the observations topic. Each
 * poll's records go to the {@link EngineVerticle}; the thread waits for them to be published, then commits their
 * offsets. Waiting is the backpressure: at most one poll is in flight, so nothing buffers without bound. A failure to
 * publish stops the loop without committing (the records are read again after a restart), never skipping input.
 */
public final class PollLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

    private final EngineConfig config;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final EngineVerticle engine;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch firstAssignment = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile List<TopicPartition> assignment = List.of();

    public PollLoop(EngineConfig config, KafkaConsumer<byte[], byte[]> consumer, EngineVerticle engine) {
        this.config = config;
        this.consumer = consumer;
        this.engine = engine;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(config.topics().observations()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // no poll is in flight here (we wait for each), so every processed offset is committed
                    List<Integer> ps = partitions.stream().map(TopicPartition::partition).toList();
                    engine.dropPartitions(ps).join();
                    LOG.info("partitions revoked: {}", partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assignment = List.copyOf(consumer.assignment());
                    LOG.info("partitions assigned: {} (now own {})", partitions, assignment);
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
                Engine.BatchOutput out;
                try {
                    out = engine.submit(records).get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("publishing a batch failed; stopping without committing", e.getCause());
                }
                long t0 = System.nanoTime();
                consumer.commitSync(out.offsets());
                engine.stats().recordCommit(System.nanoTime() - t0);
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

    /** Waits until the consumer has been assigned partitions at least once. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return firstAssignment.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Partitions currently owned. */
    public List<TopicPartition> assignment() {
        return assignment;
    }

    /** The error that stopped the loop, or {@code null}. */
    public Throwable failure() {
        return failure;
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }
}
