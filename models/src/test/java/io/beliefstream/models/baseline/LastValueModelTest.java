package io.beliefstream.models.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.internal.Gaussians;
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
