package io.beliefstream.streams;

import io.beliefstream.streams.internal.Engine;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The engine's per-poll work on records handed in directly, with no Kafka I/O, threads or state topic: decode and
 * validate each record (a bad one becomes a dead letter), step the models in batches across streams, and encode the
 * predictions, dead letters and checkpoints that the service would publish in one transaction. The same code path as
 * {@link StreamsService} (it delegates to the engine itself), for tools that replay files through it: the batch
 * detectors of the evaluation, heap measurements and benchmarks.
 *
 * <p>Checkpoints are written to the returned records but never read back: a stream evicted for idleness starts again
 * from a fresh state. Not thread-safe.
 */
public final class PollProcessor {
    private final Engine engine;

    /** A processor serving {@code models} with {@code config}'s batching, limits and topics; counts into {@code stats}. */
    public PollProcessor(EngineConfig config, ModelSet models, EngineStats stats) {
        this.engine = new Engine(config, models, stats, (partition, streamIds) -> Map.of());
    }

    /**
     * Processes one poll's records in order; {@code nowMillis} is the clock used for idle eviction.
     *
     * @return the records the service would publish for them (predictions, dead letters, checkpoints)
     */
    public List<ProducerRecord<byte[], byte[]>> process(List<ConsumerRecord<byte[], byte[]>> records, long nowMillis) {
        return engine.process(records, nowMillis).records();
    }

    /** Streams held in memory. */
    public int streamCount() {
        return engine.streamCount();
    }

    /** Approximate heap bytes held by all in-memory streams. */
    public long heapBytes() {
        return engine.heapBytes();
    }
}
