package io.beliefstream.models.scorer.internal;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.bundle.ModelBundle;
import io.beliefstream.models.scorer.ScorerConfig;
import io.beliefstream.models.scorer.ScorerKind;
import io.beliefstream.models.vqvae.internal.SplitMix64;
import java.util.ArrayList;
import java.util.List;

/**
 * The one encoder/decoder MLP definition shared by every {@link ScorerKind}: a list of dense layers
 * {@code y = act(x·W + b)}, {@code W} row-major {@code [in, out]}, {@code act} ReLU or identity, with its weights.
 * The SameDiff graphs ({@link ScorerGraph}) and the serving kernel ({@link ScorerKernel}) both walk this list, so
 * the kinds differ only in what surrounds it:
 *
 * <pre>
 *   autoencoder, denoising, sparse, k-sparse, contractive:  W →r H → D | D →r H → W
 *   stacked:                                                W →r H →r H₂ → D | D →r H₂ →r H → W,  H₂ = max(D, ⌊H/2⌋)
 *   vae, beta-vae:                                          W →r H → 2D (μ, log σ²) | D →r H → 2W (μ_x, log σ²_x)
 *   vq-vae-2:  trunk W →r H;  top H → Dt;  bottom [H, e_top] → D;  decoder [e_bottom, e_top] →r H → W
 * </pre>
 *
 * ({@code →r}: ReLU; "|" separates encoder from decoder.) Immutable by convention.
 */
public final class ScorerLayers {
    /** Log-variances of the VAEs (latent and decoder) are clipped to {@code [−LOG_VAR_BOUND, LOG_VAR_BOUND]}. */
    public static final float LOG_VAR_BOUND = 8f;

    /** One dense layer: {@code in → out}, ReLU or not. */
    public record Dense(int in, int out, boolean relu) {}

    private final ScorerConfig config;
    private final List<Dense> layers;
    private final int encoderLayers;
    private final float[][] w;
    private final float[][] b;

    private ScorerLayers(ScorerConfig config, float[][] w, float[][] b) {
        this.config = config;
        this.layers = layout(config);
        this.encoderLayers = config.kind() == ScorerKind.VQ_VAE_2 ? 3 : layers.size() / 2;
        if (w.length != layers.size() || b.length != layers.size()) {
            throw new IllegalArgumentException("need " + layers.size() + " layers, got " + w.length);
        }
        for (int i = 0; i < layers.size(); i++) {
            Dense d = layers.get(i);
            if (w[i].length != d.in() * d.out() || b[i].length != d.out()) {
                throw new IllegalArgumentException("layer " + i + " must be " + d.in() + " × " + d.out() + ", got "
                        + w[i].length + " weights and " + b[i].length + " biases");
            }
        }
        this.w = w;
        this.b = b;
    }

    /** The layer list of a configuration (see the class comment). */
    public static List<Dense> layout(ScorerConfig c) {
        int win = c.window();
        int h = c.hidden();
        int d = c.latentDim();
        List<Dense> l = new ArrayList<>();
        switch (c.kind()) {
            case STACKED -> {
                int h2 = Math.max(d, h / 2);
                l.add(new Dense(win, h, true));
                l.add(new Dense(h, h2, true));
                l.add(new Dense(h2, d, false));
                l.add(new Dense(d, h2, true));
                l.add(new Dense(h2, h, true));
                l.add(new Dense(h, win, false));
            }
            case VAE, BETA_VAE -> {
                l.add(new Dense(win, h, true));
                l.add(new Dense(h, 2 * d, false));
                l.add(new Dense(d, h, true));
                l.add(new Dense(h, 2 * win, false));
            }
            case VQ_VAE_2 -> {
                int dt = c.topLatentDim();
                l.add(new Dense(win, h, true));
                l.add(new Dense(h, dt, false));
                l.add(new Dense(h + dt, d, false));
                l.add(new Dense(d + dt, h, true));
                l.add(new Dense(h, win, false));
            }
            default -> {
                l.add(new Dense(win, h, true));
                l.add(new Dense(h, d, false));
                l.add(new Dense(d, h, true));
                l.add(new Dense(h, win, false));
            }
        }
        return List.copyOf(l);
    }

    /** Glorot-uniform weights and zero biases from {@code seed}. */
    public static ScorerLayers random(ScorerConfig config, long seed) {
        List<Dense> l = layout(config);
        SplitMix64 r = new SplitMix64(seed);
        float[][] w = new float[l.size()][];
        float[][] b = new float[l.size()][];
        for (int i = 0; i < l.size(); i++) {
            Dense d = l.get(i);
            w[i] = new float[d.in() * d.out()];
            double limit = Math.sqrt(6.0 / (d.in() + d.out()));
            for (int j = 0; j < w[i].length; j++) {
                w[i][j] = (float) ((r.nextDouble() * 2 - 1) * limit);
            }
            b[i] = new float[d.out()];
        }
        return new ScorerLayers(config, w, b);
    }

    /** Layers with the given weights ({@code w[i]} row-major {@code in × out}, {@code b[i]} of {@code out}). */
    public static ScorerLayers of(ScorerConfig config, float[][] w, float[][] b) {
        return new ScorerLayers(config, w, b);
    }

    /** Tensor names of layer {@code i} in a bundle: {@code layer<i>.w}, {@code layer<i>.b}. */
    public static String weightName(int i) {
        return "layer" + i + ".w";
    }

    public static String biasName(int i) {
        return "layer" + i + ".b";
    }

    /** Adds the tensors to a bundle. */
    public void addTo(ModelBundle.Builder builder) {
        for (int i = 0; i < layers.size(); i++) {
            Dense d = layers.get(i);
            builder.tensor(weightName(i), new int[] {d.in(), d.out()}, w[i]);
            builder.tensor(biasName(i), new int[] {d.out()}, b[i]);
        }
    }

    /** Reads the tensors of a bundle for {@code config}. */
    public static ScorerLayers from(ModelBundle bundle, ScorerConfig config) {
        int n = layout(config).size();
        float[][] w = new float[n][];
        float[][] b = new float[n][];
        for (int i = 0; i < n; i++) {
            w[i] = bundle.tensor(weightName(i)).values();
            b[i] = bundle.tensor(biasName(i)).values();
        }
        try {
            return new ScorerLayers(config, w, b);
        } catch (IllegalArgumentException e) {
            throw new ModelException(config.kind().label() + " bundle tensors do not match its config: "
                    + e.getMessage(), e);
        }
    }

    public ScorerConfig config() {
        return config;
    }

    public List<Dense> layers() {
        return layers;
    }

    /** Number of layers of the encoder (they come first); the VQ-VAE-2 counts trunk, top and bottom. */
    public int encoderLayers() {
        return encoderLayers;
    }

    /** Weights of layer {@code i} (not copied: do not write). */
    public float[] weights(int i) {
        return w[i];
    }

    /** Biases of layer {@code i} (not copied: do not write). */
    public float[] biases(int i) {
        return b[i];
    }

    /** Every array, weights then biases per layer: for the version checksum. */
    public List<float[]> arrays() {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            out.add(w[i]);
            out.add(b[i]);
        }
        return out;
    }
}
