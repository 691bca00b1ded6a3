/**
 * The autoencoder family as window scorers behind the one {@link io.beliefstream.models.WindowScorerModel}
 * contract: plain, denoising, sparse (L1), k-sparse, contractive and stacked autoencoders, the VAE and β-VAE scored
 * by the reconstruction probability (An and Cho 2015), and the two-level VQ-VAE-2 whose codebooks keep learning
 * online by EMA (references: {@code autoencoder-family-weng.md}, {@code autoencoders-slides.txt}). The single-level
 * VQ-VAE stays in {@link io.beliefstream.models.vqvae}.
 *
 * <p>Entry points: {@link io.beliefstream.models.scorer.ScorerModel} (serving, bundles, {@code loadDefault(kind)}),
 * {@link io.beliefstream.models.scorer.ScorerTrainer} (SameDiff training),
 * {@link io.beliefstream.models.scorer.ScorerCommands} (plain-Java entry points of {@code train scorer}).
 */
package io.beliefstream.models.scorer;
