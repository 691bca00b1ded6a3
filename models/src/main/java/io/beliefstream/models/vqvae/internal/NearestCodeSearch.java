package io.beliefstream.models.vqvae.internal;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import io.beliefstream.models.vqvae.EmaCodebook;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batched nearest-code search against an {@link EmaCodebook}. For each row {@code z} the code minimising
 * {@code ‖z − e_i‖² − ‖z‖² = ‖e_i‖² − 2 z·e_i} (reference {@code autoencoder-family-weng.md}, section "VQ-VAE and
 * VQ-VAE-2": {@code k = argmin_i ‖z_e(x) − e_i‖₂}) is found block by block: one single-precision GEMM of the
 * augmented matrices {@code [Z | 1] · [−2E | ‖e‖²]ᵀ} for {@link #BLOCK_ROWS} rows into a small native buffer (OpenBLAS
 * {@code cblas_sgemm}, the BLAS ND4J itself calls, with the exact row count), copied in bulk to a Java array that
 * stays in the core's cache, and a first-minimum scan per row in Java (a row whose scores are all NaN gets code 0).
 * The augmented codebook is cached and rebuilt when {@link EmaCodebook#version()} moves.
 *
 * <p><b>The same code on every CPU.</b> The GEMM's rounding depends on the BLAS kernel (summation order, FMA), so two
 * codes whose scores differ by less than that rounding (equal codes, or a row halfway between two) could be ranked
 * either way. The rule, whatever the kernel: the code with the smallest {@link #exactDistance} (the squared distance
 * accumulated in double precision in a fixed order, which Java evaluates identically everywhere), ties to the lower
 * index. The GEMM only narrows the candidates: by the standard bound for a dot product of {@code n = D + 1} terms
 * (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, eq. 3.5, {@code |fl(x·y) − x·y| ≤ γ_n Σ|x_j y_j|},
 * {@code γ_n = n·u / (1 − n·u)}, {@code u = 2⁻²⁴}, any order, with or without FMA) and Cauchy–Schwarz, a computed
 * score is within
 * <pre>
 *   ε = 2 · (D + 2) · u · (2‖z‖·E + 2E²),   E = max_i ‖e_i‖
 * </pre>
 * of the exact one (the factor 2 covers {@code 1/(1 − n·u)}, the float rounding of {@code ‖e_i‖²} and the double
 * recomputation). Every code whose score is within {@code 2ε} of the row's minimum score is therefore a candidate for
 * the exact minimum; when there is one candidate (almost always) it is the answer, otherwise the candidates are
 * compared by {@link #exactDistance}. The result is the exact rule's on every machine, not only the kernel's.
 *
 * <p><b>Threads.</b> With {@code threads = 2} the calling thread's {@link PairWorker} helper (shared with the
 * codebook's own two-thread update) takes blocks, and ranges of codes when the augmented codebook is rebuilt, from the
 * same counter as the calling thread, so a batch is split between the two cores. The calling thread never waits for
 * blocks the helper has not claimed: if the helper is not scheduled (a loaded machine) the caller does every block
 * itself and waits at most for the one block the helper is working on.
 *
 * <p>Allocates nothing per call. Not thread-safe: one thread calls {@link #assign}.
 */
public final class NearestCodeSearch {
    /** Rows per GEMM block: a block's scores ({@code 128 × K} floats, 256 KB for K = 512) stay in the L2 cache. */
    public static final int BLOCK_ROWS = 128;
    /** Largest number of threads a search uses. */
    public static final int MAX_THREADS = 2;

    /**
     * System property overriding {@link #defaultThreads()}: {@code -Dbeliefstream.vq.searchThreads=1} keeps the
     * search on the calling thread.
     */
    public static final String THREADS_PROPERTY = "beliefstream.vq.searchThreads";

    /**
     * Whether the scan uses {@link VectorScan} (the JVM runs with {@code --add-modules jdk.incubator.vector} and
     * {@code -Dbeliefstream.vq.scalarScan=true} is not set); the result is the same either way.
     */
    public static final boolean VECTOR_SCAN = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("beliefstream.vq.scalarScan");

    /** The augmented codebook is rebuilt in this many ranges of codes (tasks shared by the two threads). */
    private static final int REFRESH_CHUNKS = 8;

    private final EmaCodebook codebook;
    private final int maxBatch;
    private final int k;
    private final int d;
    private final int threads;
    private final Work work;
    private final PairWorker.Task refreshTask = (slot, chunk) -> refreshChunk(chunk);
    private final float[] codes;
    private final float[] augmented;
    /** Per refresh chunk, the largest code norm ‖e_i‖ (each chunk written by whichever thread rebuilt it). */
    private final double[] chunkMaxNorm = new double[REFRESH_CHUNKS];
    private long codesVersion = Long.MIN_VALUE;

    /** A single-threaded search. */
    public NearestCodeSearch(EmaCodebook codebook, int maxBatch) {
        this(codebook, maxBatch, 1);
    }

    /**
     * A search for batches of up to {@code maxBatch} rows using {@code threads} threads (1 or 2: the caller and at
     * most one helper).
     */
    public NearestCodeSearch(EmaCodebook codebook, int maxBatch, int threads) {
        this.codebook = Objects.requireNonNull(codebook, "codebook");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "], got " + threads);
        }
        Nd4j.getBlasWrapper(); // loads ND4J's native backend (and its OpenBLAS) before the first cblas call
        this.maxBatch = maxBatch;
        this.k = codebook.size();
        this.d = codebook.dim();
        this.threads = threads;
        this.codes = new float[k * d];
        this.augmented = new float[k * (d + 1)];
        this.work = new Work(k, d, threads, codes);
    }

    /**
     * Threads used when none is given: {@link #THREADS_PROPERTY} if set, else 2 when the JVM sees at least four
     * processors, else 1. In the service the engine thread is never alone: the poll thread, the producer's I/O thread
     * (and, on a small box, the broker) want the other cores, and the helper's spinning between phases took the
     * second core from them: on 2 cores the engine's capacity at an offered 50,000 obs/s is 55,158 obs/s with one
     * thread against 41,718 with two (docs/benchmarks.md). The search itself is faster on two threads when a core is free
     * (0.79 against 1.38 µs/vector in {@code CodebookBenchmark}); see {@code docs/decisions.md}.
     */
    public static int defaultThreads() {
        String v = System.getProperty(THREADS_PROPERTY);
        if (v != null && !v.isBlank()) {
            try {
                int t = Integer.parseInt(v.trim());
                if (t >= 1 && t <= MAX_THREADS) {
                    return t;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the exception below
            }
            throw new IllegalArgumentException(THREADS_PROPERTY + " must be 1 or " + MAX_THREADS + ", got '" + v + "'");
        }
        return Runtime.getRuntime().availableProcessors() >= 4 ? MAX_THREADS : 1;
    }

    public int maxBatch() {
        return maxBatch;
    }

    public int threads() {
        return threads;
    }

    /**
     * Nearest code of each row {@code b < batch} of {@code latent} ({@code batch × D}) into {@code code[b]}, and the
     * code vector into {@code quantised[b * D ..]} when {@code quantised} is not {@code null}. The codebook must be
     * initialised.
     */
    public void assign(float[] latent, int batch, int[] code, float[] quantised) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("batch must be in [1, " + maxBatch + "], got " + batch);
        }
        if (latent.length < batch * d || code.length < batch || (quantised != null && quantised.length < batch * d)) {
            throw new IllegalArgumentException("batch " + batch + " does not fit the given arrays");
        }
        if (!codebook.initialised()) {
            throw new IllegalStateException("the codebook is empty");
        }
        PairWorker worker = threads > 1 ? PairWorker.forCurrentThread() : null;
        long v = codebook.version();
        if (v != codesVersion) {
            run(worker, refreshTask, REFRESH_CHUNKS);
            double maxNorm = 0;
            for (double m : chunkMaxNorm) {
                maxNorm = Math.max(maxNorm, m);
            }
            work.maxCodeNorm = maxNorm;
            codesVersion = v;
        }
        int blocks = (batch + BLOCK_ROWS - 1) / BLOCK_ROWS;
        work.begin(latent, batch, code, quantised);
        try {
            run(worker, work, blocks);
        } finally {
            work.end();
        }
    }

    private static void run(PairWorker worker, PairWorker.Task task, int count) {
        if (worker != null && count > 1) {
            worker.run(task, count);
        } else {
            for (int i = 0; i < count; i++) {
                task.run(0, i);
            }
        }
    }

    /** Rebuilds rows {@code [−2 e_i | ‖e_i‖²]} of the augmented codebook for the codes of {@code chunk}. */
    private void refreshChunk(int chunk) {
        int size = (k + REFRESH_CHUNKS - 1) / REFRESH_CHUNKS;
        int from = Math.min(k, chunk * size);
        int to = Math.min(k, from + size);
        chunkMaxNorm[chunk] = 0;
        if (from == to) {
            return;
        }
        codebook.copyCodes(codes, from, to);
        double maxSquare = 0;
        for (int i = from; i < to; i++) {
            int co = i * d;
            int ao = i * (d + 1);
            float s0 = 0; // ‖e_i‖² in four independent partial sums (one running sum is a chain of dependent adds)
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int j = 0;
            for (; j + 3 < d; j += 4) {
                float c0 = codes[co + j];
                float c1 = codes[co + j + 1];
                float c2 = codes[co + j + 2];
                float c3 = codes[co + j + 3];
                augmented[ao + j] = -2f * c0;
                augmented[ao + j + 1] = -2f * c1;
                augmented[ao + j + 2] = -2f * c2;
                augmented[ao + j + 3] = -2f * c3;
                s0 += c0 * c0;
                s1 += c1 * c1;
                s2 += c2 * c2;
                s3 += c3 * c3;
            }
            for (; j < d; j++) {
                float c = codes[co + j];
                augmented[ao + j] = -2f * c;
                s0 += c * c;
            }
            augmented[ao + d] = (s0 + s1) + (s2 + s3);
            maxSquare = Math.max(maxSquare, squaredNorm(codes, co, d));
        }
        chunkMaxNorm[chunk] = Math.sqrt(maxSquare);
        work.eBuffer.put(from * (d + 1), augmented, from * (d + 1), (to - from) * (d + 1));
    }

    /**
     * The state shared by the calling thread and the helper: native buffers, one slot of per-thread scratch per
     * thread, and the current call; each task of the {@link PairWorker} job is one block of {@link #BLOCK_ROWS} rows.
     */
    private static final class Work implements PairWorker.Task {
        final int k;
        final int d;
        final int stride;
        final float[] codes;
        final FloatPointer e;
        final FloatBuffer eBuffer;
        final FloatPointer[] zSlot;
        final FloatBuffer[] zBuffer;
        final float[][] zj;
        final FloatPointer[] gSlot;
        final FloatBuffer[] gBuffer;
        final float[][] gj;
        // the current call (published to the helper by PairWorker.run)
        float[] latent;
        int[] code;
        float[] quantised;
        int batch;
        /** {@code E = max_i ‖e_i‖} of the current augmented codebook. */
        double maxCodeNorm;

        Work(int k, int d, int threads, float[] codes) {
            this.k = k;
            this.d = d;
            this.stride = d + 1;
            this.codes = codes;
            this.e = new FloatPointer((long) k * stride);
            this.eBuffer = e.asBuffer();
            this.zSlot = new FloatPointer[threads];
            this.zBuffer = new FloatBuffer[threads];
            this.zj = new float[threads][BLOCK_ROWS * stride];
            this.gSlot = new FloatPointer[threads];
            this.gBuffer = new FloatBuffer[threads];
            this.gj = new float[threads][BLOCK_ROWS * k];
            for (int t = 0; t < threads; t++) {
                zSlot[t] = new FloatPointer((long) BLOCK_ROWS * stride);
                zBuffer[t] = zSlot[t].asBuffer();
                gSlot[t] = new FloatPointer((long) BLOCK_ROWS * k);
                gBuffer[t] = gSlot[t].asBuffer();
                for (int r = 0; r < BLOCK_ROWS; r++) {
                    zj[t][r * stride + d] = 1f;
                }
            }
        }

        void begin(float[] latent, int batch, int[] code, float[] quantised) {
            this.latent = latent;
            this.code = code;
            this.quantised = quantised;
            this.batch = batch;
        }

        void end() {
            this.latent = null;
            this.code = null;
            this.quantised = null;
        }

        @Override
        public void run(int slot, int block) {
            block(slot, block);
        }

        /**
         * The exact rule's code for the row at {@code latent[zOff ..]} whose scores are {@code g[off .. off + K)} and
         * whose minimum score is at {@code best} (class comment): the candidates within {@code 2ε} of the minimum,
         * compared by {@link #exactDistance} when there is more than one.
         */
        private int exactAmongNearTies(float[] g, int off, int best, int zOff) {
            float min = g[off + best];
            if (min != min) {
                return best; // every score NaN
            }
            double zNorm = Math.sqrt(squaredNorm(latent, zOff, d));
            double e = maxCodeNorm;
            double eps = 2.0 * (d + 2) * FLOAT_UNIT_ROUNDOFF * (2 * zNorm * e + 2 * e * e);
            float threshold = (float) (min + 2 * eps);
            if (!(threshold > min)) {
                threshold = Math.nextUp(min); // eps below float resolution at min (or infinite scores)
            }
            int candidates = VECTOR_SCAN ? VectorScan.countAtMost(g, off, k, threshold)
                    : countAtMost(g, off, k, threshold);
            if (candidates <= 1) {
                return best;
            }
            int exact = best;
            double exactDist = Double.POSITIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                if (g[off + i] <= threshold) {
                    double dist = exactDistance(latent, zOff, codes, i * d, d);
                    if (dist < exactDist) {
                        exactDist = dist;
                        exact = i;
                    }
                }
            }
            return exact;
        }

        private void block(int slot, int block) {
            int lo = block * BLOCK_ROWS;
            int n = Math.min(BLOCK_ROWS, batch - lo);
            float[] z = zj[slot];
            for (int r = 0; r < n; r++) {
                System.arraycopy(latent, (lo + r) * d, z, r * stride, d);
            }
            zBuffer[slot].put(0, z, 0, n * stride);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, k, stride, 1f, zSlot[slot], stride, e, stride, 0f,
                    gSlot[slot], k);
            float[] g = gj[slot];
            gBuffer[slot].get(0, g, 0, n * k);
            for (int r = 0; r < n; r++) {
                int b = lo + r;
                int best = VECTOR_SCAN ? VectorScan.firstMinimum(g, r * k, k) : firstMinimum(g, r * k, k);
                best = exactAmongNearTies(g, r * k, best, b * d);
                code[b] = best;
                if (quantised != null) {
                    System.arraycopy(codes, best * d, quantised, b * d, d);
                }
            }
        }
    }

    /** The unit roundoff of float, {@code u = 2⁻²⁴}. */
    private static final double FLOAT_UNIT_ROUNDOFF = 0x1p-24;

    /**
     * {@code ‖a − b‖²} over {@code d} components, each difference and square in double precision, summed in index
     * order: the exact rule's distance (Java's double arithmetic gives the same result on every CPU).
     */
    public static double exactDistance(float[] a, int aOff, float[] b, int bOff, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double diff = (double) a[aOff + j] - b[bOff + j];
            s += diff * diff;
        }
        return s;
    }

    /** {@code ‖a‖²} over {@code d} components, in double precision. */
    private static double squaredNorm(float[] a, int off, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += (double) a[off + j] * a[off + j];
        }
        return s;
    }

    /** Number of values of {@code g[off .. off + n)} at most {@code threshold} (NaN never counts). */
    static int countAtMost(float[] g, int off, int n, float threshold) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (g[off + i] <= threshold) {
                c++;
            }
        }
        return c;
    }

    /** Index of the first minimum of {@code g[off .. off + n)}; 0 if every value is NaN. */
    static int firstMinimum(float[] g, int off, int n) {
        float best = g[off];
        int index = 0;
        for (int i = 1; i < n; i++) {
            float v = g[off + i];
            if (v < best) {
                best = v;
                index = i;
            }
        }
        if (best != best) { // the first value is NaN: start again from the first value that is not
            for (int i = 1; i < n; i++) {
                if (g[off + i] == g[off + i]) {
                    return i + firstMinimum(g, off + i, n - i);
                }
            }
        }
        return index;
    }
}
