package io.beliefstream.models.score;

import java.util.ArrayList;
import java.util.List;

/**
 * A test component whose raw score the test supplies in the raw row itself ({@link #measure} has none), so the
 * normaliser's calibration can be driven directly.
 */
record Given(String name, ScoreNormaliserConfig.Transform transform) implements AnomalyComponent {
    @Override
    public String rawName() {
        return name + "_raw";
    }

    @Override
    public float measure(AnomalyInputs in, int b, State own) {
        return Float.NaN;
    }

    /** {@code n} identity components named c0, c1, ... */
    static List<AnomalyComponent> list(int n) {
        List<AnomalyComponent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Given("c" + i, ScoreNormaliserConfig.Transform.IDENTITY));
        }
        return out;
    }

    /** The default windows over {@link #list}{@code (n)}. */
    static ScoreNormaliserConfig config(int n) {
        return ScoreNormaliserConfig.of(list(n));
    }

    /**
     * One step as the engine takes it, with the raw scores of every component but the seasonal one given in
     * {@code raw}: the seasonal component measures the observation ({@code z²} into its column), then the normaliser
     * calibrates and combines.
     */
    static void step(ScoreNormaliser n, ScoreNormaliser.State[] s, float[] raw, long[] timestamps, float[] values,
            int batch, float[] calibrated, float[] combined, double[] tail) {
        float[] measured = new float[raw.length];
        n.measure(s, AnomalyInputs.ofObservations(timestamps, values), batch, measured);
        int c = n.size();
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < c; i++) {
                if (n.components().get(i) instanceof SeasonalComponent) {
                    raw[b * c + i] = measured[b * c + i];
                }
            }
        }
        n.update(s, raw, batch, calibrated, combined, tail);
    }
}
