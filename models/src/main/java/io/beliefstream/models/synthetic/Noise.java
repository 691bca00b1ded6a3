package io.beliefstream.models.synthetic;

import java.util.SplittableRandom;

/** Standard-normal draws from a {@link SplittableRandom} (Box-Muller), so every series depends on its seed only. */
final class Noise {
    private Noise() {}

    static double gaussian(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
