package io.beliefstream.models.tdvae;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the golden bundle and its expected forecasts into {@code src/test/resources} (run once, from the
 * {@code models} directory: {@code java -cp <test classpath> io.beliefstream.models.tdvae.GoldenBundle}); the
 * committed files are then never regenerated, so {@link GoldenBundleTest} catches any change in how bundles load or
 * how the kernel forecasts.
 */
final class GoldenBundle {
    static final String BUNDLE = "io/beliefstream/models/tdvae/golden-tdvae-v1.bsb";
    static final String EXPECTED = "io/beliefstream/models/tdvae/golden-tdvae-v1.expected.txt";
    static final int[] HORIZONS = {1, 3, 7};
    static final int STREAMS = 3;
    static final int STEPS = 25;

    private GoldenBundle() {}

    /** The fixed input: stream {@code b} at step {@code t}. */
    static float input(int b, int t) {
        return (float) (10 * b + Math.sin(0.37 * t + b) + 0.1 * Math.cos(1.3 * t * (b + 1)));
    }

    /** Means, lower and upper bounds and surprises of every step, in order. */
    static List<Float> run(TdVaeModel model) {
        Kernel k = model.newKernel(STREAMS);
        StepResult out = StepResult.forModel(model.info(), STREAMS);
        StreamState[] s = new StreamState[STREAMS];
        for (int b = 0; b < STREAMS; b++) {
            s[b] = model.newState();
        }
        List<Float> values = new ArrayList<>();
        float[] x = new float[STREAMS];
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < STREAMS; b++) {
                x[b] = input(b, t);
            }
            k.step(s, x, STREAMS, out);
            for (int i = 0; i < STREAMS * HORIZONS.length; i++) {
                values.add(out.mean[i]);
                values.add(out.lower[i]);
                values.add(out.upper[i]);
                values.add(out.surprise[i]);
            }
        }
        return values;
    }

    public static void main(String[] args) throws IOException {
        TrainedTdVae trained = TdVaeModelTest.randomModel(
                new TdVaeConfig(1, 6, 2, 2, 5, 7, TdVaeConfig.Transition.RESIDUAL), 2024);
        TrainedTdVae perSequence = new TrainedTdVae(trained.config(), trained.params(),
                TdVaeTrainingConfig.Normalisation.PER_SEQUENCE, new float[] {0.5f}, new float[] {2f},
                trained.training().put("note", "golden test bundle: random weights, not trained"));
        Path res = Path.of("src/test/resources");
        perSequence.save(res.resolve(BUNDLE));
        TdVaeModel model = new TdVaeModel(TrainedTdVae.load(res.resolve(BUNDLE)), HORIZONS, 0.9, null,
                TdVaeModel.Calibration.NONE);
        StringBuilder sb = new StringBuilder();
        for (float v : run(model)) {
            sb.append(Float.toString(v)).append('\n');
        }
        Files.writeString(res.resolve(EXPECTED), sb.toString());
    }
}
