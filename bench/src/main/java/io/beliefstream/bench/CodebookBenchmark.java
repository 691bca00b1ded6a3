package io.beliefstream.bench;

import io.beliefstream.models.vqvae.CodebookConfig;
import io.beliefstream.models.vqvae.EmaCodebook;
import io.beliefstream.models.vqvae.NearestCodes;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The VQ hot path per batch of encoder outputs: nearest code ({@link NearestCodes}: blocked GEMMs
 * {@code [Z|1]·[−2E|‖e‖²]ᵀ} + first-minimum scan, on {@code threads} threads) and the EMA accumulation and update of
 * the codebook. Scores are microseconds per batch; divide by {@code batch} for microseconds per vector (1,024 µs per
 * batch = 1 µs per vector at B = 1024). {@code plainJavaNearest} is the baseline (a scalar distance loop per code).
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 java -jar bench/target/benchmarks.jar CodebookBenchmark -f 1 -wi 3 -i 5 -w 2 -r 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class CodebookBenchmark {
    @Param({"1024"})
    public int batch;

    @Param({"512"})
    public int codes;

    @Param({"64"})
    public int dim;

    /** Threads of the nearest-code search and of the EMA update (the caller plus at most one helper). */
    @Param({"1", "2"})
    public int threads;

    private static final int BATCHES = 8;
    private EmaCodebook codebook;
    private NearestCodes search;
    private float[][] latents;
    private int[] assigned;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(1);
        codebook = new EmaCodebook(CodebookConfig.of(codes, dim));
        latents = new float[BATCHES][batch * dim];
        // data from a mixture of 'codes' Gaussian clusters, so every code has something to learn
        float[] centres = new float[codes * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rnd.nextGaussian() * 3;
        }
        for (float[] l : latents) {
            for (int b = 0; b < batch; b++) {
                int c = rnd.nextInt(codes);
                for (int j = 0; j < dim; j++) {
                    l[b * dim + j] = centres[c * dim + j] + (float) rnd.nextGaussian() * 0.5f;
                }
            }
        }
        assigned = new int[batch];
        // k-means++ initialisation from the first outputs (4 per code)
        int[] none = new int[batch];
        java.util.Arrays.fill(none, -1);
        for (int i = 0; !codebook.initialised(); i++) {
            codebook.update(latents[i % BATCHES], null, none, batch);
        }
        search = new NearestCodes(codebook, batch, threads);
        codebook.setUpdateThreads(threads); // the EMA update on the same threads (the caller's PairWorker helper)
    }

    /** Statistics of the benchmark's codebook. */
    public io.beliefstream.models.CodebookStats stats() {
        return codebook.stats();
    }

    /** Nearest code for the batch only. */
    @Benchmark
    public int nearestCode() {
        float[] z = latents[next++ & (BATCHES - 1)];
        search.assign(z, batch, assigned, null);
        return assigned[0];
    }

    /** Nearest code plus the EMA accumulation and update (one {@code update} per batch, restarts included). */
    @Benchmark
    public int nearestCodeAndEmaUpdate() {
        float[] z = latents[next++ & (BATCHES - 1)];
        search.assign(z, batch, assigned, null);
        codebook.update(z, null, assigned, batch);
        return assigned[batch - 1];
    }

    /** Baseline: plain-Java nearest code (scalar loop over codes) for the batch. */
    @Benchmark
    public void plainJavaNearest(Blackhole bh) {
        float[] z = latents[next++ & (BATCHES - 1)];
        for (int b = 0; b < batch; b++) {
            bh.consume(codebook.nearest(z, b * dim));
        }
    }
}
