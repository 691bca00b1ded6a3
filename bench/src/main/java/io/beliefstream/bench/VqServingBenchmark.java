package io.beliefstream.bench;

import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowKernel;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.vqvae.VqVaeConfig;
import io.beliefstream.models.vqvae.VqVaeModel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The whole VQ-VAE serving step as the engine runs it for one batch: push one observation per stream, normalise,
 * encode, nearest code, decode, reconstruction error ({@code WindowKernel.score}), then the one EMA codebook update
 * of the batch. Scores are microseconds per batch; divide by {@code batch} for microseconds per stream.
 * {@code model=default} is the shipped bundle; {@code model=w32-h128-d64-k512} a model of that size with random
 * weights (the cost does not depend on the weight values); {@code threads} is the thread count of the nearest-code search and of the codebook update.
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 java -jar bench/target/benchmarks.jar VqServingBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class VqServingBenchmark {
    @Param({"1024"})
    public int batch;

    @Param({"default", "w32-h128-d64-k512"})
    public String model;

    /** Threads of the kernel's nearest-code search (the caller plus at most one helper). */
    @Param({"1", "2"})
    public int threads;

    private VqVaeModel vq;
    private WindowKernel kernel;
    private WindowResult out;
    private StreamState[] states;
    private float[][] x;
    private int t;

    @Setup(Level.Trial)
    public void setUp() {
        if (model.equals("default")) {
            vq = VqVaeModel.loadDefault();
        } else {
            VqVaeConfig cfg = VqVaeConfig.of(32, 128, 64, 512);
            vq = VqVaeModel.untrained(cfg, 3);
            Random r = new Random(3);
            float[] codes = new float[512 * 64];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (float) r.nextGaussian();
            }
            vq.codebook().initialise(codes, 2f);
        }
        kernel = vq.newKernel(batch, threads);
        vq.codebook().setUpdateThreads(threads); // the codebook update on the same threads as the search
        out = WindowResult.forScorer(vq.info(), batch);
        states = new StreamState[batch];
        for (int b = 0; b < batch; b++) {
            states[b] = vq.newState();
        }
        Random rnd = new Random(5);
        x = new float[64][batch];
        for (int s = 0; s < x.length; s++) {
            for (int b = 0; b < batch; b++) {
                x[s][b] = (float) (Math.sin(0.3 * s + b) + 0.1 * rnd.nextGaussian());
            }
        }
        // fill every window so all streams are scored
        for (int s = 0; s < vq.info().window(); s++) {
            kernel.score(states, x[s & 63], batch, out);
        }
    }

    /** One batch: score every stream, then the one codebook update. */
    @Benchmark
    public int servingStep() {
        kernel.score(states, x[t++ & 63], batch, out);
        vq.codebook().update(out);
        return out.code[0];
    }

    /** One batch with the codebook frozen (scoring only). */
    @Benchmark
    public int scoreOnly() {
        kernel.score(states, x[t++ & 63], batch, out);
        return out.code[0];
    }
}
