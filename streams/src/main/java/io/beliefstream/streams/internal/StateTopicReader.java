package io.beliefstream.streams.internal;

import io.beliefstream.streams.EngineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads checkpoints back from the compacted state topic (read_committed, no consumer group). Before reading a
 * partition it waits until no transaction is open on it (last stable offset equals the high watermark), so a
 * predecessor's transaction that was being committed when it died is either fully visible or fully absent, exactly
 * like the consumed offsets it carried. The wait is bounded by twice the transaction timeout plus a margin.
 * Thread-safe (methods are synchronized): used by the poll thread on assignment and by the engine for returning
 * streams.
 */
public final class StateTopicReader implements Engine.StateReader, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateTopicReader.class);
    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final Duration stableWait;

    public StateTopicReader(EngineConfig config, String clientId) {
        this.topic = config.topics().state();
        this.stableWait = config.transactionTimeout().multipliedBy(2).plusSeconds(30);
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 << 20);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin"));
    }

    /** Every stream's latest checkpoint in {@code partition} (compaction may have left older ones: last wins). */
    public synchronized Map<String, byte[]> readAll(int partition) {
        return scan(partition, null);
    }

    @Override
    public synchronized Map<String, byte[]> read(int partition, Set<String> streamIds) {
        return scan(partition, streamIds);
    }

    private Map<String, byte[]> scan(int partition, Set<String> only) {
        TopicPartition tp = new TopicPartition(topic, partition);
        long end = awaitStable(tp);
        Map<String, byte[]> latest = new HashMap<>();
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long deadline = System.nanoTime() + stableWait.toNanos();
        long records = 0;
        while (consumer.position(tp) < end) {
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("reading " + tp + " to offset " + end
                        + " did not finish within " + stableWait);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() >= end) {
                    continue;
                }
                records++;
                String id = new String(r.key(), StandardCharsets.UTF_8);
                if (only == null || only.contains(id)) {
                    if (r.value() == null) {
                        latest.remove(id);
                    } else {
                        latest.put(id, r.value());
                    }
                }
            }
        }
        consumer.unsubscribe();
        LOG.info("read {} checkpoint records of {} up to offset {}: {} streams", records, tp, end, latest.size());
        return latest;
    }

    /** Waits until the partition has no open transaction; returns its last stable offset. */
    private long awaitStable(TopicPartition tp) {
        long deadline = System.nanoTime() + stableWait.toNanos();
        long waitedFrom = System.nanoTime();
        while (true) {
            try {
                long stable = admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(tp)
                        .get(30, TimeUnit.SECONDS).offset();
                long high = admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
                        new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).partitionResult(tp)
                        .get(30, TimeUnit.SECONDS).offset();
                if (stable == high) {
                    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitedFrom);
                    if (waited > 500) {
                        LOG.info("{} had an open transaction; waited {} ms for it to finish", tp, waited);
                    }
                    return stable;
                }
                if (System.nanoTime() > deadline) {
                    throw new org.apache.kafka.common.errors.TimeoutException(tp + " still has an open transaction after "
                            + stableWait);
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + tp, e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new org.apache.kafka.common.errors.TimeoutException("cannot read offsets of " + tp
                        + ": no answer within 30 s", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.RetriableException r) {
                    throw r; // the broker is away: the poll loop recovers (KafkaFailures)
                }
                throw new IllegalStateException("cannot read offsets of " + tp + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
    }
}
