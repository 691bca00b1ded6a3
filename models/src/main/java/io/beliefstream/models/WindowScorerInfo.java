package io.beliefstream.models;

import java.util.Objects;

/**
 * What a served window scorer is.
 *
 * @param name model family, for example {@code "vq-vae"}
 * @param version version of this trained instance (bundle id), reported with every score
 * @param stateFormat identifies the binary layout of the scorer's per-stream {@link StreamState}s; states of equal
 *     format are interchangeable
 * @param window number of most recent observations {@code W} the scorer looks at (scalar observations)
 * @param latentDim dimension {@code D} of the encoder output exposed in {@link WindowResult#latent}
 * @param codebookSize number of codes {@code K} of the shared {@link OnlineCodebook}
 */
public record WindowScorerInfo(String name, String version, String stateFormat, int window, int latentDim,
        int codebookSize) {

    public WindowScorerInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stateFormat, "stateFormat");
        if (window < 2) {
            throw new IllegalArgumentException("window must be at least 2, got " + window);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("latentDim must be at least 1, got " + latentDim);
        }
        if (codebookSize < 1) {
            throw new IllegalArgumentException("codebookSize must be at least 1, got " + codebookSize);
        }
    }
}
