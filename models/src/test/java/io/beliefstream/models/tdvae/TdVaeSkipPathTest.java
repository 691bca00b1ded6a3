package io.beliefstream.models.tdvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TD-VAE's linear skip path and anchored decoding ({@link TdVaeModel#withSkipPath}). */
class TdVaeSkipPathTest {
    private static final int[] HORIZONS = {1, 2, 5};
    private static final int LOOKBACK = 6;

    private static TdVaeModel plain() {
        return new TdVaeModel(TdVaeModelTest.randomModel(TdVaeModelTest.config(1, 1), 31), HORIZONS, 0.8,
                TdVaeModel.Scaling.RUNNING_PER_STREAM);
    }

    private static float x(int t) {
        return (float) (20 + 4 * Math.sin(t * 0.7) + 0.1 * t);
    }

    /** Means {@code [t][horizon index]} of one stream over {@code n} steps of {@link #x}. */
    private static float[][] means(TdVaeModel model, int n) {
        Kernel k = model.newKernel(1);
        StepResult r = StepResult.forModel(model.info(), 1);
        StreamState[] s = {model.newState()};
        float[][] out = new float[n][HORIZONS.length];
        for (int t = 0; t < n; t++) {
            k.step(s, new float[] {x(t)}, 1, r);
            for (int hi = 0; hi < HORIZONS.length; hi++) {
                out[t][hi] = r.mean[r.forecastIndex(0, hi, 0)];
            }
        }
        return out;
    }

    @Test
    void shouldServeThePlainForecastWithZeroLagWeightsAndUnitLevelWeight() {
        TdVaeModel model = plain();
        TdVaeModel skip = model.withSkipPath(LOOKBACK, new double[HORIZONS.length * (LOOKBACK - 1)],
                new double[] {1, 1, 1});
        float[][] a = means(model, 40);
        float[][] b = means(skip, 40);
        for (int t = 0; t < 40; t++) {
            for (int hi = 0; hi < HORIZONS.length; hi++) {
                // x_t + 1·(f − x_t) = f, up to float rounding of values near 20
                assertThat(b[t][hi]).isCloseTo(a[t][hi], within(1e-4f));
            }
        }
    }

    @Test
    void shouldForecastTheLaggedValueTheWeightsSelect() {
        // a_{k,i} = 1 for lag i = k + 1 (k = horizon index + 1 here), c = 0: the forecast is x_{t−i} once the
        // stream is i observations old, and x_t before (lags older than the stream count as x_t)
        int width = LOOKBACK - 1;
        double[] lag = new double[HORIZONS.length * width];
        int[] chosenLag = {2, 3, 5};
        for (int hi = 0; hi < HORIZONS.length; hi++) {
            lag[hi * width + chosenLag[hi] - 1] = 1;
        }
        TdVaeModel skip = plain().withSkipPath(LOOKBACK, lag, new double[HORIZONS.length]);
        float[][] m = means(skip, 30);
        for (int t = 0; t < 30; t++) {
            for (int hi = 0; hi < HORIZONS.length; hi++) {
                float expected = t >= chosenLag[hi] ? x(t - chosenLag[hi]) : x(t);
                assertThat(m[t][hi]).isCloseTo(expected, within(1e-4f));
            }
        }
    }

    @Test
    void shouldRoundTripTheRingInTheStateAndContinueIdentically() {
        double[] lag = new double[HORIZONS.length * (LOOKBACK - 1)];
        for (int i = 0; i < lag.length; i++) {
            lag[i] = 0.1 * ((i % 7) - 3);
        }
        TdVaeModel skip = plain().withSkipPath(LOOKBACK, lag, new double[] {0.5, 0.7, 0.9});
        Kernel k = skip.newKernel(1);
        StepResult a = StepResult.forModel(skip.info(), 1);
        StepResult b = StepResult.forModel(skip.info(), 1);
        StreamState[] s = {skip.newState()};
        for (int t = 0; t < 17; t++) {
            k.step(s, new float[] {x(t)}, 1, a);
        }
        ByteBuffer buf = ByteBuffer.allocate(s[0].serializedSize());
        s[0].writeTo(buf);
        assertThat(buf.remaining()).isZero();
        buf.flip();
        StreamState[] copy = {skip.readState(buf)};
        for (int t = 17; t < 30; t++) {
            float[] v = {x(t)};
            k.step(s, v, 1, a);
            k.step(copy, v, 1, b);
            assertThat(b.mean).containsExactly(a.mean);
            assertThat(b.lower).containsExactly(a.lower);
        }
        assertThat(skip.info().stateFormat()).isNotEqualTo(plain().info().stateFormat());
        ByteBuffer plainState = ByteBuffer.allocate(plain().newState().serializedSize());
        plain().newState().writeTo(plainState);
        plainState.flip();
        assertThatThrownBy(() -> skip.readState(plainState)).isInstanceOf(ModelException.class);
    }

