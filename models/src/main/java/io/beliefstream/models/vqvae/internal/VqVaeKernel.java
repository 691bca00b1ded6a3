package io.beliefstream.models.vqvae.internal;

import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowKernel;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.vqvae.EmaCodebook;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batched VQ-VAE serving step: push each stream's observation, normalise its window, encode
 * ({@code z_e = relu(x W1 + b1) W2 + b2}), quantise to the nearest code and decode
 * ({@code x̂ = relu(e_k W3 + b3) W4 + b4}); the forward pass of {@code autoencoder-family-weng.md}, section
 * "VQ-VAE and VQ-VAE-2", {@code z_q(x) = e_k, k = argmin_i ‖E(x) − e_i‖₂}.
 *
 * <p>Every matrix product is an ND4J GEMM into preallocated native buffers ({@link NativeMatrix}); the nearest code
 * is a {@link NearestCodeSearch} (GEMMs {@code [Z|1]·[−2E|‖e‖²]ᵀ} per block of rows, ties to the lower index, on one or
 * two threads). Bias, ReLU and the scan run in Java over preallocated arrays, so a step allocates no arrays (ND4J's op dispatch creates a few small short-lived Java objects per GEMM).
 */
public final class VqVaeKernel implements WindowKernel {
    private final int maxBatch;
    private final int w;
    private final int h;
    private final int d;
    private final float invNormWindow;
    private final float clip;
    private final VqVaeWeights weights;
    private final EmaCodebook codebook;
    private final INDArray w1;
    private final INDArray w2;
    private final INDArray w3;
    private final INDArray w4;
    private final NativeMatrix x;
    private final NativeMatrix h1;
    private final NativeMatrix z;
    private final NativeMatrix q;
    private final NativeMatrix h2;
    private final NativeMatrix y;
    private final float[] xj;
    private final float[] hj;
    private final float[] qj;
    private final NearestCodeSearch search;
    private final float[] yj;

    /** A kernel whose nearest-code search uses {@link NearestCodeSearch#defaultThreads()} threads. */
    public VqVaeKernel(VqVaeWeights weights, EmaCodebook codebook, int maxBatch, double normalisationWindow,
            double clip) {
        this(weights, codebook, maxBatch, normalisationWindow, clip, NearestCodeSearch.defaultThreads());
    }

    /** A kernel whose nearest-code search uses {@code searchThreads} threads (1 or 2, see {@link NearestCodeSearch}). */
    public VqVaeKernel(VqVaeWeights weights, EmaCodebook codebook, int maxBatch, double normalisationWindow,
            double clip, int searchThreads) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.weights = Objects.requireNonNull(weights, "weights");
        this.codebook = Objects.requireNonNull(codebook, "codebook");
        this.maxBatch = maxBatch;
        this.w = weights.window();
        this.h = weights.hidden();
        this.d = weights.latentDim();
        if (codebook.dim() != d) {
            throw new IllegalArgumentException("codebook dimension " + codebook.dim() + " is not latentDim " + d);
        }
        this.invNormWindow = (float) (1.0 / normalisationWindow);
        this.clip = (float) clip;
        this.w1 = NativeMatrix.of(weights.w1(), w, h).full();
        this.w2 = NativeMatrix.of(weights.w2(), h, d).full();
        this.w3 = NativeMatrix.of(weights.w3(), d, h).full();
        this.w4 = NativeMatrix.of(weights.w4(), h, w).full();
        this.x = new NativeMatrix(maxBatch, w);
        this.h1 = new NativeMatrix(maxBatch, h);
        this.z = new NativeMatrix(maxBatch, d);
        this.q = new NativeMatrix(maxBatch, d);
        this.h2 = new NativeMatrix(maxBatch, h);
        this.y = new NativeMatrix(maxBatch, w);
        this.xj = new float[maxBatch * w];
        this.hj = new float[maxBatch * h];
        this.qj = new float[maxBatch * d];
        this.search = new NearestCodeSearch(codebook, maxBatch, searchThreads);
        this.yj = new float[maxBatch * w];
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public void score(StreamState[] states, float[] obs, int batch, WindowResult out) {
        WindowState.checkBatch(states, obs, batch, maxBatch, out, w, d);
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
        encode(batch, out.latent);
        boolean quantise = codebook.initialised();
        if (quantise) {
            search.assign(out.latent, batch, out.code, qj);
            decodeCodes(batch);
        }
        for (int b = 0; b < batch; b++) {
            if (!out.ready[b] || !quantise) {
                markNotScored(out, b);
                continue;
            }
            double err = 0;
            int off = b * w;
            for (int i = 0; i < w; i++) {
                float r = yj[off + i];
                out.reconstruction[off + i] = r;
                float diff = xj[off + i] - r;
                err += diff * diff;
            }
            out.error[b] = (float) (err / w);
            out.lastValue[b] = ((WindowState) states[b]).denormalise(yj[off + w - 1]);
        }
    }

    private void markNotScored(WindowResult out, int b) {
        out.code[b] = -1;
        out.error[b] = Float.NaN;
        out.lastValue[b] = Float.NaN;
        java.util.Arrays.fill(out.reconstruction, b * w, (b + 1) * w, Float.NaN);
    }

    /** Encoder: {@code xj → latent} (rows {@code < batch}); leaves {@code z} holding the latents. */
    private void encode(int batch, float[] latent) {
        x.put(xj, batch);
        Nd4j.gemm(x.view(batch), w1, h1.view(batch), false, false, 1.0, 0.0);
        biasRelu(h1, weights.b1(), batch, h);
        Nd4j.gemm(h1.view(batch), w2, z.view(batch), false, false, 1.0, 0.0);
        z.get(latent, batch);
        float[] b2 = weights.b2();
        for (int b = 0; b < batch; b++) {
            int off = b * d;
            for (int j = 0; j < d; j++) {
                latent[off + j] += b2[j];
            }
        }
        z.put(latent, batch);
    }

    private void biasRelu(NativeMatrix m, float[] bias, int batch, int cols) {
        m.get(hj, batch);
        for (int b = 0; b < batch; b++) {
            int off = b * cols;
            for (int j = 0; j < cols; j++) {
                float v = hj[off + j] + bias[j];
                hj[off + j] = v > 0 ? v : 0f;
            }
        }
        m.put(hj, batch);
    }

    /** Decoder from {@code qj} into {@code yj}. */
    private void decodeCodes(int batch) {
        q.put(qj, batch);
        Nd4j.gemm(q.view(batch), w3, h2.view(batch), false, false, 1.0, 0.0);
        biasRelu(h2, weights.b3(), batch, h);
        Nd4j.gemm(h2.view(batch), w4, y.view(batch), false, false, 1.0, 0.0);
        y.get(yj, batch);
        float[] b4 = weights.b4();
        for (int b = 0; b < batch; b++) {
            int off = b * w;
            for (int i = 0; i < w; i++) {
                yj[off + i] += b4[i];
            }
        }
    }

    /** The normalised windows of the last step (row-major {@code batch × W}), for tests. */
    public float[] lastNormalisedWindows() {
        return xj.clone();
    }
}
