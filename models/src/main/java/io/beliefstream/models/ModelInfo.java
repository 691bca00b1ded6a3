package io.beliefstream.models;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a served model is and what it produces.
 *
 * @param name model family, for example {@code "last-value"} or {@code "td-vae"}
 * @param version version of this trained instance (bundle id), reported with every prediction
 * @param stateFormat identifies the binary layout of the model's {@link StreamState}s; states of equal format are
 *     interchangeable, which is what a hot swap keeps
 * @param inputDim dimension of one observation
 * @param horizons forecast horizons in steps, strictly increasing, each at least 1
 * @param intervalLevel probability mass of the central forecast interval, in (0, 1)
 */
public record ModelInfo(String name, String version, String stateFormat, int inputDim, int[] horizons,
        double intervalLevel) {

    public ModelInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stateFormat, "stateFormat");
        Objects.requireNonNull(horizons, "horizons");
        if (inputDim < 1) {
            throw new IllegalArgumentException("inputDim must be at least 1, got " + inputDim);
        }
        if (horizons.length == 0) {
            throw new IllegalArgumentException("horizons must not be empty");
        }
        for (int i = 0; i < horizons.length; i++) {
            if (horizons[i] < 1 || (i > 0 && horizons[i] <= horizons[i - 1])) {
                throw new IllegalArgumentException(
                        "horizons must be strictly increasing and at least 1, got " + Arrays.toString(horizons));
            }
        }
        if (!(intervalLevel > 0 && intervalLevel < 1)) {
            throw new IllegalArgumentException("intervalLevel must be in (0, 1), got " + intervalLevel);
        }
        horizons = horizons.clone();
    }

    @Override
    public int[] horizons() {
        return horizons.clone();
    }

    /** Number of horizons. */
    public int horizonCount() {
        return horizons.length;
    }

    /** The {@code i}-th horizon, without copying the array. */
    public int horizon(int i) {
        return horizons[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelInfo m && name.equals(m.name) && version.equals(m.version)
                && stateFormat.equals(m.stateFormat) && inputDim == m.inputDim
                && Arrays.equals(horizons, m.horizons) && intervalLevel == m.intervalLevel;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, stateFormat, inputDim, Arrays.hashCode(horizons), intervalLevel);
    }

    @Override
    public String toString() {
        return "ModelInfo[name=" + name + ", version=" + version + ", stateFormat=" + stateFormat + ", inputDim="
                + inputDim + ", horizons=" + Arrays.toString(horizons) + ", intervalLevel=" + intervalLevel + "]";
    }
}
