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
 * <p>The transition's mean comes in two forms ({@link Transition}): the original residual {@code z + MLP(z, dt)}
 * ({@link Transition#RESIDUAL}, layout and bundle version 1, the shipped default bundle) and the rotation form
 * {@code R(dt·ω(z))·z} ({@link Transition#ROTATION}, version 2, the default for new models).
 *
 * @param inputDim dimension of one observation {@code x_t}
 * @param beliefSize LSTM hidden size (the belief state {@code b_t}); the cell state has the same size
 * @param latentSize latent dimension per layer
 * @param latentLayers number of latent layers, 1 or 2
 * @param hiddenSize hidden width of the belief, transition and smoothing networks
 * @param decoderHidden hidden width of the decoder
 * @param transition the form of the transition mean
 */
public record TdVaeConfig(int inputDim, int beliefSize, int latentSize, int latentLayers, int hiddenSize,
        int decoderHidden, Transition transition) {
    /**
     * Form of the transition mean {@code μ_T(z, dt)} of {@code p_T(z_{t2} | z_{t1}, dt)}
     * ({@code shared/reference/autoencoder-family-weng.md}, section TD-VAE: the transition distribution
     * {@code p_T(z_{t2} | z_{t1})} of the jumpy state-space model; the paper leaves its network free).
     */
    public enum Transition {
        /**
         * {@code μ_T = z + MLP(z, log dt, dt/100)} (one tanh hidden layer). Layout version 1: every bundle written
         * before the rotation form (including the shipped default bundle) uses it.
         */
        RESIDUAL,
        /**
         * {@code μ_T = R(dt·ω)·z} with {@code ω = κ·(z·Wr + br)} (one angular velocity per consecutive coordinate
         * pair {@code (z_{2p}, z_{2p+1})}, {@code p < ⌊L·Z/2⌋}, {@code κ = ROTATION_RATE_SCALE}) and {@code R} the
         * block-diagonal rotation by the angles {@code θ_p = dt·ω_p} (an odd last coordinate is carried unchanged);
         * {@code σ_T} from the one-hidden-layer net of {@code (z, log dt, dt/100)} as before, without its mean head.
         * It is exactly the jump of a (state-dependent-frequency) linear oscillator for every {@code dt}, so short
         * jumps teach the angular velocities that long jumps use; the residual MLP did not learn rotations by large
         * angles, and a rotation added to the residual MLP was not used (both measured, docs/notes/tdvae.md). A
         * frequency of zero carries a coordinate unchanged (a level, or a random walk's last value). Layout version
         * 2 (also initialises {@code lstm.Wx} as a weight matrix when {@code inputDim = 1}).
         */
        ROTATION
    }

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
    /**
     * {@code κ} of the rotation transition's angular velocities {@code ω = κ·(z·Wr + br)}: a fixed reparameterisation
     * that makes one Adam step move {@code ω} ten times less than an ordinary weight, because a change of {@code ω}
     * moves the phase of a jump of {@code dt} by {@code dt} times as much.
     */
    public static final double ROTATION_RATE_SCALE = 0.1;
    /** Divisor of the linear jump feature. */
    public static final double DT_SCALE = 100.0;

    public TdVaeConfig {
        if (transition == null) {
            throw new IllegalArgumentException("transition must not be null");
        }
        requireRange("inputDim", inputDim, 1, 1024);
        requireRange("beliefSize", beliefSize, 1, 4096);
        requireRange("latentSize", latentSize, 1, 1024);
        requireRange("latentLayers", latentLayers, 1, 2);
        requireRange("hiddenSize", hiddenSize, 1, 4096);
        requireRange("decoderHidden", decoderHidden, 1, 4096);
        if (transition == Transition.ROTATION && latentSize * latentLayers < 2) {
            throw new IllegalArgumentException("the rotation transition needs a total latent size of at least 2");
        }
    }

    /** The given sizes with the default transition for new models, {@link Transition#ROTATION}. */
    public TdVaeConfig(int inputDim, int beliefSize, int latentSize, int latentLayers, int hiddenSize,
            int decoderHidden) {
        this(inputDim, beliefSize, latentSize, latentLayers, hiddenSize, decoderHidden, Transition.ROTATION);
    }

    /** This configuration with the given transition form. */
    public TdVaeConfig withTransition(Transition t) {
        return new TdVaeConfig(inputDim, beliefSize, latentSize, latentLayers, hiddenSize, decoderHidden, t);
    }

    /** Number of rotated coordinate pairs of the {@link Transition#ROTATION} transition (0 for the residual). */
    public int rotationPairs() {
        return transition == Transition.ROTATION ? totalLatent() / 2 : 0;
    }

    /** The layout and bundle version of this configuration: 1 for the residual transition, 2 for the rotation. */
    public int layoutVersion() {
        return transition == Transition.RESIDUAL ? 1 : 2;
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
