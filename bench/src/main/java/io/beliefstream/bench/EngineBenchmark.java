package io.beliefstream.bench;

import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.models.vqvae.VqVaeModel;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.PollProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's whole per-poll work without Kafka I/O: {@link PollProcessor#process} on one poll of {@code records}
 * observation records spread round-robin over {@code streams} streams (all already in memory): decode and validate,
 * the batched model step (forecaster; with {@code model=td-vae} also the VQ-VAE scorer, its EMA update and the score
 * normaliser), prediction JSON and the changed streams' checkpoints. Scores are microseconds per poll; divide by
 * {@code records} for microseconds per observation. What is left for Kafka (the producer's sends and the transaction)
 * is measured end to end by {@code beliefstream bench e2e}.
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 java -jar bench/target/benchmarks.jar EngineBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class EngineBenchmark {
    private static final int[] HORIZONS = {1, 5, 20};

    @Param({"td-vae", "last-value"})
    public String model;

    @Param({"10000"})
    public int streams;

    @Param({"5000"})
    public int records;

    private PollProcessor engine;
    private final List<List<ConsumerRecord<byte[], byte[]>>> polls = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ModelSet models = model.equals("td-vae")
                ? ModelSet.of(TdVaeModel.loadDefault(HORIZONS, 0.8), VqVaeModel.loadDefault().withOwnCodebook())
                : ModelSet.of(new LastValueModel(1, HORIZONS, 0.8));
        engine = new PollProcessor(EngineConfig.builder("127.0.0.1:1").maxBatch(1024).maxPollRecords(records)
                .timestampTolerance(java.time.Duration.ofDays(365)).build(), models, new EngineStats());
        // 64 distinct polls (cycled), so each stream sees a sine with noise rather than one repeated value
        java.util.Random rnd = new java.util.Random(7);
        long offset = 0;
        for (int p = 0; p < 64; p++) {
            List<ConsumerRecord<byte[], byte[]>> poll = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                long n = (long) p * records + i;
                int s = (int) (n % streams);
                long t = n / streams;
                double v = 10 + 3 * Math.sin(2 * Math.PI * t / (20 + s % 50)) + 0.3 * rnd.nextGaussian();
                poll.add(new ConsumerRecord<>("bench.observations", s % 4, offset++,
                        ("stream-" + s).getBytes(StandardCharsets.UTF_8),
                        String.format(Locale.ROOT, "{\"timestamp\":%d,\"values\":[%.4f]}", 1_000_000L + t * 1000, v)
                                .getBytes(StandardCharsets.UTF_8)));
            }
            polls.add(poll);
        }
        // every stream in memory and past its warm-up before measuring
        for (int p = 0; p < 64; p++) {
            engine.process(polls.get(p), 0);
        }
    }

    /** Cycles through the polls; a later cycle repeats timestamps, accepted by the benchmark's tolerance. */
    @Benchmark
    public Object process() {
        List<ConsumerRecord<byte[], byte[]>> poll = polls.get(next);
        next = (next + 1) % polls.size();
        return engine.process(poll, 0);
    }
}
