package io.beliefstream.models.vqvae;

import io.beliefstream.models.CodebookStats;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.OnlineCodebook;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.vqvae.internal.PairWorker;
import io.beliefstream.models.vqvae.internal.SplitMix64;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The VQ-VAE codebook learned by exponential moving averages, in training as in serving (reference:
 * {@code autoencoder-family-weng.md}, section "VQ-VAE and VQ-VAE-2", the EMA equations; van den Oord et al. 2017,
 * appendix A.1). For a batch {@code t} in which {@code n_i} encoder outputs {@code z_{i,j}} were quantised to code
 * {@code i}:
 *
 * <pre>
 *   N_i ← γ N_i + (1 − γ) n_i
 *   m_i ← γ m_i + (1 − γ) Σ_j z_{i,j}
 *   e_i = m_i / Ñ_i,   Ñ_i = (N_i + ε) / (Σ_k N_k + K ε) · Σ_k N_k      (Laplace smoothing of N_i)
 * </pre>
 *
 * applied once per batch by {@link #update}. The stored {@code N_i} is the unsmoothed average; the smoothing only
 * keeps {@code e_i} finite for codes that are (nearly) never used.
 *
 * <p>Beyond the reference rule:
 *
 * <ul>
 *   <li><b>k-means++ initialisation.</b> An empty codebook collects the first {@code initSamplesPerCode · K}
 *       encoder outputs, picks {@code K} of them by D² sampling (k-means++ seeding), then sets {@code N_i} and
 *       {@code m_i} from one assignment of the collected outputs (one Lloyd step), scaled per batch.
 *   <li><b>Dead-code restart.</b> After each EMA step, every code with {@code N_i < deadFraction · Σ_k N_k / K} is
 *       moved onto one of the recent encoder outputs (kept in a ring of {@code recentSize}), drawn with probability
 *       proportional to its squared quantisation error at the time it was seen (so restarts go where the codebook
 *       covers the data worst; each output is used at most once per batch), with {@code N_i} reset to the mean
 *       count. Restarts are counted.
 *   <li><b>Freeze switch.</b> While frozen, {@link #update} changes nothing.
 *   <li><b>Snapshot/restore</b> in a compact versioned binary form (see {@link #snapshot()}).
 * </ul>
 *
 * <p>Threading: see {@link OnlineCodebook}; one thread updates, snapshots and reads.
 */
public final class EmaCodebook implements OnlineCodebook {
    /** Version byte of {@link #snapshot()}. */
    public static final byte SNAPSHOT_VERSION = 1;
    /** Weight of the newest batch in the {@link CodebookStats#meanQuantisationError()} moving average. */
    public static final double STATS_WEIGHT = 0.1;
    /** The codes are split into at most this many ranges, the units of work of a two-thread {@link #update}. */
    private static final int UPDATE_CHUNKS = 8;

    private final CodebookConfig config;
    private final int k;
    private final int d;
    private final float[] counts;
    private final float[] sums;
    private final float[] codes;
    // update index at which each code was last assigned an encoder output
    private final long[] lastUsed;
    // per-batch accumulators (preallocated)
    private final float[] batchCounts;
    private final float[] batchSums;
    // per-row scratch of update: resolved code (-1 = skipped), ‖z − e‖², rows bucketed by chunk of codes
    private int[] rowCode = new int[0];
    private float[] rowDist = new float[0];
    private int[] rowOrder = new int[0];
    // the codes are processed in `chunks` ranges of `chunkSize` codes (the unit of work split between threads)
    private final int chunkSize;
    private final int chunks;
    private final int[] chunkStart;
    private final int[] chunkFill;
    private double codeScale;
    private int updateThreads = 1;
    private float[] pendingZ;
    private int pendingBatch;
    // the tasks of the two parallel phases of update (preallocated: update allocates nothing)
    private final PairWorker.Task accumulateTask = (slot, task) -> {
        if (task == chunks()) {
            copyToRing(pendingZ, pendingBatch);
        } else {
            accumulateChunk(pendingZ, task);
            emaChunk(task); // the EMA step of a chunk needs only that chunk's batch counts and sums
        }
    };
    private final PairWorker.Task recomputeTask = (slot, task) -> recomputeChunk(task);
    // ring of recent encoder outputs with their squared quantisation error at the time
    private final float[] recent;
    private final float[] recentWeight;
    private int recentNext;
    private int recentFilled;
    // initialisation buffer (allocated while empty, dropped after)
    private float[] initBuffer;
    private int initCollected;
    private int initBatches;
    private boolean initialised;
    private boolean frozen;
    private long updates;
    private long restarts;
    private double meanQuantisationError = Double.NaN;
    private long version;
    private final SplitMix64 random;

    /** An empty codebook: it initialises itself from the first encoder outputs it sees. */
    public EmaCodebook(CodebookConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.k = config.size();
        this.d = config.dim();
        this.counts = new float[k];
        this.sums = new float[k * d];
        this.codes = new float[k * d];
        this.lastUsed = new long[k];
        this.batchCounts = new float[k];
        this.batchSums = new float[k * d];
        this.chunkSize = (k + UPDATE_CHUNKS - 1) / UPDATE_CHUNKS;
        this.chunks = (k + chunkSize - 1) / chunkSize;
        this.chunkStart = new int[chunks + 1];
        this.chunkFill = new int[chunks];
        this.recent = new float[config.recentSize() * d];
        this.recentWeight = new float[config.recentSize()];
        this.random = new SplitMix64(config.seed());
    }

    public CodebookConfig config() {
        return config;
    }

    @Override
    public int size() {
        return k;
    }

    @Override
    public int dim() {
        return d;
    }

    /** Whether the codebook holds codes. */
    public boolean initialised() {
        return initialised;
    }

    /**
     * Sets the codes explicitly (row-major {@code K × D}), each with EMA count {@code count}
     * ({@code m_i = count · e_i}), for a trained codebook loaded from a bundle or for tests.
     */
    public void initialise(float[] initialCodes, float count) {
        float[] c = new float[k];
        Arrays.fill(c, count);
        float[] m = new float[k * d];
        requireLength("codes", initialCodes, k * d);
        for (int i = 0; i < k * d; i++) {
            m[i] = count * initialCodes[i];
        }
        initialise(c, m);
    }

    /** Sets the EMA state {@code N} ({@code K}) and {@code m} ({@code K × D}); codes follow as {@code m_i / Ñ_i}. */
    public void initialise(float[] n, float[] m) {
        requireLength("counts", n, k);
        requireLength("sums", m, k * d);
        for (float v : n) {
            if (!(v >= 0) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("counts must be finite and non-negative, got " + v);
            }
        }
        System.arraycopy(n, 0, counts, 0, k);
        System.arraycopy(m, 0, sums, 0, k * d);
        Arrays.fill(lastUsed, updates);
        initialised = true;
        initBuffer = null;
        initCollected = 0;
        initBatches = 0;
        recomputeCodes();
    }

    /** A change counter: it moves whenever the codes change, so kernels can cache a copy of them. */
    public long version() {
        return version;
    }

    /** Copies the codes (row-major {@code K × D}) into {@code dst}. */
    public void copyCodes(float[] dst) {
        System.arraycopy(codes, 0, dst, 0, k * d);
    }

    /** Copies codes {@code from .. to − 1} into the same place of {@code dst} (row-major {@code K × D}). */
    public void copyCodes(float[] dst, int from, int to) {
        Objects.checkFromToIndex(from, to, k);
        System.arraycopy(codes, from * d, dst, from * d, (to - from) * d);
    }

    /** A copy of the codes, row-major {@code K × D}. */
    public float[] codes() {
        return codes.clone();
    }

    /** A copy of the EMA counts {@code N}. */
    public float[] counts() {
        return counts.clone();
    }

    /** A copy of the EMA sums {@code m}, row-major {@code K × D}. */
    public float[] sums() {
        return sums.clone();
    }

    /**
     * Index of the code nearest to {@code z[off .. off + D)} in Euclidean distance, ties towards the lower index;
     * {@code -1} while the codebook is empty. Plain Java, for single vectors; kernels use a batched GEMM.
     */
    public int nearest(float[] z, int off) {
        if (!initialised) {
            return -1;
        }
        int best = -1;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double dist = squaredDistance(z, off, codes, i * d);
            if (dist < bestDist) {
                bestDist = dist;
                best = i;
            }
        }
        return best;
    }

    @Override
    public void update(WindowResult batch) {
        if (batch.latentDim() != d) {
            throw new IllegalArgumentException("result has latent dimension " + batch.latentDim() + ", codebook " + d);
        }
        update(batch.latent, batch.ready, batch.code, batch.batch());
    }

    /**
     * One EMA step from a batch: rows {@code b < batch} with {@code valid == null || valid[b]} are encoder outputs
     * {@code z[b * D .. b * D + D)} quantised to {@code codes[b]} (a negative code means "not quantised yet": the
     * nearest code is looked up here). An empty codebook collects the rows towards its initialisation instead.
     * Nothing happens while frozen.
     */
    public void update(float[] z, boolean[] valid, int[] assigned, int batch) {
        if (frozen || batch == 0) {
            return;
        }
        if (batch < 0 || z.length < batch * d || assigned.length < batch || (valid != null && valid.length < batch)) {
            throw new IllegalArgumentException("batch " + batch + " does not fit the given arrays");
        }
        if (!initialised) {
            collectForInitialisation(z, valid, batch);
            return;
        }
        if (rowCode.length < batch) {
            rowCode = new int[batch];
            rowDist = new float[batch];
            rowOrder = new int[batch];
        }
        // resolve each row's code (looking up missing ones) and bucket the rows by chunk of codes, in row order
        Arrays.fill(chunkStart, 0);
        int rows = 0;
        for (int b = 0; b < batch; b++) {
            if (valid != null && !valid[b]) {
                rowCode[b] = -1;
                continue;
            }
            int c = assigned[b];
            if (c < 0 || c >= k) {
                c = nearest(z, b * d);
            }
            rowCode[b] = c;
            chunkStart[c / chunkSize + 1]++;
            rows++;
        }
        if (rows == 0) {
            return;
        }
        for (int t = 0; t < chunks; t++) {
            chunkStart[t + 1] += chunkStart[t];
        }
        System.arraycopy(chunkStart, 0, chunkFill, 0, chunks);
        for (int b = 0; b < batch; b++) {
            int c = rowCode[b];
            if (c >= 0) {
                rowOrder[chunkFill[c / chunkSize]++] = b;
            }
        }
        // per chunk of codes: batch counts n_i and sums Σ_j z_{i,j} (each in row order), then the EMA step
        // N_i ← γ N_i + (1 − γ) n_i, m_i ← γ m_i + (1 − γ) Σ_j z_{i,j}; task `chunks` copies the rows into the ring of
        // recent outputs
        pendingZ = z;
        pendingBatch = batch;
        run(accumulateTask, chunks + 1);
        pendingZ = null;
        double qErr = 0;
        for (int b = 0; b < batch; b++) {
            if (rowCode[b] >= 0) {
                float dist = rowDist[b];
                qErr += dist;
                recentWeight[recentNext] = dist;
                if (++recentNext == recentWeight.length) {
                    recentNext = 0;
                }
                if (recentFilled < recentWeight.length) {
                    recentFilled++;
                }
            }
        }
        restartDeadCodes();
        recomputeCodes();
        qErr /= rows;
        meanQuantisationError = Double.isNaN(meanQuantisationError) ? qErr
                : (1 - STATS_WEIGHT) * meanQuantisationError + STATS_WEIGHT * qErr;
        updates++;
    }

    /**
     * Threads of {@link #update}: 1 (the calling thread) or 2 (the caller and its {@link PairWorker} helper, which
     * also serves the nearest-code search). The result is the same for both: the work is split by ranges of codes and
     * every sum keeps its order.
     */
    public void setUpdateThreads(int threads) {
        if (threads < 1 || threads > 2) {
            throw new IllegalArgumentException("threads must be 1 or 2, got " + threads);
        }
        this.updateThreads = threads;
    }

    public int updateThreads() {
        return updateThreads;
    }

    private void run(PairWorker.Task task, int count) {
        if (updateThreads > 1 && count > 1) {
            PairWorker.forCurrentThread().run(task, count);
        } else {
            for (int i = 0; i < count; i++) {
                task.run(0, i);
            }
        }
    }

    private int chunks() {
        return chunks;
    }

    private void accumulateChunk(float[] z, int chunk) {
        int lo = chunk * chunkSize;
        int hi = Math.min(k, lo + chunkSize);
        Arrays.fill(batchCounts, lo, hi, 0f);
        Arrays.fill(batchSums, lo * d, hi * d, 0f);
        for (int r = chunkStart[chunk], end = chunkStart[chunk + 1]; r < end; r++) {
            int b = rowOrder[r];
            int c = rowCode[b];
            batchCounts[c] += 1f;
            rowDist[b] = accumulate(z, b * d, c * d);
        }
    }

    private void copyToRing(float[] z, int batch) {
        int next = recentNext;
        for (int b = 0; b < batch; b++) {
            if (rowCode[b] >= 0) {
                System.arraycopy(z, b * d, recent, next * d, d);
                if (++next == recentWeight.length) {
                    next = 0;
                }
            }
        }
    }

    private void emaChunk(int chunk) {
        int lo = chunk * chunkSize;
        int hi = Math.min(k, lo + chunkSize);
        float g = (float) config.decay();
        float w = 1f - g;
        for (int i = lo; i < hi; i++) {
            counts[i] = g * counts[i] + w * batchCounts[i];
            if (batchCounts[i] > 0) {
                lastUsed[i] = updates + 1;
            }
        }
        for (int i = lo * d, end = hi * d; i < end; i++) {
            sums[i] = g * sums[i] + w * batchSums[i];
        }
    }

    private void restartDeadCodes() {
        if (config.deadFraction() <= 0 || recentFilled == 0) {
            return;
        }
        double total = 0;
        for (float c : counts) {
            total += c;
        }
        float mean = (float) (total / k);
        float threshold = (float) (config.deadFraction() * mean);
        double weightTotal = -1;
        int available = 0;
        for (int i = 0; i < k; i++) {
            if (counts[i] >= threshold) {
                continue;
            }
            if (weightTotal < 0) { // first dead code of this batch: sum the draw weights once
                weightTotal = 0;
                for (int r = 0; r < recentFilled; r++) {
                    if (recentWeight[r] >= 0) {
                        weightTotal += recentWeight[r];
                        available++;
                    }
                }
            }
            if (available == 0) {
                return;
            }
            int pick = drawRecent(weightTotal, available);
            weightTotal = Math.max(0, weightTotal - recentWeight[pick]);
            available--;
            recentWeight[pick] = -1f; // used: not drawn again until overwritten
            counts[i] = mean;
            int co = i * d;
            int ro = pick * d;
            for (int j = 0; j < d; j++) {
                sums[co + j] = mean * recent[ro + j];
            }
            restarts++;
        }
    }

    /**
     * Draws an unused recent output with probability ∝ its squared error ({@code total} of the unused weights),
     * uniformly among the {@code available} unused ones if all weights are zero.
     */
    private int drawRecent(double total, int available) {
        if (total > 0) {
            double u = random.nextDouble() * total;
            int last = -1;
            for (int r = 0; r < recentFilled; r++) {
                if (recentWeight[r] > 0) {
                    last = r;
                    u -= recentWeight[r];
                    if (u < 0) {
                        return r;
                    }
                }
            }
            if (last >= 0) {
                return last;
            }
        }
        int n = random.nextInt(available);
        for (int r = 0; r < recentFilled; r++) {
            if (recentWeight[r] >= 0 && n-- == 0) {
                return r;
            }
        }
        throw new IllegalStateException("no unused recent output");
    }

    private void recomputeCodes() {
        double total = 0;
        for (float c : counts) {
            total += c;
        }
        double eps = config.epsilon();
        codeScale = total / (total + k * eps);
        run(recomputeTask, chunks);
        version++;
    }

    /** e_i = m_i / Ñ_i for the codes of {@code chunk}, with {@link #codeScale} = ΣN / (ΣN + Kε). */
    private void recomputeChunk(int chunk) {
        double eps = config.epsilon();
        int lo = chunk * chunkSize;
        int hi = Math.min(k, lo + chunkSize);
        for (int i = lo; i < hi; i++) {
            double smoothed = (counts[i] + eps) * codeScale;
            int co = i * d;
            if (smoothed > 0) {
                float inv = (float) (1.0 / smoothed);
                for (int j = 0; j < d; j++) {
                    codes[co + j] = sums[co + j] * inv;
                }
            }
        }
    }

    private void collectForInitialisation(float[] z, boolean[] valid, int batch) {
        int target = config.initSamplesPerCode() * k;
        if (initBuffer == null) {
            initBuffer = new float[target * d];
        }
        boolean any = false;
        for (int b = 0; b < batch && initCollected < target; b++) {
            if (valid == null || valid[b]) {
                System.arraycopy(z, b * d, initBuffer, initCollected * d, d);
                initCollected++;
                any = true;
            }
        }
        if (any) {
            initBatches++;
        }
        if (initCollected >= target) {
            initialiseKMeansPlusPlus(initBuffer, target, initBatches);
        }
    }

    /**
     * k-means++ seeding (Arthur and Vassilvitskii 2007) over {@code n} collected outputs, then one assignment: code
     * {@code i} gets {@code N_i = (outputs nearest to it) / batches} and {@code m_i} the matching sum, so the EMA
     * continues on the scale of one batch. A code nothing was assigned to keeps its seed with a count of one output.
     */
    private void initialiseKMeansPlusPlus(float[] samples, int n, int batches) {
        float[] centres = new float[k * d];
        double[] best = new double[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        int first = random.nextInt(n);
        System.arraycopy(samples, first * d, centres, 0, d);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int s = 0; s < n; s++) {
                best[s] = Math.min(best[s], squaredDistance(samples, s * d, centres, (c - 1) * d));
                total += best[s];
            }
            int pick = n - 1;
            if (total > 0) {
                double u = random.nextDouble() * total;
                for (int s = 0; s < n; s++) {
                    u -= best[s];
                    if (u < 0) {
                        pick = s;
                        break;
                    }
                }
            } else {
                pick = random.nextInt(n);
            }
            System.arraycopy(samples, pick * d, centres, c * d, d);
        }
        float[] n0 = new float[k];
        float[] m0 = new float[k * d];
        System.arraycopy(centres, 0, codes, 0, k * d);
        initialised = true; // so nearest() works on the seeds
        for (int s = 0; s < n; s++) {
            int c = nearest(samples, s * d);
            n0[c] += 1f;
            for (int j = 0; j < d; j++) {
                m0[c * d + j] += samples[s * d + j];
            }
        }
        float scale = 1f / Math.max(1, batches);
        for (int c = 0; c < k; c++) {
            if (n0[c] == 0) {
                n0[c] = 1f;
                System.arraycopy(centres, c * d, m0, c * d, d);
            }
            n0[c] *= scale;
            for (int j = 0; j < d; j++) {
                m0[c * d + j] *= scale;
            }
        }
        initialise(n0, m0);
    }

    @Override
    public boolean frozen() {
        return frozen;
    }

    @Override
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /**
     * A code is live when an encoder output was assigned to it within the last {@code ⌈1 / (1 − γ)⌉} updates (100
     * at γ = 0.99), the EMA's own memory. (A restarted code is not live until something is assigned to it.)
     */
    public long liveWindow() {
        return (long) Math.ceil(1.0 / (1.0 - config.decay()) - 1e-9);
    }

    /** Dead-code threshold on {@code N_i} right now. */
    public double deadThreshold() {
        double total = 0;
        for (float c : counts) {
            total += c;
        }
        double fraction = config.deadFraction() > 0 ? config.deadFraction() : CodebookConfig.DEFAULT_DEAD_FRACTION;
        return fraction * total / k;
    }

    @Override
    public CodebookStats stats() {
        double total = 0;
        for (float c : counts) {
            total += c;
        }
        double entropy = 0;
        int live = 0;
        long window = liveWindow();
        for (int i = 0; i < k; i++) {
            float c = counts[i];
            if (c > 0 && total > 0) {
                double p = c / total;
                entropy -= p * Math.log(p);
            }
            if (initialised && updates - lastUsed[i] < window) {
                live++;
            }
        }
        return new CodebookStats(k, initialised ? Math.exp(entropy) : 0.0, live, restarts, meanQuantisationError,
                updates, initialised, frozen);
    }

    /** Bytes {@link #snapshot()} writes. */
    public int snapshotSize() {
        int initFloats = initialised ? 0 : initCollected * d;
        return 1 + 4 + 4 + 1 + 8 + 8 + 8 + 8 + 4 + 4 + 4 + 4 * initFloats + 4 * k + 4 * k * d + 4 * k;
    }

    /**
     * The compact versioned binary form, big-endian: version byte, {@code K}, {@code D} (ints), flags byte
     * (bit 0 initialised, bit 1 frozen), updates, restarts (longs), random state (long), mean quantisation error
     * (double), collected initialisation outputs and their batch count (ints) followed by those outputs (floats,
     * only while empty), then {@code N} ({@code K} floats), {@code m} ({@code K·D} floats) and each code's age since
     * its last assignment in updates ({@code K} ints). The ring of recent outputs is not included: after a restore,
     * restarts wait until it has refilled. {@code 4·K·(D + 2) + 47} bytes: 34.9 KB for K = 256, D = 32.
     */
    @Override
    public byte[] snapshot() {
        ByteBuffer out = ByteBuffer.allocate(snapshotSize());
        out.put(SNAPSHOT_VERSION);
        out.putInt(k);
        out.putInt(d);
        out.put((byte) ((initialised ? 1 : 0) | (frozen ? 2 : 0)));
        out.putLong(updates);
        out.putLong(restarts);
        out.putLong(random.state());
        out.putDouble(meanQuantisationError);
        int initRows = initialised ? 0 : initCollected;
        out.putInt(initRows);
        out.putInt(initialised ? 0 : initBatches);
        out.putInt(0); // reserved
        for (int i = 0; i < initRows * d; i++) {
            out.putFloat(initBuffer[i]);
        }
        for (float c : counts) {
            out.putFloat(c);
        }
        for (float s : sums) {
            out.putFloat(s);
        }
        for (long u : lastUsed) {
            out.putInt((int) Math.min(Integer.MAX_VALUE, Math.max(0, updates - u)));
        }
        return out.array();
    }

    @Override
    public void restore(byte[] snapshot) {
        ByteBuffer in = ByteBuffer.wrap(snapshot);
        try {
            byte v = in.get();
            if (v != SNAPSHOT_VERSION) {
                throw new ModelException("codebook snapshot version " + v + " is not " + SNAPSHOT_VERSION);
            }
            int sk = in.getInt();
            int sd = in.getInt();
            if (sk != k || sd != d) {
                throw new ModelException("codebook snapshot is " + sk + " × " + sd + ", this codebook " + k + " × " + d);
            }
            byte flags = in.get();
            long u = in.getLong();
            long r = in.getLong();
            long rng = in.getLong();
            double q = in.getDouble();
            int initRows = in.getInt();
            int initB = in.getInt();
            in.getInt();
            int target = config.initSamplesPerCode() * k;
            if (initRows < 0 || initRows > target) {
                throw new ModelException("codebook snapshot has " + initRows + " initialisation rows, at most " + target);
            }
            float[] init = new float[target * d];
            for (int i = 0; i < initRows * d; i++) {
                init[i] = in.getFloat();
            }
            float[] n = new float[k];
            float[] m = new float[k * d];
            for (int i = 0; i < k; i++) {
                n[i] = in.getFloat();
            }
            for (int i = 0; i < k * d; i++) {
                m[i] = in.getFloat();
            }
            long[] used = new long[k];
            for (int i = 0; i < k; i++) {
                used[i] = u - in.getInt();
            }
            if (in.hasRemaining()) {
                throw new ModelException("codebook snapshot has " + in.remaining() + " trailing bytes");
            }
            System.arraycopy(n, 0, counts, 0, k);
            System.arraycopy(m, 0, sums, 0, k * d);
            System.arraycopy(used, 0, lastUsed, 0, k);
            initialised = (flags & 1) != 0;
            frozen = (flags & 2) != 0;
            updates = u;
            restarts = r;
            random.setState(rng);
            meanQuantisationError = q;
            initBuffer = initialised ? null : init;
            initCollected = initialised ? 0 : initRows;
            initBatches = initialised ? 0 : initB;
            Arrays.fill(recentWeight, 0f);
            recentFilled = 0;
            recentNext = 0;
            if (initialised) {
                recomputeCodes();
            } else {
                Arrays.fill(codes, 0f);
                version++;
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new ModelException("codebook snapshot is truncated", e);
        }
    }

    static double squaredDistance(float[] a, int aOff, float[] b, int bOff, int d) {
        float s = 0;
        for (int j = 0; j < d; j++) {
            float diff = a[aOff + j] - b[bOff + j];
            s += diff * diff;
        }
        return s;
    }

    /**
     * Adds {@code z[zOff ..]} to the batch sum of the code at {@code cOff} ({@code Σ_j z_{i,j}} of the EMA rule) and
     * returns {@code ‖z − e_c‖²}, in one pass with four independent partial sums (a single running sum is a chain of
     * dependent adds that costs more than the accumulation itself); the error is for statistics and restart weights.
     */
    private float accumulate(float[] z, int zOff, int cOff) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            float z0 = z[zOff + j];
            float z1 = z[zOff + j + 1];
            float z2 = z[zOff + j + 2];
            float z3 = z[zOff + j + 3];
            batchSums[cOff + j] += z0;
            batchSums[cOff + j + 1] += z1;
            batchSums[cOff + j + 2] += z2;
            batchSums[cOff + j + 3] += z3;
            float a0 = z0 - codes[cOff + j];
            float a1 = z1 - codes[cOff + j + 1];
            float a2 = z2 - codes[cOff + j + 2];
            float a3 = z3 - codes[cOff + j + 3];
            s0 += a0 * a0;
            s1 += a1 * a1;
            s2 += a2 * a2;
            s3 += a3 * a3;
        }
        for (; j < d; j++) {
            float zj = z[zOff + j];
            batchSums[cOff + j] += zj;
            float a = zj - codes[cOff + j];
            s0 += a * a;
        }
        return (s0 + s1) + (s2 + s3);
    }

    private double squaredDistance(float[] a, int aOff, float[] b, int bOff) {
        return squaredDistance(a, aOff, b, bOff, d);
    }

    private static void requireLength(String name, float[] a, int n) {
        if (a.length != n) {
            throw new IllegalArgumentException(name + " must hold " + n + " values, got " + a.length);
        }
    }
}
