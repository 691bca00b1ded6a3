package io.beliefstream.models.score;

import java.util.Random;

/**
 * The fixed-seed input of the named-components equality test ({@code AnomalyComponentsEqualityTest}): three streams,
 * 1,500 steps of 10 minutes, a surprise (negative log-likelihood), a reconstruction error (a squared error) and a
 * value with a daily cycle, each stream with its own anomalies. The expected outputs in
 * {@code golden/normaliser-positional.txt.gz} were written by the positional normaliser before issue #14's named
 * components (commit 446b103), so the test shows the refactoring changed no score.
 */
final class NormaliserGolden {
    static final int STREAMS = 3;
    static final int STEPS = 1500;
    static final int CHECKPOINT = 800;
    static final long STEP_MS = 600_000L;
    static final long START_MS = 1_700_000_000_000L;
    /** As the engine: the surprise of a stream's first forecasts is left out. */
    static final int SURPRISE_WARMUP = 100;

    final float[][] surprise = new float[STEPS][STREAMS];
    final float[][] reconstruction = new float[STEPS][STREAMS];
    final float[][] value = new float[STEPS][STREAMS];

    NormaliserGolden() {
        Random rnd = new Random(14);
        for (int t = 0; t < STEPS; t++) {
            double day = 2 * Math.PI * t * STEP_MS / 86_400_000.0;
            for (int s = 0; s < STREAMS; s++) {
                double nll = -1 + 0.8 * rnd.nextGaussian();
                double e = 0.05 * rnd.nextGaussian();
                double v = 10 + 3 * Math.sin(day + s) + 0.3 * rnd.nextGaussian();
                if (s == 0 && t >= 1000 && t < 1004) {
                    nll += 12;
                }
                if (s == 1 && t >= 1100 && t < 1130) {
                    e *= 8;
                }
                if (s == 2 && t >= 1200 && t < 1260) {
                    v = 10;
                }
                surprise[t][s] = t < SURPRISE_WARMUP ? Float.NaN : (float) nll;
                reconstruction[t][s] = (float) (e * e);
                value[t][s] = (float) v;
            }
        }
    }

    static long time(int t) {
        return START_MS + t * STEP_MS;
    }
}
