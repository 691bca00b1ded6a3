package io.beliefstream.streams.internal;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.ModelInfo;
import io.beliefstream.models.PerDimensionState;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowKernel;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.score.AnomalyInputs;
import io.beliefstream.models.score.ScoreNormaliser;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.Observation;
import io.beliefstream.streams.PredictionSummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's logic, free of threads and Kafka I/O: turns one poll's records into the records to publish (in one
 * transaction) and the offsets to commit with them.
 *
 * <p>Per poll: decode and validate every record (a bad one becomes a dead letter); queue the good ones per stream in
 * arrival order; run batched model steps in rounds (round {@code r} steps the {@code r}-th queued observation of
 * every stream that has one, at most {@code maxBatch} streams per kernel call), so order is kept within each stream
 * and every step is one call across streams; then write one checkpoint per changed stream to the state topic, in the
 * stream's own partition (co-partitioned with the observations).
 *
 * <p>Streams idle for {@link EngineConfig#idleTimeout()} leave memory; their hash is remembered (8 bytes each, up to
 * {@link EngineConfig#evictedMemory()}) so a returning stream is read back from the state topic through the
 * {@link StateReader}. Not thread-safe: one engine per verticle.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** Reads checkpoints back from the state topic. */
    public interface StateReader {
        /** The latest checkpoint bytes of each of {@code streamIds} found in {@code partition} of the state topic. */
        Map<String, byte[]> read(int partition, Set<String> streamIds);
    }

    private final EngineConfig config;
    private final EngineStats stats;
    private final StateReader stateReader;
    private final ObservationDecoder decoder;
    private final MessageEncoder encoder = new MessageEncoder();
    private final Map<String, StreamEntry> streams = new HashMap<>();
    private final LongSet evicted;
    private final StreamEntry[] batchEntries;
    private final Observation[] batchObservations;
    private final StreamState[] batchStates;
    /** The window scorer's states of the batch: one row per stream and dimension (row b·D + d). */
    private StreamState[] batchScoreStates;
    private final ScoreNormaliser.State[] batchNormStates;
    /** The window scorer's input, row b·D + d: dimension d of stream b's observation. */
    private float[] windowX;
    /** Rows of the window scorer per stream: the dimension (the univariate scorer is applied to each), or 0. */
    private int scorerRows;
    /** What the anomaly components read of each step (the batch buffers below), made once per set of models. */
    private AnomalyInputs anomalyInputs;
    /** Each gathered observation's timestamp (for the normaliser's seasonal profile). */
    private final long[] batchTimes;
    private ModelSet models;
    private ModelInfo info;
    private Kernel kernel;
    private StepResult result;
    private WindowKernel windowKernel;
    private WindowResult windowResult;
    private MessageEncoder.Scores scores;
    private float[] batchX;
    private long lastEvictionScan;
    private volatile io.beliefstream.models.CodebookStats codebookStats;

    /** An engine serving a forecaster alone. */
    public Engine(EngineConfig config, SequenceModel model, EngineStats stats, StateReader stateReader) {
        this(config, ModelSet.of(model), stats, stateReader);
    }

    public Engine(EngineConfig config, ModelSet models, EngineStats stats, StateReader stateReader) {
        this.config = config;
        this.stats = stats;
        this.stateReader = stateReader;
        this.decoder = new ObservationDecoder(config.maxRecordBytes());
        this.evicted = new LongSet(config.evictedMemory());
        this.batchEntries = new StreamEntry[config.maxBatch()];
        this.batchObservations = new Observation[config.maxBatch()];
        this.batchStates = new StreamState[config.maxBatch()];
        this.batchNormStates = new ScoreNormaliser.State[config.maxBatch()];
        this.batchTimes = new long[config.maxBatch()];
        install(models);
    }

    private void install(ModelSet m) {
        this.models = m;
        this.info = m.forecaster().info();
        this.kernel = m.forecaster().newKernel(config.maxBatch());
        this.result = StepResult.forModel(info, config.maxBatch());
        this.batchX = new float[config.maxBatch() * info.inputDim()];
        this.scorerRows = m.scorerRows();
        int rows = config.maxBatch() * Math.max(1, scorerRows);
        this.batchScoreStates = new StreamState[rows];
        this.windowX = new float[rows];
        this.windowKernel = m.scorer() == null ? null : m.scorer().newKernel(rows);
        this.windowResult = m.scorer() == null ? null : WindowResult.forScorer(m.scorer().info(), rows);
        this.scores = new MessageEncoder.Scores(config.maxBatch(), m.normaliser().size(), info.inputDim());
        this.anomalyInputs = new AnomalyInputs(result, batchStates, windowResult, Math.max(1, scorerRows), batchTimes,
                batchX, info.inputDim());
    }

    /** The models served. */
    public ModelSet models() {
        return models;
    }

    /** What one poll produced. */
    public record BatchOutput(List<ProducerRecord<byte[], byte[]>> records, Map<TopicPartition, OffsetAndMetadata> offsets,
            int observations, int predictions, int deadLetters, int checkpoints) {}

    public EngineStats stats() {
        return stats;
    }

    public ModelInfo modelInfo() {
        return info;
    }

    /** Processes one poll's records; {@code nowMillis} is the wall clock used for idle eviction. */
    public BatchOutput process(List<ConsumerRecord<byte[], byte[]>> records, long nowMillis) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records.size() * 2);
        ObservationDecoder.Result[] decoded = new ObservationDecoder.Result[records.size()];
        // the highest offset per topic and partition, with no objects per record
        Map<String, long[]> highest = new HashMap<>(2);
        String lastTopic = null;
        long[] lastHighest = null;
        for (int i = 0; i < decoded.length; i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            if (!r.topic().equals(lastTopic)) {
                lastTopic = r.topic();
                lastHighest = highest.get(lastTopic);
            }
            if (lastHighest == null || r.partition() >= lastHighest.length) {
                lastHighest = grow(lastHighest, r.partition());
                highest.put(lastTopic, lastHighest);
            }
            lastHighest[r.partition()] = Math.max(lastHighest[r.partition()], r.offset());
            decoded[i] = decoder.decode(r.key(), r.value(), r.partition(), r.offset());
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<String, long[]> h : highest.entrySet()) {
            for (int p = 0; p < h.getValue().length; p++) {
                if (h.getValue()[p] >= 0) {
                    offsets.put(new TopicPartition(h.getKey(), p), new OffsetAndMetadata(h.getValue()[p] + 1));
                }
            }
        }
        restoreReturningStreams(decoded, nowMillis);

        List<StreamEntry> touched = new ArrayList<>();
        int dead = 0;
        int good = 0;
        for (int i = 0; i < decoded.length; i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            ObservationDecoder.Result d = decoded[i];
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
                deadLetter(out, r, reason, detail);
                dead++;
                continue;
            }
            Observation o = d.observation();
            if (entry == null) {
                entry = StreamEntry.fresh(o.streamId(), r.partition(), models);
                streams.put(o.streamId(), entry);
            }
            if (!entry.hasPending()) {
                touched.add(entry);
            }
            entry.enqueue(o);
            entry.lastTimestamp = Math.max(entry.lastTimestamp, o.timestamp());
            entry.lastSeen = nowMillis;
            good++;
        }
        List<StreamEntry> changed = new ArrayList<>(touched);
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
                Observation o = e.dequeue();
                batchEntries[n] = e;
                batchObservations[n] = o;
                batchStates[n] = e.state;
                gatherScorer(n, e.scoreState, o.values());
                batchNormStates[n] = e.normState;
                System.arraycopy(o.values(), 0, batchX, n * info.inputDim(), info.inputDim());
                batchTimes[n] = o.timestamp();
                n++;
                if (e.hasPending()) {
                    next.add(e);
                }
            }
            long t0 = System.nanoTime();
            RuntimeException failure = null;
            try {
                step(n);
            } catch (RuntimeException e) {
                failure = e;
                LOG.error("a model step over {} streams failed; their observations go to the dead-letter topic and "
                        + "their states start afresh", n, e);
            }
            stats.recordModelStep(n, System.nanoTime() - t0);
            steps++;
            for (int b = 0; b < n; b++) {
                Observation o = batchObservations[b];
                StreamEntry e = batchEntries[b];
                RuntimeException fault = failure;
                if (fault == null) {
                    try {
                        long seq = batchStates[b].observations();
                        byte[] value = encoder.prediction(o, seq, models, result, windowResult, scores, b);
                        byte[] summary = encoder.summary(o, seq, models, result, windowResult, scores, b);
                        out.add(new ProducerRecord<>(config.topics().predictions(), null, e.key, value,
                                summary == null ? null
                                        : List.<Header>of(new RecordHeader(PredictionSummary.HEADER, summary))));
                        predictions++;
                    } catch (RuntimeException x) {
                        fault = x;
                        LOG.error("encoding the prediction of stream {} failed", e.streamId, x);
                    }
                }
                if (fault != null) {
                    deadLetter(out, recordOf(records, o), DeadLetterReason.UNPROCESSABLE,
                            "the model step failed: " + ObservationDecoder.describe(fault));
                    dead++;
                    good--;
                    resetState(e, true, true, true);
                } else {
                    resetNonFinite(e);
                }
                batchEntries[b] = null;
                batchObservations[b] = null;
                batchStates[b] = null;
                for (int d = 0; d < scorerRows; d++) {
                    batchScoreStates[b * scorerRows + d] = null;
                }
                batchNormStates[b] = null;
            }
            touched = next;
        }
        for (StreamEntry e : changed) {
            out.add(new ProducerRecord<>(config.topics().state(), e.partition, e.key, StateCodec.encode(models, e)));
        }
        if (nowMillis - lastEvictionScan >= Math.max(1000, config.idleTimeout().toMillis() / 10)) {
            evictIdle(nowMillis);
        }
        if (models.scorer() != null && steps > 0) {
            // read on this (the stepping) thread; published for the metrics threads
            codebookStats = models.scorer().codebook().stats();
        }
        stats.recordBatch(records.size(), good, predictions, steps);
        stats.setActiveStreams(streams.size());
        return new BatchOutput(out, offsets, good, predictions, dead, changed.size());
    }

    /** Appends the dead letter of {@code r} to {@code out} and counts it. */
    private void deadLetter(List<ProducerRecord<byte[], byte[]>> out, ConsumerRecord<byte[], byte[]> r,
            DeadLetterReason reason, String detail) {
        out.add(new ProducerRecord<>(config.topics().deadLetter(), MessageEncoder.deadLetterKey(r.key()),
                encoder.deadLetter(reason, detail, r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(),
                        r.value())));
        stats.recordDeadLetter(reason);
    }

    /** The record {@code o} was decoded from (only on the rare failure path: a linear search). */
    private static ConsumerRecord<byte[], byte[]> recordOf(List<ConsumerRecord<byte[], byte[]>> records,
            Observation o) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.partition() == o.partition() && r.offset() == o.offset()) {
                return r;
            }
        }
        throw new IllegalStateException("no record at partition " + o.partition() + " offset " + o.offset());
    }

    /**
     * Re-initialises each part of {@code e}'s state (forecaster, scorer, normaliser) that holds a non-finite number
     * after a step (docs/engine.md, "Non-finite states"): such a number would make every later output of the stream
     * NaN. The observation count restarts with it.
     */
    private void resetNonFinite(StreamEntry e) {
        boolean belief = !e.state.isFinite();
        boolean scorer = e.scoreState != null && !e.scoreState.isFinite();
        boolean norm = !e.normState.isFinite();
        if (belief || scorer || norm) {
            LOG.warn("stream {}: a step left its {}{}{}state non-finite; re-initialised", e.streamId,
                    belief ? "forecaster " : "", scorer ? "scorer " : "", norm ? "normaliser " : "");
            resetState(e, belief, scorer, norm);
        }
    }

    private void resetState(StreamEntry e, boolean belief, boolean scorer, boolean norm) {
        if (belief) {
            e.state = models.forecaster().newState();
        }
        if (scorer && models.scorer() != null) {
            e.scoreState = models.newScorerState();
        }
        if (norm) {
            e.normState = models.normaliser().newState();
        }
        stats.recordStateReset();
    }

    /** {@code a} (or nothing) extended to hold {@code partition}; new slots are -1 (no offset seen). */
    private static long[] grow(long[] a, int partition) {
        int n = a == null ? 0 : a.length;
        long[] g = java.util.Arrays.copyOf(a == null ? new long[0] : a, Math.max(partition + 1, 2 * n));
        java.util.Arrays.fill(g, n, g.length, -1L);
        return g;
    }

    /**
     * One batched model step over the first {@code n} gathered streams: the forecaster (belief update, jumpy
     * forecasts, surprise), the window scorer (encode, nearest code, decode, reconstruction error) followed by ONE
     * EMA update of its shared codebook, then the score normaliser.
     */
    private void step(int n) {
        kernel.step(batchStates, batchX, n, result);
        if (windowKernel != null) {
            windowKernel.score(batchScoreStates, windowX, n * scorerRows, windowResult);
            models.scorer().codebook().update(windowResult);
        }
        // every anomaly component measures its raw evidence (the surprise leaves out a stream's first forecasts,
        // which rest on almost no data), then the normaliser calibrates and combines them
        models.normaliser().measure(batchNormStates, anomalyInputs, n, scores.raw);
        models.normaliser().update(batchNormStates, scores.raw, n, scores.calibrated, scores.combined, scores.tail);
        if (scores.shares != null) {
            models.normaliser().blame(batchNormStates, n, scores.calibrated, scores.dims, scores.shares);
        }
    }

    /**
     * Places stream {@code b}'s scorer state and values in the scorer's rows: the univariate window scorer is applied
     * to each dimension on its own (row {@code b·D + d}, the dimension's own window and normalisation statistics).
     */
    private void gatherScorer(int b, StreamState scoreState, float[] values) {
        if (scorerRows == 1) {
            batchScoreStates[b] = scoreState;
            windowX[b] = values[0];
        } else if (scorerRows > 1) {
            PerDimensionState s = (PerDimensionState) scoreState;
            for (int d = 0; d < scorerRows; d++) {
                batchScoreStates[b * scorerRows + d] = s.part(d);
                windowX[b * scorerRows + d] = values[d];
            }
        }
    }

    /** Streams in this poll that are not in memory but were evicted earlier: read their checkpoints back first. */
    private void restoreReturningStreams(ObservationDecoder.Result[] decoded, long nowMillis) {
        Map<Integer, Set<String>> wanted = null;
        for (ObservationDecoder.Result d : decoded) {
            Observation o = d.observation();
            if (o != null && !streams.containsKey(o.streamId()) && evicted.contains(LongSet.hash(o.streamId()))) {
                if (wanted == null) {
                    wanted = new HashMap<>();
                }
                wanted.computeIfAbsent(o.partition(), p -> new HashSet<>()).add(o.streamId());
            }
        }
        if (wanted == null) {
            return;
        }
        for (Map.Entry<Integer, Set<String>> w : wanted.entrySet()) {
            Map<String, byte[]> found = stateReader.read(w.getKey(), w.getValue());
            int restored = restore(w.getKey(), found, nowMillis);
            for (String id : w.getValue()) {
                evicted.remove(LongSet.hash(id));
            }
            LOG.debug("restored {} of {} returning streams of partition {}", restored, w.getValue().size(), w.getKey());
        }
    }

    /**
     * Installs checkpoints read from the state topic for {@code partition}. Parts of a checkpoint written by a model
     * of another state format start afresh, and so do parts holding a non-finite number; a corrupt checkpoint is
     * logged and skipped. Returns how many were installed.
     */
    public int restore(int partition, Map<String, byte[]> checkpoints, long nowMillis) {
        int n = 0;
        for (Map.Entry<String, byte[]> c : checkpoints.entrySet()) {
            if (c.getValue() == null) {
                continue;
            }
            try {
                StreamEntry e = StateCodec.decode(c.getKey(), partition, c.getValue(), models);
                resetNonFinite(e); // a checkpoint written before the guards (issue 13) may hold a poisoned state
                e.lastSeen = nowMillis;
                streams.put(c.getKey(), e);
                n++;
            } catch (ModelException e) {
                LOG.warn("skipping the unreadable checkpoint of stream {} in partition {}: {}", c.getKey(), partition,
                        e.getMessage());
            }
        }
        stats.recordRestored(n);
        stats.setActiveStreams(streams.size());
        return n;
    }

    /** Removes streams idle since {@code nowMillis - idleTimeout} from memory, remembering their hashes. */
    public int evictIdle(long nowMillis) {
        lastEvictionScan = nowMillis;
        long cutoff = nowMillis - config.idleTimeout().toMillis();
        int n = 0;
        for (Iterator<StreamEntry> it = streams.values().iterator(); it.hasNext();) {
            StreamEntry e = it.next();
            if (e.lastSeen < cutoff) {
                it.remove();
                if (!evicted.add(LongSet.hash(e.streamId))) {
                    LOG.warn("engine.evicted-memory ({}) reached: forgot earlier evicted streams; they will start "
                            + "afresh if they return", config.evictedMemory());
                }
                n++;
            }
        }
        if (n > 0) {
            stats.recordEvicted(n);
            stats.setActiveStreams(streams.size());
        }
        return n;
    }

    /** Forgets the streams of partitions this instance no longer owns (their checkpoints stay in the topic). */
    public void dropPartitions(Collection<Integer> partitions) {
        int before = streams.size();
        streams.values().removeIf(e -> partitions.contains(e.partition));
        stats.recordEvicted(before - streams.size());
        stats.setActiveStreams(streams.size());
    }

    /**
     * Switches to other models between batches. The forecaster's and the scorer's part of every stream's state are
     * kept when the new model of that part has the same state format (for example a retrained bundle of the same
     * architecture and horizons), and re-initialised otherwise; checkpoints of an old format are re-initialised in
     * the same way when read back. The normaliser's part is kept component by component (by name): a component both
     * normalisers have keeps its calibration, a new one starts afresh.
     *
     * @return whether the forecaster states (the beliefs) were kept
     */
    public boolean activate(ModelSet next) {
        boolean keepBelief = next.forecaster().info().stateFormat().equals(info.stateFormat());
        boolean keepScorer = next.scorer() != null && models.scorer() != null
                && next.scorerFormat().equals(models.scorerFormat());
        boolean keepNorm = next.sameNormaliserLayout(models);
        if (next.forecaster().info().inputDim() != info.inputDim()) {
            LOG.warn("the new model {} expects dimension {}, the old one {}: records of the old dimension will now "
                    + "go to the dead-letter topic", next.forecaster().info().name(),
                    next.forecaster().info().inputDim(), info.inputDim());
        }
        for (StreamEntry e : streams.values()) {
            if (!keepBelief) {
                e.state = next.forecaster().newState();
            }
            if (!keepScorer) {
                e.scoreState = next.scorer() == null ? null : next.newScorerState();
            }
            if (!keepNorm) {
                // through the binary form, which names the components: those both normalisers have keep their
                // calibration, the others start afresh
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(e.normState.serializedSize());
                e.normState.writeTo(b);
                e.normState = next.normaliser().readState(b.flip());
            }
        }
        install(next);
        LOG.info("activated forecaster {} {}{}: {} streams, beliefs {}, scorer states {}, normaliser states {}",
                info.name(), info.version(), next.scorer() == null ? "" : " and scorer " + next.scorer().info().name()
                + " " + next.scorer().info().version(), streams.size(), keepBelief ? "kept" : "re-initialised",
                keepScorer ? "kept" : "re-initialised", keepNorm ? "kept" : "carried over by component");
        return keepBelief;
    }

    /** Activates a forecaster with the current scorer and normaliser. */
    public boolean activate(SequenceModel forecaster) {
        return activate(new ModelSet(forecaster, models.scorer(), models.normaliser(), models.anomalyThreshold()));
    }

    /** Streams held in memory. */
    public int streamCount() {
        return streams.size();
    }

    /** Approximate heap bytes held by all in-memory streams. */
    public long heapBytes() {
        long n = 0;
        for (StreamEntry e : streams.values()) {
            n += e.heapBytes();
        }
        return n;
    }

    /** The codebook's statistics as of the last batch (safe from any thread), or {@code null}. */
    public io.beliefstream.models.CodebookStats codebookStats() {
        return codebookStats;
    }

    /** Key of this engine's codebook in the codebooks topic, or {@code null} without a scorer. */
    public String codebookKey() {
        return models.scorer() == null ? null : models.scorer().info().name() + "/" + models.scorer().info().version();
    }

    /** A snapshot of the scorer's shared codebook (consistent: taken between batches), or {@code null}. */
    public byte[] codebookSnapshot() {
        return models.scorer() == null ? null : models.scorer().codebook().snapshot();
    }

    /** Replaces the scorer's codebook with a snapshot read back from the codebooks topic. */
    public void restoreCodebook(byte[] snapshot) {
        if (models.scorer() != null) {
            models.scorer().codebook().restore(snapshot);
        }
    }

    /** The state of a stream held in memory, or {@code null}. */
    public StreamState state(String streamId) {
        StreamEntry e = streams.get(streamId);
        return e == null ? null : e.state;
    }

    /** Streams in memory with a non-finite number in any part of their state (0 unless something is wrong). */
    public int nonFiniteStates() {
        int n = 0;
        for (StreamEntry e : streams.values()) {
            if (!e.state.isFinite() || e.scoreState != null && !e.scoreState.isFinite() || !e.normState.isFinite()) {
                n++;
            }
        }
        return n;
    }

    /** Streams remembered as evicted. */
    public int evictedRemembered() {
        return evicted.size();
    }
}
