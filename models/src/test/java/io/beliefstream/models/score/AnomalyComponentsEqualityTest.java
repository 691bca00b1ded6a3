package io.beliefstream.models.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Issue #14's named components changed no score: the default components (surprise, reconstruction, daily seasonal)
 * measured from model results and observations, then calibrated and combined, give the calibrated, raw and combined
 * scores the positional normaliser gave on the same fixed-seed input ({@link NormaliserGolden}), within 1e-12; and
 * the positional (version 3) checkpoints that normaliser wrote mid-run are read and continue to the same scores.
 */
class AnomalyComponentsEqualityTest {
    private static final double TOLERANCE = 1e-12;
    private static final int S = NormaliserGolden.STREAMS;

    /** One expected row: calibrated surprise, reconstruction, seasonal, raw seasonal z², combined, tail. */
    private record Row(int t, int s, double[] values) {}

    @Test
    void shouldGiveThePositionalNormalisersScoresFromNamedComponents() throws IOException {
        List<Row> golden = new ArrayList<>();
        List<byte[]> checkpoints = new ArrayList<>();
        read(golden, checkpoints);
        assertThat(golden).hasSize(NormaliserGolden.STEPS * S);
        assertThat(checkpoints).hasSize(S);

        ScoreNormaliser n = new ScoreNormaliser(ScoreNormaliserConfig.of(new SurpriseComponent(),
                new ReconstructionComponent(), SeasonalComponent.daily()));
        ScoreNormaliser.State[] fresh = new ScoreNormaliser.State[S];
        ScoreNormaliser.State[] restored = new ScoreNormaliser.State[S];
        for (int s = 0; s < S; s++) {
            fresh[s] = n.newState();
        }
        Run run = new Run(n);
        int compared = 0;
        for (int t = 0; t < NormaliserGolden.STEPS; t++) {
            if (t == NormaliserGolden.CHECKPOINT) {
                for (int s = 0; s < S; s++) {
                    restored[s] = n.readState(ByteBuffer.wrap(checkpoints.get(s)));
                }
            }
            double[][] a = run.step(fresh, t);
            for (int s = 0; s < S; s++) {
                assertRow(golden.get(t * S + s), a[s], "fresh");
                compared++;
            }
            if (t >= NormaliserGolden.CHECKPOINT) {
                double[][] b = run.stepAgain(restored, t);
                for (int s = 0; s < S; s++) {
                    assertRow(golden.get(t * S + s), b[s], "restored from a version 3 checkpoint");
                }
            }
        }
        assertThat(compared).isEqualTo(NormaliserGolden.STEPS * S);
    }

    private static void assertRow(Row expected, double[] actual, String what) {
        for (int k = 0; k < actual.length; k++) {
            double e = expected.values[k];
            if (Double.isNaN(e)) {
                assertThat(actual[k]).as("%s: step %d stream %d value %d", what, expected.t, expected.s, k).isNaN();
            } else {
                assertThat(Math.abs(actual[k] - e)).as("%s: step %d stream %d value %d: %s vs %s", what, expected.t,
                        expected.s, k, actual[k], e).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    /** Feeds the golden input to the normaliser through the components, as the engine does. */
    private static final class Run {
        private final ScoreNormaliser n;
        private final NormaliserGolden input = new NormaliserGolden();
        private final StepResult forecast = new StepResult(S, 1, 1);
        private final WindowResult window = new WindowResult(S, 4, 1);
        private final long[] timestamps = new long[S];
        private final float[] values = new float[S];
        private final StreamState[] forecasterStates = new StreamState[S];
        private final AnomalyInputs in;
        private final float[] raw;
        private final float[] calibrated;
        private final float[] combined = new float[S];
        private final double[] tail = new double[S];
        private long observations;

        Run(ScoreNormaliser n) {
            this.n = n;
            this.raw = new float[S * n.size()];
            this.calibrated = new float[S * n.size()];
            for (int s = 0; s < S; s++) {
                forecasterStates[s] = new Counted();
            }
            this.in = new AnomalyInputs(forecast, forecasterStates, window, 1, timestamps, values, 1);
        }

        double[][] step(ScoreNormaliser.State[] states, int t) {
            observations = t + 1;
            return score(states, t);
        }

        double[][] stepAgain(ScoreNormaliser.State[] states, int t) {
            return score(states, t);
        }

        private double[][] score(ScoreNormaliser.State[] states, int t) {
            for (int s = 0; s < S; s++) {
                // the golden surprise is NaN for the first SURPRISE_WARMUP steps, as the engine left them out; here
                // the component leaves them out through the forecaster state's count
                float nll = input.surprise[t][s];
                forecast.surprise[forecast.surpriseIndex(s, 0)] = Float.isNaN(nll) ? 0 : nll;
                window.error[s] = input.reconstruction[t][s];
                timestamps[s] = NormaliserGolden.time(t);
                values[s] = input.value[t][s];
            }
            n.measure(states, in, S, raw);
            n.update(states, raw, S, calibrated, combined, tail);
            int c = n.size();
            double[][] out = new double[S][];
            for (int s = 0; s < S; s++) {
                out[s] = new double[] {calibrated[s * c], calibrated[s * c + 1], calibrated[s * c + 2],
                    raw[s * c + 2], combined[s], tail[s]};
            }
            return out;
        }

        /** A forecaster state that has absorbed as many observations as the run has taken steps. */
        private final class Counted implements StreamState {
            @Override
            public long observations() {
                return observations;
            }

            @Override
            public int serializedSize() {
                return 0;
            }

            @Override
            public void writeTo(ByteBuffer out) {}

            @Override
            public long heapBytes() {
                return 0;
            }

            @Override
            public boolean isFinite() {
                return true;
            }
        }
    }

    private static void read(List<Row> rows, List<byte[]> checkpoints) throws IOException {
        try (InputStream raw = AnomalyComponentsEqualityTest.class.getResourceAsStream(
                "/io/beliefstream/models/golden/normaliser-positional.txt.gz")) {
            assertThat(raw).as("golden file").isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                    StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(" ");
                if (f[0].equals("checkpoint")) {
                    checkpoints.add(Base64.getDecoder().decode(f[2]));
                    continue;
                }
                double[] v = new double[f.length - 2];
                for (int k = 0; k < v.length; k++) {
                    // floats as written by Float.toString (the last value, the tail, is a double)
                    v[k] = k < v.length - 1 ? Float.parseFloat(f[k + 2]) : Double.parseDouble(f[k + 2]);
                }
                rows.add(new Row(Integer.parseInt(f[0]), Integer.parseInt(f[1]), v));
            }
        }
    }
}
