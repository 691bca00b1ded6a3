package io.beliefstream.streams.internal;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.ModelInfo;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.Observation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The engine's logic, free of threads and I/O: turns one poll's records into the records to publish and the offsets
 * to commit. Per poll: decode and validate every record (a bad one becomes a dead letter), queue the good ones per
 * stream in arrival order, then run batched model steps in rounds (round {@code r} steps the {@code r}-th queued
 * observation of every stream that has one, at most {@code maxBatch} streams per step), so order is kept within
 * each stream and every step is one kernel call across streams. Not thread-safe: one engine per verticle.
 */
public final class Engine {
    private final EngineConfig config;
    private final SequenceModel model;
    private final ModelInfo info;
    private final Kernel kernel;
    private final StepResult result;
    private final EngineStats stats;
    private final ObservationDecoder decoder;
    private final MessageEncoder encoder = new MessageEncoder();
    private final Map<String, StreamEntry> streams = new HashMap<>();
    private final StreamEntry[] batchEntries;
    private final Observation[] batchObservations;
    private final StreamState[] batchStates;
    private final float[] batchX;

    public Engine(EngineConfig config, SequenceModel model, EngineStats stats) {
        this.config = config;
        this.model = model;
        this.info = model.info();
        this.stats = stats;
        this.kernel = model.newKernel(config.maxBatch());
        this.result = StepResult.forModel(info, config.maxBatch());
        this.decoder = new ObservationDecoder(config.maxRecordBytes());
        this.batchEntries = new StreamEntry[config.maxBatch()];
        this.batchObservations = new Observation[config.maxBatch()];
        this.batchStates = new StreamState[config.maxBatch()];
        this.batchX = new float[config.maxBatch() * info.inputDim()];
    }

    /** What one poll produced. */
    public record BatchOutput(List<ProducerRecord<byte[], byte[]>> records, Map<TopicPartition, OffsetAndMetadata> offsets,
            int observations, int predictions, int deadLetters) {}

    public EngineStats stats() {
        return stats;
    }

    public ModelInfo modelInfo() {
        return info;
    }

    /** Processes one poll's records. */
    public BatchOutput process(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records.size());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<StreamEntry> touched = new ArrayList<>();
        int dead = 0;
        int good = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
            ObservationDecoder.Result d = decoder.decode(r.key(), r.value(), r.partition(), r.offset());
            DeadLetterReason reason = d.reason();
            String detail = d.detail();
            StreamEntry entry = null;
            if (reason == null) {
                Observation o = d.observation();
                if (o.values().length != info.inputDim()) {
                    reason = DeadLetterReason.WRONG_DIMENSION;
                    detail = "values has " + o.values().length + " entries; model " + info.name() + " expects "
                            + info.inputDim();
                } else {
                    entry = streams.get(o.streamId());
                    if (entry != null && o.timestamp() < entry.lastTimestamp - config.timestampTolerance().toMillis()) {
                        reason = DeadLetterReason.TIMESTAMP_BACKWARDS;
                        detail = "timestamp " + o.timestamp() + " is before the stream's last " + entry.lastTimestamp
                                + " by more than engine.timestamp-tolerance-ms=" + config.timestampTolerance().toMillis();
                    }
                }
            }
            if (reason != null) {
                out.add(new ProducerRecord<>(config.topics().deadLetter(), r.key(), encoder.deadLetter(reason, detail,
                        r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value())));
                stats.recordDeadLetter(reason);
                dead++;
                continue;
            }
            Observation o = d.observation();
            if (entry == null) {
                entry = new StreamEntry(o.streamId(), r.partition(), model.newState());
                streams.put(o.streamId(), entry);
            }
            if (entry.pending.isEmpty()) {
                touched.add(entry);
            }
            entry.pending.add(o);
            entry.lastTimestamp = Math.max(entry.lastTimestamp, o.timestamp());
            good++;
        }
        int predictions = 0;
        int steps = 0;
        while (!touched.isEmpty()) {
            int n = 0;
            List<StreamEntry> next = new ArrayList<>();
            for (StreamEntry e : touched) {
                if (n == batchEntries.length) {
                    next.add(e);
                    continue;
                }
                Observation o = e.pending.poll();
                batchEntries[n] = e;
                batchObservations[n] = o;
                batchStates[n] = e.state;
                System.arraycopy(o.values(), 0, batchX, n * info.inputDim(), info.inputDim());
                n++;
                if (!e.pending.isEmpty()) {
                    next.add(e);
                }
            }
            long t0 = System.nanoTime();
            kernel.step(batchStates, batchX, n, result);
            stats.recordModelStep(n, System.nanoTime() - t0);
            steps++;
            for (int b = 0; b < n; b++) {
                Observation o = batchObservations[b];
                byte[] key = o.streamId().getBytes(StandardCharsets.UTF_8);
                out.add(new ProducerRecord<>(config.topics().predictions(), key,
                        encoder.prediction(o, batchStates[b].observations(), info, result, b)));
                predictions++;
                batchEntries[b] = null;
                batchObservations[b] = null;
                batchStates[b] = null;
            }
            touched = next;
        }
        stats.recordBatch(records.size(), good, predictions, steps);
        stats.setActiveStreams(streams.size());
        return new BatchOutput(out, offsets, good, predictions, dead);
    }

    /** Forgets the streams of partitions this instance no longer owns. */
    public void dropPartitions(Collection<Integer> partitions) {
        int before = streams.size();
        streams.values().removeIf(e -> partitions.contains(e.partition));
        stats.recordEvicted(before - streams.size());
        stats.setActiveStreams(streams.size());
    }

    /** Streams held in memory. */
    public int streamCount() {
        return streams.size();
    }

    /** The state of a stream held in memory, or {@code null}. */
    public StreamState state(String streamId) {
        StreamEntry e = streams.get(streamId);
        return e == null ? null : e.state;
    }
}
