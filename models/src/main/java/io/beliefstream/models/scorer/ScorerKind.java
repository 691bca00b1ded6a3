package io.beliefstream.models.scorer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The members of the autoencoder family served as window scorers by {@link ScorerModel} (the VQ-VAE has its own
 * package, {@link io.beliefstream.models.vqvae}). Every kind shares the encoder/decoder MLP of
 * {@link io.beliefstream.models.scorer.internal.ScorerLayers}; they differ in the training loss, in a serving-time
 * activation (k-sparse's top-k) or in the latent head (Gaussian for the VAEs, two codebooks for the VQ-VAE-2). See
 * docs/models.md for each objective with its reference equation.
 */
public enum ScorerKind {
    /** Plain autoencoder: {@code L_AE} (Weng, "Autoencoder"). */
    AUTOENCODER("autoencoder"),
    /** Denoising autoencoder, masking noise in training: {@code L_DAE} (Weng, "Denoising Autoencoder"). */
    DENOISING("denoising"),
    /** Sparse autoencoder with an L1 penalty on the hidden activation (slides, "Sparse Autoencoder", method 2). */
    SPARSE("sparse"),
    /** k-sparse autoencoder: only the k largest latent units are kept (Weng, "k-Sparse Autoencoder"). */
    K_SPARSE("k-sparse"),
    /** Contractive autoencoder: penalty {@code ‖J_f(x)‖_F²} (Weng, "Contractive Autoencoder"). */
    CONTRACTIVE("contractive"),
    /** Stacked autoencoder: greedy layer-wise pre-training, then fine-tuning (slides, "Stacked Autoencoder"). */
    STACKED("stacked"),
    /** VAE scored by the reconstruction probability (An and Cho 2015): ELBO {@code L_VAE} (Weng, "Loss Function: ELBO"). */
    VAE("vae"),
    /** β-VAE: {@code L_BETA} (Weng, "Beta-VAE"). */
    BETA_VAE("beta-vae"),
    /** Two-level hierarchical VQ-VAE, both codebooks learned by EMA (Weng, "VQ-VAE and VQ-VAE-2"). */
    VQ_VAE_2("vq-vae-2");

    private final String label;

    ScorerKind(String label) {
        this.label = label;
    }

    /** The name used in settings ({@code model.scorer}), on the command line and as the bundle kind. */
    public String label() {
        return label;
    }

    /** Whether the latent is a Gaussian ({@code μ, log σ²}) and the score the negative reconstruction probability. */
    public boolean variational() {
        return this == VAE || this == BETA_VAE;
    }

    /** The kind named {@code label}. */
    public static ScorerKind of(String label) {
        for (ScorerKind k : values()) {
            if (k.label.equals(label.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown scorer kind '" + label + "'; known: " + labels());
    }

    /** All labels, comma-separated. */
    public static String labels() {
        return Arrays.stream(values()).map(ScorerKind::label).collect(Collectors.joining(", "));
    }
}
