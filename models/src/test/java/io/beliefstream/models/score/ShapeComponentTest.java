package io.beliefstream.models.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShapeComponentTest {

    @Test
    void shouldScoreAShapeNeverSeenAboveEveryRepeatOfTheUsualCycleWhateverTheLevelAndScale() {
        ShapeComponent shape = ShapeComponent.defaults();
        // the same recording at two levels and scales: the memory divides each window by a spread of its own units
        ShapeMemory a = shape.newState();
        ShapeMemory b = shape.newState();
        Random rnd = new Random(11);
        int period = 50;
        int odd = 3000; // one cycle from here on has its hump in the wrong half
        float maxUsual = 0;
        float maxOdd = 0;
        for (int t = 0; t < 4000; t++) {
            float x = cycleValue(t, period, odd, rnd);
            float da = a.score(x);
            float db = b.score(1000 + 250 * x);
            if (t <= 2 * shape.window() + shape.stride()) {
                // two shapes must be stored first; the second one is stored after value 2w + k (0-based)
                assertThat(da).isNaN();
                continue;
            }
            assertThat(da).isNotNaN();
            assertThat(db).as("step %d", t).isCloseTo(da, within(1e-3f + 1e-3f * da));
            if (t >= 1500 && t < odd) {
                maxUsual = Math.max(maxUsual, da);
            } else if (t >= odd && t < odd + period + shape.window()) {
                maxOdd = Math.max(maxOdd, da);
            }
        }
        assertThat(maxOdd).isGreaterThan(4 * maxUsual);
    }

    @Test
    void shouldFlagTheOddCycleThroughTheNormaliserAndSkipANonFiniteValue() {
        ScoreNormaliser norm = new ScoreNormaliser(ScoreNormaliserConfig.of(ShapeComponent.defaults()));
        ScoreNormaliser.State[] s = {norm.newState()};
        Random rnd = new Random(12);
        float[] raw = new float[1];
        float[] cal = new float[1];
        int odd = 3000;
        int falseAlarms = 0;
        float atOdd = 0;
        for (int t = 0; t < 3200; t++) {
            step(norm, s, t, cycleValue(t, 50, odd, rnd), raw, cal);
            if (t >= 1000 && t < odd && cal[0] >= 0.999f) {
                falseAlarms++;
            }
            if (t >= odd) {
                atOdd = Math.max(atOdd, cal[0]);
            }
        }
        assertThat(atOdd).isGreaterThan(0.9999f);
        assertThat(falseAlarms).isLessThanOrEqualTo(10);
        byte[] before = bytes(s[0]);
        step(norm, s, 3200, Float.NaN, raw, cal);
        assertThat(raw[0]).isNaN();
        assertThat(cal[0]).isNaN();
        assertThat(bytes(s[0])).containsExactly(before);
    }

    @Test
    void shouldRoundTripItsMemoryAndStartAfreshFromAnotherLayout() {
        ShapeComponent shape = ShapeComponent.defaults();
        ScoreNormaliser norm = new ScoreNormaliser(ScoreNormaliserConfig.of(new SurpriseComponent(), shape,
                SeasonalComponent.daily()));
        assertThat(norm.indexOf("shape")).isEqualTo(1);
        ScoreNormaliser.State[] a = {norm.newState()};
        Random rnd = new Random(4);
        float[] raw = new float[3];
        float[] cal = new float[3];
        int t = 0;
        for (; t < 5000; t++) {
            raw[0] = (float) rnd.nextGaussian();
            stepAll(norm, a, t, cycleValue(t, 40, -1, rnd), raw, cal);
        }
        assertThat(a[0].own(1).serializedSize()).isEqualTo(16 + 24 + 4 * 64 + 4 * 5 * 8 + 4 * 64 * 8);
        ScoreNormaliser.State[] b = {norm.readState(ByteBuffer.wrap(bytes(a[0])))};
        float[] rawB = new float[3];
        float[] calB = new float[3];
        for (; t < 5300; t++) {
            float v = cycleValue(t, 40, 5200, rnd);
            raw[0] = rawB[0] = (float) rnd.nextGaussian();
            stepAll(norm, a, t, v, raw, cal);
            stepAll(norm, b, t, v, rawB, calB);
            assertThat(calB).containsExactly(cal);
            assertThat(rawB).containsExactly(raw);
        }
        // a memory of another layout: the component's calibration is read, its memory starts afresh
        ScoreNormaliser other = new ScoreNormaliser(ScoreNormaliserConfig.of(new SurpriseComponent(),
                new ShapeComponent(32, 8, 64, 16), SeasonalComponent.daily()));
        ScoreNormaliser.State c = other.readState(ByteBuffer.wrap(bytes(a[0])));
        assertThat(c.count(1)).isEqualTo(a[0].count(1));
        assertThat(c.own(1)).isInstanceOf(ShapeMemory.class);
        assertThat(((ShapeMemory) c.own(1)).score(1f)).isNaN();
    }

    @Test
    void shouldRejectABadShapeComponentNamingTheField() {
        assertThatThrownBy(() -> new ShapeComponent(1, 1, 64, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape.window");
        assertThatThrownBy(() -> new ShapeComponent(64, 7, 64, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape.segments");
        assertThatThrownBy(() -> new ShapeComponent(64, 8, 1, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape.memory");
        assertThatThrownBy(() -> new ShapeComponent(64, 8, 64, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape.stride");
    }

    /** One step of a normaliser whose only component is the shape. */
    private static void step(ScoreNormaliser n, ScoreNormaliser.State[] s, int t, float value, float[] raw,
            float[] cal) {
        n.measure(s, AnomalyInputs.ofObservations(new long[] {t * 60_000L}, new float[] {value}), 1, raw);
        n.update(s, raw, 1, cal, null);
    }

    /** One step with a surprise in {@code raw[0]} kept, the derived components measured. */
    private static void stepAll(ScoreNormaliser n, ScoreNormaliser.State[] s, int t, float value, float[] raw,
            float[] cal) {
        float[] measured = new float[raw.length];
        n.measure(s, AnomalyInputs.ofObservations(new long[] {t * 60_000L}, new float[] {value}), 1, measured);
        for (int i = 1; i < raw.length; i++) {
            raw[i] = measured[i];
        }
        n.update(s, raw, 1, cal, null);
    }

    private static byte[] bytes(ScoreNormaliser.State s) {
        ByteBuffer buf = ByteBuffer.allocate(s.serializedSize());
        s.writeTo(buf);
        return buf.array();
    }

    /**
     * A cycle of {@code period} values, a hump in its first half, noise of σ 0.05; from {@code odd} on (if not −1)
     * one cycle has its hump in the second half.
     */
    private static float cycleValue(int t, int period, int odd, Random rnd) {
        int phase = t % period;
        boolean oddCycle = odd >= 0 && t >= odd && t < odd + period;
        int centre = oddCycle ? 3 * period / 4 : period / 4;
        double d = (phase - centre) / (period / 10.0);
        return (float) (Math.exp(-0.5 * d * d) + 0.05 * rnd.nextGaussian());
    }
}
