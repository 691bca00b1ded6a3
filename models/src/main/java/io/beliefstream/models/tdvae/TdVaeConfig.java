package io.beliefstream.models.tdvae;

/**
 * Architecture of a TD-VAE (Gregor et al., ICLR 2019; {@code shared/reference/autoencoder-family-weng.md}, section
 * TD-VAE): a belief LSTM {@code b_t = RNN(b_{t-1}, x_t)} and four diagonal-Gaussian networks, the belief
 * {@code p_B(z|b)}, the transition {@code p_T(z_{t2}|z_{t1}, dt)}, the smoothing
 * {@code p_S(z_{t1}|z_{t2}, b_{t1}, b_{t2}, dt)} and the decoder {@code p_D(x|z)}. Each network is one tanh hidden
 * layer with a linear mean head and a softplus standard-deviation head ({@code σ = softplus(a) + MIN_STD}).
 *
 * <p>With {@code latentLayers = 2} the latent is a two-layer hierarchy: the top layer depends on the belief (and, for
 * smoothing, on {@code z_{t2}, b_{t1}, b_{t2}, dt}), the lower layer additionally on the sampled top layer. The
 * transition and the decoder see the concatenation of all layers.
 *
 * @param inputDim dimension of one observation {@code x_t}
 * @param beliefSize LSTM hidden size (the belief state {@code b_t}); the cell state has the same size
 * @param latentSize latent dimension per layer
 * @param latentLayers number of latent layers, 1 or 2
 * @param hiddenSize hidden width of the belief, transition and smoothing networks
 * @param decoderHidden hidden width of the decoder
 */
public record TdVaeConfig(int inputDim, int beliefSize, int latentSize, int latentLayers, int hiddenSize,
        int decoderHidden) {
    /** Default belief size: small enough that serving stays within a few µs per stream. */
    public static final int DEFAULT_BELIEF_SIZE = 32;
    /** Default latent size per layer. */
    public static final int DEFAULT_LATENT_SIZE = 8;
    /** Default number of latent layers. */
    public static final int DEFAULT_LATENT_LAYERS = 1;
    /** Default hidden width of the belief, transition and smoothing networks. */
    public static final int DEFAULT_HIDDEN_SIZE = 32;
    /** Default hidden width of the decoder. */
    public static final int DEFAULT_DECODER_HIDDEN = 32;
    /** Floor added to every softplus standard deviation. */
    public static final double MIN_STD = 1e-3;
    /** Number of features encoding a jump {@code dt}: {@code log(dt)} and {@code dt / DT_SCALE}. */
    public static final int DT_FEATURES = 2;
    /** Divisor of the linear jump feature. */
    public static final double DT_SCALE = 100.0;

    public TdVaeConfig {
        requireRange("inputDim", inputDim, 1, 1024);
        requireRange("beliefSize", beliefSize, 1, 4096);
        requireRange("latentSize", latentSize, 1, 1024);
        requireRange("latentLayers", latentLayers, 1, 2);
        requireRange("hiddenSize", hiddenSize, 1, 4096);
        requireRange("decoderHidden", decoderHidden, 1, 4096);
    }

    /** The default sizes for univariate input. */
    public static TdVaeConfig defaults() {
        return new TdVaeConfig(1, DEFAULT_BELIEF_SIZE, DEFAULT_LATENT_SIZE, DEFAULT_LATENT_LAYERS,
                DEFAULT_HIDDEN_SIZE, DEFAULT_DECODER_HIDDEN);
    }

    /**
     * The sizes of the best-known public implementation (belief 50, latent 8 per layer × 2 layers, hidden 50, decoder
     * hidden 200), for comparable benchmark figures.
     */
    public static TdVaeConfig publicReferenceSizes(int inputDim) {
        return new TdVaeConfig(inputDim, 50, 8, 2, 50, 200);
    }

    /** Total latent dimension, {@code latentSize × latentLayers}. */
    public int totalLatent() {
        return latentSize * latentLayers;
    }

    /** The two jump features of {@code dt}: {@code log(dt)} and {@code dt / DT_SCALE}. */
    public static double dtFeature(int index, double dt) {
        return index == 0 ? Math.log(dt) : dt / DT_SCALE;
    }

    static void requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
