package io.beliefstream.models.scorer.internal;

import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowKernel;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.scorer.ScorerConfig;
import io.beliefstream.models.scorer.ScorerKind;
import io.beliefstream.models.vqvae.EmaCodebook;
import io.beliefstream.models.vqvae.internal.NativeMatrix;
import io.beliefstream.models.vqvae.internal.SplitMix64;
import io.beliefstream.models.vqvae.internal.WindowState;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batched serving step of every {@link ScorerKind}: push each stream's observation into its
 * {@link WindowState}, normalise the window, run the forward pass of {@link ScorerGraph} over the shared
 * {@link ScorerLayers} and write the score into {@link WindowResult#error}:
 *
 * <ul>
 *   <li>autoencoder, denoising, sparse, contractive, stacked: {@code x̂ = D(E(x))} (clean input: the denoising
 *       kind's corruption is a training device), score {@code mean_i (x_i − x̂_i)²};
 *   <li>k-sparse: the same with the latent sparsified, only its k largest values kept (ties to the lower index);
 *   <li>vae, beta-vae: the negative log reconstruction probability of An and Cho (2015) per window value,
 *       {@code −(log (1/L) Σ_l N(x; μ_x(z_l), σ²_x(z_l))) / W} with {@code z_l = μ + σ ⊙ ε_l}; the {@code L} draws
 *       {@code ε_l ~ N(0, I)} are a fixed table drawn once from seed {@value #EPS_SEED} (common random numbers: the
 *       score is a deterministic function of the window); reconstruction: {@code mean_l μ_x(z_l)};
 *   <li>vq-vae-2: trunk, top encoder, nearest top code, bottom encoder on {@code [h, e_top]}, nearest bottom code,
 *       decoder on {@code [e_bottom, e_top]}; score {@code mean_i (x_i − x̂_i)²}; code {@code k_top·Kb + k_bottom}
 *       ({@code -1} and error {@code NaN} until both codebooks hold codes).
 * </ul>
 *
 * <p>Every kind but the VQ-VAE-2 writes code {@code -1} with a finite error: it has no codebook. Matrix products are
 * ND4J GEMMs into preallocated native buffers ({@link NativeMatrix}); bias, activations, top-k, sampling, the nearest
 * codes and the scores run in Java over preallocated arrays, so a step allocates no arrays (ND4J's op dispatch
 * creates a few small short-lived objects per GEMM, as in the VQ-VAE kernel).
 */
public final class ScorerKernel implements WindowKernel {
    /** Seed of the VAEs' fixed table of latent draws. */
    public static final long EPS_SEED = 0x5CE0E5L;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final ScorerLayers layers;
    private final ScorerConfig config;
    private final ScorerKind kind;
    private final TwoLevelCodebook codebook;
    private final int maxBatch;
    private final int w;
    private final int d;
    private final int samples;
    private final float invNormWindow;
    private final float clip;
    private final List<ScorerLayers.Dense> dense;
    private final INDArray[] wm;
    private final NativeMatrix[] in;
    private final NativeMatrix[] outm;
    private final float[][] act;
    private final float[] xj;
    private final float[] eps;
    // scratch of the VAE (latent samples) and VQ-VAE-2 (concatenations, codes)
    private final float[] zs;
    private final float[] cat1;
    private final float[] cat2;
    private final float[] qt;
    private final float[] qb;
    private final int[] ct;
    private final int[] cb;
    private final float[] topCodes;
    private final float[] bottomCodes;
    private long topVersion = -1;
    private long bottomVersion = -1;
    private final boolean[] keep;

    /**
     * A kernel for batches of at most {@code maxBatch} streams.
     *
     * @param codebook the VQ-VAE-2's codebooks ({@code null} for the other kinds)
     */
    public ScorerKernel(ScorerLayers layers, TwoLevelCodebook codebook, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.layers = layers;
        this.config = layers.config();
        this.kind = config.kind();
        if ((kind == ScorerKind.VQ_VAE_2) != (codebook != null)) {
            throw new IllegalArgumentException("a codebook is needed by, and only by, the vq-vae-2");
        }
        this.codebook = codebook;
        this.maxBatch = maxBatch;
        this.w = config.window();
        this.d = config.latentDim();
        this.samples = kind.variational() ? config.samples() : 1;
        this.invNormWindow = (float) (1.0 / config.normalisationWindow());
        this.clip = (float) config.clip();
        this.dense = layers.layers();
        int n = dense.size();
        this.wm = new INDArray[n];
        this.in = new NativeMatrix[n];
        this.outm = new NativeMatrix[n];
        this.act = new float[n][];
        for (int i = 0; i < n; i++) {
            ScorerLayers.Dense l = dense.get(i);
            int rows = kind.variational() && i >= 2 ? maxBatch * samples : maxBatch;
            wm[i] = NativeMatrix.of(layers.weights(i), l.in(), l.out()).full();
            in[i] = new NativeMatrix(rows, l.in());
            outm[i] = new NativeMatrix(rows, l.out());
            act[i] = new float[rows * l.out()];
        }
        this.xj = new float[maxBatch * w];
        this.eps = new float[samples * d];
        SplitMix64 r = new SplitMix64(EPS_SEED);
        for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) r.nextGaussian();
        }
        this.zs = new float[kind.variational() ? maxBatch * samples * d : 0];
        boolean vq2 = kind == ScorerKind.VQ_VAE_2;
        int dt = config.topLatentDim();
        this.cat1 = new float[vq2 ? maxBatch * (config.hidden() + dt) : 0];
        this.cat2 = new float[vq2 ? maxBatch * (d + dt) : 0];
        this.qt = new float[vq2 ? maxBatch * dt : 0];
        this.qb = new float[vq2 ? maxBatch * d : 0];
        this.ct = new int[vq2 ? maxBatch : 0];
        this.cb = new int[vq2 ? maxBatch : 0];
        this.topCodes = new float[vq2 ? config.topCodes() * dt : 0];
        this.bottomCodes = new float[vq2 ? config.bottomCodes() * d : 0];
        this.keep = new boolean[d];
    }

    /** The fixed latent draws {@code ε} of the VAEs, row-major {@code L × D} (a copy; for tests). */
    public float[] latentDraws() {
        return eps.clone();
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public void score(StreamState[] states, float[] obs, int batch, WindowResult out) {
        WindowState.checkBatch(states, obs, batch, maxBatch, out, w, config.exposedLatentDim());
        out.setBatch(batch);
        if (batch == 0) {
            return;
        }
        int ready = WindowState.pushAll(states, obs, batch, w, invNormWindow, clip, xj, out.ready);
        if (ready == 0) {
            for (int b = 0; b < batch; b++) {
                markNotScored(out, b);
            }
            return;
        }
        boolean scored = switch (kind) {
            case VAE, BETA_VAE -> variational(batch, out);
            case VQ_VAE_2 -> hierarchical(batch, out);
            default -> deterministic(batch, out);
        };
        for (int b = 0; b < batch; b++) {
            if (!out.ready[b] || !scored) {
                markNotScored(out, b);
            } else {
                out.lastValue[b] = ((WindowState) states[b]).denormalise(out.reconstruction[b * w + w - 1]);
            }
        }
    }

    /** Autoencoder-like kinds: encode, (top-k), decode, squared error. */
    private boolean deterministic(int batch, WindowResult out) {
        int e = layers.encoderLayers();
        float[] cur = xj;
        for (int i = 0; i < dense.size(); i++) {
            forward(i, cur, batch);
            cur = act[i];
            if (i == e - 1) {
                if (kind == ScorerKind.K_SPARSE) {
                    for (int b = 0; b < batch; b++) {
                        keepLargest(cur, b * d);
                    }
                }
                System.arraycopy(cur, 0, out.latent, 0, batch * d);
            }
        }
        squaredError(cur, batch, out);
        return true;
    }

    /** Keeps the {@code k} largest of {@code z[off .. off + D)} (ties to the lower index), zeroes the rest. */
    private void keepLargest(float[] z, int off) {
        Arrays.fill(keep, false);
        for (int j = 0; j < config.sparsityK(); j++) {
            int best = -1;
            for (int i = 0; i < d; i++) {
                if (!keep[i] && (best < 0 || z[off + i] > z[off + best])) {
                    best = i;
                }
            }
            keep[best] = true;
        }
        for (int i = 0; i < d; i++) {
            if (!keep[i]) {
                z[off + i] = 0f;
            }
        }
    }

    /** VAEs: Gaussian latent, L fixed draws, Gaussian decoder, negative log reconstruction probability. */
    private boolean variational(int batch, WindowResult out) {
        forward(0, xj, batch);
        forward(1, act[0], batch);
        float[] head = act[1];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(head, b * 2 * d, out.latent, b * d, d);
            for (int l = 0; l < samples; l++) {
                int row = (b * samples + l) * d;
                for (int j = 0; j < d; j++) {
                    float mu = head[b * 2 * d + j];
                    float sigma = (float) Math.exp(0.5 * clipLogVar(head[b * 2 * d + d + j]));
                    zs[row + j] = mu + sigma * eps[l * d + j];
                }
            }
        }
        int rows = batch * samples;
        forward(2, zs, rows);
        forward(3, act[2], rows);
        float[] dec = act[3];
        for (int b = 0; b < batch; b++) {
            int xo = b * w;
            Arrays.fill(out.reconstruction, xo, xo + w, 0f);
            double max = Double.NEGATIVE_INFINITY;
            for (int pass = 0; pass < 2; pass++) {
                double sum = 0;
                for (int l = 0; l < samples; l++) {
                    int ro = (b * samples + l) * 2 * w;
                    double lp = 0;
                    for (int i = 0; i < w; i++) {
                        float mu = dec[ro + i];
                        float lv = clipLogVar(dec[ro + w + i]);
                        float diff = xj[xo + i] - mu;
                        lp += LOG_2PI + lv + diff * diff * Math.exp(-lv);
                        if (pass == 0) {
                            out.reconstruction[xo + i] += mu / samples;
                        }
                    }
                    lp *= -0.5;
                    if (pass == 0) {
                        max = Math.max(max, lp);
                    } else {
                        sum += Math.exp(lp - max);
                    }
                }
                if (pass == 1) {
                    out.error[b] = (float) (-(max + Math.log(sum / samples)) / w);
                }
            }
            out.code[b] = -1;
        }
        return true;
    }

    private static float clipLogVar(float v) {
        return Math.max(-ScorerLayers.LOG_VAR_BOUND, Math.min(ScorerLayers.LOG_VAR_BOUND, v));
    }

    /** VQ-VAE-2: two levels of nearest codes, the bottom conditioned on the top. */
    private boolean hierarchical(int batch, WindowResult out) {
        int h = config.hidden();
        int dt = config.topLatentDim();
        EmaCodebook top = codebook.top();
        EmaCodebook bottom = codebook.bottom();
        if (top.initialised() && top.version() != topVersion) {
            top.copyCodes(topCodes);
            topVersion = top.version();
        }
        if (bottom.initialised() && bottom.version() != bottomVersion) {
            bottom.copyCodes(bottomCodes);
            bottomVersion = bottom.version();
        }
        forward(0, xj, batch);
        forward(1, act[0], batch);
        float[] zt = act[1];
        quantise(top, topCodes, zt, batch, dt, ct, qt);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(act[0], b * h, cat1, b * (h + dt), h);
            System.arraycopy(qt, b * dt, cat1, b * (h + dt) + h, dt);
        }
        forward(2, cat1, batch);
        float[] zb = act[2];
        quantise(bottom, bottomCodes, zb, batch, d, cb, qb);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(zt, b * dt, out.latent, b * (dt + d), dt);
            System.arraycopy(zb, b * d, out.latent, b * (dt + d) + dt, d);
        }
        if (!codebook.initialised()) {
            return false;
        }
        for (int b = 0; b < batch; b++) {
            System.arraycopy(qb, b * d, cat2, b * (d + dt), d);
            System.arraycopy(qt, b * dt, cat2, b * (d + dt) + d, dt);
            out.code[b] = ct[b] * config.bottomCodes() + cb[b];
        }
        forward(3, cat2, batch);
        forward(4, act[3], batch);
        squaredError(act[4], batch, out);
        return true;
    }

    /** Nearest codes of {@code z} rows and their code vectors ({@code q = z} while the codebook is empty). */
    private static void quantise(EmaCodebook cbk, float[] codes, float[] z, int batch, int dim, int[] idx, float[] q) {
        if (!cbk.initialised()) {
            System.arraycopy(z, 0, q, 0, batch * dim);
            Arrays.fill(idx, 0, batch, -1);
            return;
        }
        for (int b = 0; b < batch; b++) {
            int k = cbk.nearest(z, b * dim);
            idx[b] = k;
            System.arraycopy(codes, k * dim, q, b * dim, dim);
        }
    }

    private void squaredError(float[] y, int batch, WindowResult out) {
        for (int b = 0; b < batch; b++) {
            int off = b * w;
            double err = 0;
            for (int i = 0; i < w; i++) {
                float r = y[off + i];
                out.reconstruction[off + i] = r;
                float diff = xj[off + i] - r;
                err += diff * diff;
            }
            out.error[b] = (float) (err / w);
            if (kind != ScorerKind.VQ_VAE_2) {
                out.code[b] = -1;
            }
        }
    }

    /** Layer {@code i} on {@code rows} rows of {@code src}: {@code act[i] = act(src · W_i + b_i)}. */
    private void forward(int i, float[] src, int rows) {
        ScorerLayers.Dense l = dense.get(i);
        in[i].put(src, rows);
        Nd4j.gemm(in[i].view(rows), wm[i], outm[i].view(rows), false, false, 1.0, 0.0);
        float[] y = act[i];
        outm[i].get(y, rows);
        float[] bias = layers.biases(i);
        int cols = l.out();
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                float v = y[off + j] + bias[j];
                y[off + j] = l.relu() && v < 0 ? 0f : v;
            }
        }
    }

    private void markNotScored(WindowResult out, int b) {
        out.code[b] = -1;
        out.error[b] = Float.NaN;
        out.lastValue[b] = Float.NaN;
        Arrays.fill(out.reconstruction, b * w, (b + 1) * w, Float.NaN);
    }

    /** The normalised windows of the last step (row-major {@code batch × W}), for tests. */
    public float[] lastNormalisedWindows() {
        return xj.clone();
    }
}
