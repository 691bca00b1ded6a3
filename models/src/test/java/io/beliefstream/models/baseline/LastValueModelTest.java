package io.beliefstream.models.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.stats.Gaussians;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class LastValueModelTest {
    private final LastValueModel model = new LastValueModel(1, new int[] {1, 3}, 0.8);

    @Test
    void shouldForecastTheLastValueWithARandomWalkInterval() {
        Kernel k = model.newKernel(2);
        StepResult out = StepResult.forModel(model.info(), 2);
        StreamState[] s = {model.newState(), model.newState()};
        k.step(s, new float[] {1f, 10f}, 2, out);
        k.step(s, new float[] {3f, 10f}, 2, out);
        // stream 0: one difference of 2 → σ = 2; horizon 3 → σ·√3
        assertThat(out.mean[out.forecastIndex(0, 0, 0)]).isEqualTo(3f);
        assertThat(out.mean[out.forecastIndex(0, 1, 0)]).isEqualTo(3f);
        double z = Gaussians.centralIntervalZ(0.8);
        assertThat(out.upper[out.forecastIndex(0, 0, 0)]).isCloseTo((float) (3 + z * 2), within(1e-5f));
        assertThat(out.lower[out.forecastIndex(0, 1, 0)]).isCloseTo((float) (3 - z * 2 * Math.sqrt(3)), within(1e-5f));
        // stream 1 is flat: the floor keeps the interval proper
        assertThat(out.upper[out.forecastIndex(1, 0, 0)]).isGreaterThan(10f);
        assertThat(s[0].observations()).isEqualTo(2);
    }

    @Test
    void shouldScoreEachObservationAgainstTheForecastThatTargetedIt() {
        Kernel k = model.newKernel(1);
        StepResult out = StepResult.forModel(model.info(), 1);
        StreamState[] s = {model.newState()};
        k.step(s, new float[] {0f}, 1, out);
        assertThat(out.surprise[out.surpriseIndex(0, 0)]).isNaN();
        k.step(s, new float[] {2f}, 1, out);
        // the forecast after obs 1 had only a prior spread: nothing is scored against it
        assertThat(out.surprise[out.surpriseIndex(0, 0)]).isNaN();
        k.step(s, new float[] {4f}, 1, out);
        // forecast after obs 2 was N(2, 2²)
        assertThat(out.surprise[out.surpriseIndex(0, 0)]).isCloseTo((float) Gaussians.nll(4, 2, 2), within(1e-5f));
        assertThat(out.surprise[out.surpriseIndex(0, 1)]).isNaN();
        k.step(s, new float[] {6f}, 1, out);
        // horizon 3: the forecast made after obs 1 (prior only) is not scored either
        assertThat(out.surprise[out.surpriseIndex(0, 1)]).isNaN();
        k.step(s, new float[] {8f}, 1, out);
        // horizon 3 at obs 5: forecast after obs 2 was N(2, (2·√3)²)
        assertThat(out.surprise[out.surpriseIndex(0, 1)])
                .isCloseTo((float) Gaussians.nll(8, 2, 2 * Math.sqrt(3)), within(1e-5f));
    }

    @Test
    void shouldCalibrateItsIntervalsOnAStreamThatIsNotARandomWalk() {
        // a noisy sine with heavy-tailed noise: the random-walk interval √k·σ is far off at horizon 3
        LastValueModel m = new LastValueModel(1, new int[] {1, 3}, 0.8);
        Kernel k = m.newKernel(1);
        StepResult out = StepResult.forModel(m.info(), 1);
        StreamState[] s = {m.newState()};
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(41);
        int n = 20_000;
        float[] x = new float[n];
        float[][] lower = new float[2][n];
        float[][] upper = new float[2][n];
        for (int t = 0; t < n; t++) {
            x[t] = (float) (5 * Math.sin(t * 0.2)
                    + 0.3 * io.beliefstream.models.internal.ConformalIntervalsTest.studentT(rnd, 3));
            k.step(s, new float[] {x[t]}, 1, out);
            for (int h = 0; h < 2; h++) {
                lower[h][t] = out.lower[out.forecastIndex(0, h, 0)];
                upper[h][t] = out.upper[out.forecastIndex(0, h, 0)];
            }
        }
        int[] horizons = {1, 3};
        for (int h = 0; h < 2; h++) {
            int covered = 0;
            int total = 0;
            for (int t = 2_000; t + horizons[h] < n; t++) {
                float target = x[t + horizons[h]];
                covered += target >= lower[h][t] && target <= upper[h][t] ? 1 : 0;
                total++;
            }
            assertThat(covered / (double) total).as("horizon %d", horizons[h]).isCloseTo(0.8, within(0.02));
        }
    }

    @Test
    void shouldReadAVersionOneStateWithAFreshCalibration() {
        // version 1: version, dimension, observations, last and variance, the history as (mean, std) pairs
        ByteBuffer v1 = ByteBuffer.allocate(1 + 2 + 8 + 8 + 4 * 2 * (1 + 3));
        v1.put((byte) 1).putShort((short) 1).putLong(7).putFloat(2.5f).putFloat(0.25f);
        for (int slot = 0; slot < 1 + 3; slot++) {
            v1.putFloat(2f).putFloat(0.5f);
        }
        v1.flip();
        LastValueModel.State read = model.readState(v1);
        assertThat(v1.remaining()).isZero();
        assertThat(read.observations()).isEqualTo(7);
        assertThat(read.last(0)).isEqualTo(2.5f);
        Kernel k = model.newKernel(1);
        StepResult out = StepResult.forModel(model.info(), 1);
        k.step(new StreamState[] {read}, new float[] {3f}, 1, out);
        assertThat(out.mean[out.forecastIndex(0, 0, 0)]).isEqualTo(3f);
        assertThat(out.upper[out.forecastIndex(0, 0, 0)]).isGreaterThan(3f);
    }

    @Test
    void shouldRoundTripStateAndContinueIdentically() {
        Kernel k = model.newKernel(1);
        StepResult a = StepResult.forModel(model.info(), 1);
        StepResult b = StepResult.forModel(model.info(), 1);
        StreamState[] s = {model.newState()};
        for (int i = 0; i < 7; i++) {
            k.step(s, new float[] {(float) Math.sin(i)}, 1, a);
        }
        ByteBuffer buf = ByteBuffer.allocate(s[0].serializedSize());
        s[0].writeTo(buf);
        assertThat(buf.remaining()).isZero();
        StreamState[] copy = {model.readState(buf.flip())};
        k.step(s, new float[] {0.3f}, 1, a);
        k.step(copy, new float[] {0.3f}, 1, b);
        assertThat(b.mean).containsExactly(a.mean);
        assertThat(b.upper).containsExactly(a.upper);
        assertThat(b.surprise).containsExactly(a.surprise);
        assertThat(copy[0].observations()).isEqualTo(8);
    }

    @Test
    void shouldRejectStateOfAnotherShape() {
        LastValueModel twoDim = new LastValueModel(2, new int[] {1, 3}, 0.8);
        StreamState s = twoDim.newState();
        ByteBuffer buf = ByteBuffer.allocate(s.serializedSize());
        s.writeTo(buf);
        assertThatThrownBy(() -> model.readState(buf.flip())).isInstanceOf(ModelException.class)
                .hasMessageContaining("dimension 2");
    }
}
