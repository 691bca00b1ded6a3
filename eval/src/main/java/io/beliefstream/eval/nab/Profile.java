package io.beliefstream.eval.nab;

import java.util.List;
import java.util.Objects;

/**
 * A named NAB scoring profile.
 *
 * @param name profile name as in NAB ({@code standard}, {@code reward_low_FP_rate}, {@code reward_low_FN_rate})
 * @param costs its weights
 */
public record Profile(String name, CostMatrix costs) {
    /** NAB's standard profile: TP 1, FP 0.11, FN 1. */
    public static final Profile STANDARD = new Profile("standard", new CostMatrix(1.0, 0.11, 1.0, 1.0));
    /** NAB's profile rewarding few false positives: TP 1, FP 0.22, FN 1. */
    public static final Profile REWARD_LOW_FP_RATE =
            new Profile("reward_low_FP_rate", new CostMatrix(1.0, 0.22, 1.0, 1.0));
    /** NAB's profile rewarding few false negatives: TP 1, FP 0.11, FN 2. */
    public static final Profile REWARD_LOW_FN_RATE =
            new Profile("reward_low_FN_rate", new CostMatrix(1.0, 0.11, 2.0, 1.0));
    /** NAB's three profiles, as in its {@code config/profiles.json}. */
    public static final List<Profile> NAB_PROFILES = List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);

    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(costs, "costs");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
    }
}
