package io.beliefstream.models.tdvae;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import org.junit.jupiter.api.Test;

/** The default bundle shipped in the jar loads and serves streams of any scale with no training step. */
class DefaultBundleTest {

    @Test
    void shouldServeTheShippedDefaultBundleOnStreamsOfAnyScale() {
        TdVaeModel model = TdVaeModel.loadDefault(TdVaeModel.DEFAULT_HORIZONS, TdVaeModel.DEFAULT_INTERVAL_LEVEL);
        assertThat(model.info().name()).isEqualTo("td-vae");
        assertThat(model.info().horizons()).containsExactly(1, 5, 20);
        assertThat(model.scaling()).isEqualTo(TdVaeModel.Scaling.RUNNING_PER_STREAM);
        assertThat(model.newState().heapBytes()).isLessThan(1024);
        Kernel k = model.newKernel(2);
        StepResult out = StepResult.forModel(model.info(), 2);
        StreamState[] s = {model.newState(), model.newState()};
        double seModel = 0;
        double seFlat = 0;
        float[] prev = new float[2];
        int n = 0;
        for (int t = 0; t < 600; t++) {
            double v = Math.sin(2 * Math.PI * t / 40);
            float[] x = {(float) v, (float) (1e4 + 500 * v)};
            if (t >= 300) {
                // one-step forecast made at t-1 versus the stream's mean (0): the model must track the sine
                double e = prev[0] - v;
                seModel += e * e;
                seFlat += v * v;
                n++;
            }
            k.step(s, x, 2, out);
            prev[0] = out.mean[out.forecastIndex(0, 0, 0)];
            for (int i = 0; i < 2 * 3; i++) {
                assertThat(out.mean[i]).isFinite();
                assertThat(out.upper[i]).isGreaterThan(out.lower[i]);
            }
        }
        assertThat(seModel / n).isLessThan(0.5 * seFlat / n);
        // the scaled stream gets the scaled forecast
        assertThat(out.mean[out.forecastIndex(1, 0, 0)])
                .isCloseTo(1e4f + 500 * out.mean[out.forecastIndex(0, 0, 0)], org.assertj.core.api.Assertions.within(5f));
    }
}