    @Test
    void shouldServeTheSameForecastsFromTheSavedBundle(@TempDir Path dir) throws Exception {
        double[] lag = new double[HORIZONS.length * (LOOKBACK - 1)];
        for (int i = 0; i < lag.length; i++) {
            lag[i] = 0.05 * ((i % 5) - 2);
        }
        TdVaeModel skip = plain().withAnchorWeights(new double[] {1, 0.5, 0})
                .withSkipPath(LOOKBACK, lag, new double[] {0.2, 0.6, 1.0});
        Path file = dir.resolve("skip.bsb");
        skip.servingBundle().save(file);
        assertThat(Files.size(file)).isPositive();
        TdVaeModel loaded = TdVaeModel.load(file, HORIZONS, 0.8);
        assertThat(loaded.scaling()).isEqualTo(TdVaeModel.Scaling.RUNNING_PER_STREAM);
        assertThat(loaded.lookback()).isEqualTo(LOOKBACK);
        float[][] a = means(skip, 25);
        float[][] b = means(loaded, 25);
        for (int t = 0; t < 25; t++) {
            assertThat(b[t]).containsExactly(a[t]);
        }
        // another horizon set: weights interpolated linearly between the stored horizons (h = 3 halfway-ish)
        TdVaeModel other = TdVaeModel.load(file, new int[] {1, 3}, 0.8);
        assertThat(other.anchorWeights()[0]).isCloseTo(1.0, within(1e-6));
        assertThat(other.anchorWeights()[1]).isCloseTo(0.5 + (0 - 0.5) * (3 - 2) / 3.0, within(1e-6));
    }

    @Test
    void shouldRefuseWeightsOfTheWrongShapeOrNotFinite() {
        TdVaeModel model = plain();
        assertThatThrownBy(() -> model.withSkipPath(LOOKBACK, new double[3], new double[3]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.withSkipPath(1, new double[0], new double[3]))
                .isInstanceOf(IllegalArgumentException.class);
        double[] bad = new double[HORIZONS.length * (LOOKBACK - 1)];
        bad[4] = Double.NaN;
        assertThatThrownBy(() -> model.withSkipPath(LOOKBACK, bad, new double[3]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.withAnchorWeights(new double[2])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCorrectTheDecodedLevelByTheReconstructionErrorWhenAnchored() {
        // w = 1 and w = 0 forecasts differ by the same amount at every horizon (x_t − μ_D(z_t), scaled), and the
        // anchored forecast at w is exactly their convex combination
        TdVaeModel model = plain();
        float[][] f0 = means(model.withAnchorWeights(new double[] {0, 0, 0}), 20);
        float[][] f1 = means(model.withAnchorWeights(new double[] {1, 1, 1}), 20);
        float[][] fw = means(model.withAnchorWeights(new double[] {0.25, 0.25, 0.25}), 20);
        float[][] plain = means(model, 20);
        for (int t = 0; t < 20; t++) {
            float shift = f1[t][0] - f0[t][0];
            for (int hi = 0; hi < HORIZONS.length; hi++) {
                assertThat(f0[t][hi]).isCloseTo(plain[t][hi], within(1e-4f));
                assertThat(f1[t][hi] - f0[t][hi]).isCloseTo(shift, within(1e-3f));
                assertThat(fw[t][hi]).isCloseTo(f0[t][hi] + 0.25f * (f1[t][hi] - f0[t][hi]), within(1e-3f));
            }
        }
    }
}
