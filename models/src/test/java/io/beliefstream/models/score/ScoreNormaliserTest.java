package io.beliefstream.models.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.ModelException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreNormaliserTest {

    @Test
    void shouldGiveStreamsOfVeryDifferentScalesTheSameFalseAlarmRate() {
        // component 0: NLL-like raw scores (identity); component 1: squared errors (cube root), skewed and tiny;
        // two streams whose scales differ by 1000×
        ScoreNormaliser norm = new ScoreNormaliser(ScoreNormaliserConfig.surpriseAndReconstruction());
        ScoreNormaliser.State[] s = {norm.newState(), norm.newState()};
        Random rnd = new Random(5);
        float[] raw = new float[4];
        float[] cal = new float[4];
        float[] combined = new float[2];
        int steps = 40_000;
        int[] above = new int[6];
        double[] sum = new double[4];
        int counted = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < 2; b++) {
                double scale = b == 0 ? 1 : 1000;
                raw[2 * b] = (float) (scale * (-2 + rnd.nextGaussian()));
                double e = rnd.nextGaussian() * 1e-3 * scale;
                raw[2 * b + 1] = (float) (e * e);
            }
            norm.update(s, raw, 2, cal, combined);
            if (t >= 5000) {
                counted++;
                for (int i = 0; i < 4; i++) {
                    assertThat(cal[i]).isBetween(0f, 1f);
                    sum[i] += cal[i];
                    if (cal[i] > 0.99f) {
                        above[i]++;
                    }
                }
                for (int b = 0; b < 2; b++) {
                    if (combined[b] > 0.99f) {
                        above[4 + b]++;
                    }
                }
            }
        }
        for (int i = 0; i < 6; i++) {
            double rate = above[i] / (double) counted;
            assertThat(rate).as("false-alarm rate of series %d at 0.99", i).isBetween(0.004, 0.02);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(sum[i] / counted).as("mean calibrated score of series %d", i).isBetween(0.45, 0.55);
        }
    }

    @Test
    void shouldFlagASustainedShiftWithinAFewSteps() {
        ScoreNormaliser norm = new ScoreNormaliser(ScoreNormaliserConfig.of(1));
        ScoreNormaliser.State s = norm.newState();
        Random rnd = new Random(9);
        for (int t = 0; t < 5000; t++) {
            norm.update(s, 0, (float) (10 + rnd.nextGaussian()));
        }
        int firstAlarm = -1;
        for (int t = 0; t < 30; t++) {
            float p = norm.update(s, 0, (float) (13 + rnd.nextGaussian()));
            if (p > 0.99f && firstAlarm < 0) {
                firstAlarm = t;
            }
        }
        assertThat(firstAlarm).isBetween(0, 10);
    }

    @Test
    void shouldReportNaNWhileWarmingUpAndForMissingRawScores() {
        ScoreNormaliser norm = new ScoreNormaliser(new ScoreNormaliserConfig(
                List.of(ScoreNormaliserConfig.Transform.IDENTITY, ScoreNormaliserConfig.Transform.IDENTITY), 3, 50, 5));
        ScoreNormaliser.State[] s = {norm.newState()};
        float[] cal = new float[2];
        float[] comb = new float[1];
        for (int t = 0; t < 5; t++) {
            norm.update(s, new float[] {t, Float.NaN}, 1, cal, comb);
            assertThat(cal[0]).isNaN();
            assertThat(cal[1]).isNaN();
            assertThat(comb[0]).isNaN();
        }
        norm.update(s, new float[] {1, Float.NaN}, 1, cal, comb);
        assertThat(cal[0]).isBetween(0f, 1f);
        assertThat(cal[1]).isNaN();
        assertThat(comb[0]).isEqualTo(cal[0]);
        assertThat(s[0].count(1)).isZero();
    }

    @Test
    void shouldCombineComponentsByFishersMethod() {
        // tails 0.5 and 0.1: X = −2 ln 0.05 = 5.9915, χ²₄ tail = e^{−X/2}(1 + X/2) = 0.05 · 3.9957 = 0.19979
        assertThat(ScoreNormaliser.combine(new float[] {0.5f, 0.9f}, 0, 2)).isCloseTo(0.80021f, within(1e-5f));
        // one component: its own score
        assertThat(ScoreNormaliser.combine(new float[] {Float.NaN, 0.9f}, 0, 2)).isCloseTo(0.9f, within(1e-6f));
        // tails 0.8, 0.7, 0.6: X = −2 ln 0.336 = 2.1812, χ²₆ tail = e^{−1.0906}(1 + 1.0906 + 1.0906²/2) = 0.90229
        assertThat(ScoreNormaliser.combine(new float[] {7f, 0.2f, 0.3f, 0.4f}, 1, 3))
                .isCloseTo(0.097707f, within(1e-5f));
        // two moderate components outweigh one of them alone (the maximum would not move)
        assertThat(ScoreNormaliser.combine(new float[] {0.99f, 0.99f}, 0, 2))
                .isGreaterThan(ScoreNormaliser.combine(new float[] {0.99f, Float.NaN}, 0, 2));
        assertThat(ScoreNormaliser.combine(new float[] {Float.NaN, Float.NaN}, 0, 2)).isNaN();
        // independent uniform components: the combined score is uniform again
        Random rnd = new Random(1);
        float[] p = new float[3];
        int above = 0;
        int n = 200_000;
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < 3; i++) {
                p[i] = rnd.nextFloat();
            }
            if (ScoreNormaliser.combine(p, 0, 3) > 0.99f) {
                above++;
            }
        }
        assertThat(above / (double) n).isCloseTo(0.01, within(0.001));
    }

    @Test
    void shouldRoundTripStateAndContinueIdentically() {
        ScoreNormaliser norm = new ScoreNormaliser(ScoreNormaliserConfig.of(2));
        ScoreNormaliser.State a = norm.newState();
        Random rnd = new Random(2);
        for (int t = 0; t < 300; t++) {
            norm.update(a, 0, (float) rnd.nextGaussian());
            norm.update(a, 1, (float) rnd.nextDouble());
        }
        ByteBuffer buf = ByteBuffer.allocate(a.serializedSize());
        a.writeTo(buf);
        assertThat(buf.position()).isEqualTo(40);
        buf.flip();
        ScoreNormaliser.State b = norm.readState(buf);
        for (int t = 0; t < 20; t++) {
            float r = (float) rnd.nextGaussian();
            assertThat(norm.update(b, 0, r)).isEqualTo(norm.update(a, 0, r));
        }
        assertThat(b.observations()).isEqualTo(a.observations());
        ByteBuffer wrong = ByteBuffer.allocate(a.serializedSize());
        a.writeTo(wrong);
        wrong.flip();
        assertThatThrownBy(() -> new ScoreNormaliser(ScoreNormaliserConfig.of(3)).readState(wrong))
                .isInstanceOf(ModelException.class).hasMessageContaining("2 components");
    }

    @Test
    void shouldScoreAShapeNeverSeenAboveEveryRepeatOfTheUsualCycleWhateverTheLevelAndScale() {
        ScoreNormaliserConfig.Shape shape = ScoreNormaliserConfig.Shape.defaults();
        // the same recording at two levels and scales: the shape memory z-normalises each window
        ShapeMemory a = new ShapeMemory(shape);
        ShapeMemory b = new ShapeMemory(shape);
        Random rnd = new Random(11);
        int period = 50;
        int odd = 3000; // one cycle from here on has its hump at the wrong place
        float maxUsual = 0;
        float maxOdd = 0;
        for (int t = 0; t < 4000; t++) {
            float x = cycleValue(t, period, odd, rnd);
            float da = a.score(x);
            float db = b.score(1000 + 250 * x);
            if (t <= 2 * shape.window() + shape.stride()) {
                // two shapes must be stored first, the second one ends at value 2w + k (0-based)
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
    void shouldFlagTheOddCycleThroughTheShapeComponentAloneAndLeaveTheStateUnchangedForANonFiniteValue() {
        ScoreNormaliser norm = new ScoreNormaliser(ScoreNormaliserConfig.of(1)
                .withShape(ScoreNormaliserConfig.Shape.defaults()));
        assertThat(norm.components()).isEqualTo(2);
        assertThat(norm.shapeComponent()).isEqualTo(1);
        assertThat(norm.seasonalComponent()).isEqualTo(-1);
        ScoreNormaliser.State[] s = {norm.newState()};
        Random rnd = new Random(12);
        float[] raw = new float[2];
        float[] cal = new float[2];
        int odd = 3000;
        int falseAlarms = 0;
        float atOdd = 0;
        for (int t = 0; t < 3200; t++) {
            raw[0] = Float.NaN; // only the shape speaks
            norm.update(s, raw, null, new float[] {cycleValue(t, 50, odd, rnd)}, 1, cal, null, null);
            if (t >= 1000 && t < odd && cal[1] >= 0.999f) {
                falseAlarms++;
            }
            if (t >= odd) {
                atOdd = Math.max(atOdd, cal[1]);
            }
        }
        assertThat(atOdd).isGreaterThan(0.9999f);
        assertThat(falseAlarms).isLessThanOrEqualTo(10);
        ByteBuffer before = ByteBuffer.allocate(s[0].serializedSize());
        s[0].writeTo(before);
        raw[0] = Float.NaN;
        norm.update(s, raw, null, new float[] {Float.NaN}, 1, cal, null, null);
        assertThat(raw[1]).isNaN();
        assertThat(cal[1]).isNaN();
        ByteBuffer after = ByteBuffer.allocate(s[0].serializedSize());
        s[0].writeTo(after);
        assertThat(after.array()).containsExactly(before.array());
    }

    @Test
    void shouldRoundTripAShapeStateAndReadAVersionThreeStateWithAFreshMemory() {
        ScoreNormaliserConfig seasonalOnly = ScoreNormaliserConfig.of(1)
                .withSeasonal(ScoreNormaliserConfig.Seasonal.daily());
        ScoreNormaliserConfig both = seasonalOnly.withShape(ScoreNormaliserConfig.Shape.defaults());
        ScoreNormaliser norm = new ScoreNormaliser(both);
        assertThat(norm.components()).isEqualTo(3);
        assertThat(norm.shapeComponent()).isEqualTo(1);
        assertThat(norm.seasonalComponent()).isEqualTo(2);
        ScoreNormaliser.State a = norm.newState();
        Random rnd = new Random(4);
        float[] raw = new float[3];
        float[] cal = new float[3];
        long minute = 60_000L;
        int t = 0;
        for (; t < 5000; t++) {
            raw[0] = (float) rnd.nextGaussian();
            norm.update(new ScoreNormaliser.State[] {a}, raw, new long[] {t * minute},
                    new float[] {cycleValue(t, 40, -1, rnd)}, 1, cal, null, null);
        }
        ByteBuffer buf = ByteBuffer.allocate(a.serializedSize());
        a.writeTo(buf);
        assertThat(buf.position()).isEqualTo(8 + 16 * 3 + 16 + 12 * 24 + 40 + 4 * 64 + 4 * 5 * 8 + 4 * 64 * 8);
        buf.flip();
        ScoreNormaliser.State b = norm.readState(buf);
        float[] rawB = new float[3];
        float[] calB = new float[3];
        for (; t < 5300; t++) {
            float v = cycleValue(t, 40, 5200, rnd);
            raw[0] = rawB[0] = (float) rnd.nextGaussian();
            norm.update(new ScoreNormaliser.State[] {a}, raw, new long[] {t * minute}, new float[] {v}, 1, cal, null,
                    null);
            norm.update(new ScoreNormaliser.State[] {b}, rawB, new long[] {t * minute}, new float[] {v}, 1, calB, null,
                    null);
            assertThat(calB).containsExactly(cal);
            assertThat(rawB).containsExactly(raw);
        }
        // a version 3 state (seasonal profile, no shape memory): the surprise and the seasonal component keep their
        // calibration, the shape component and memory start afresh
        ScoreNormaliser v3norm = new ScoreNormaliser(seasonalOnly);
        ScoreNormaliser.State old = v3norm.newState();
        float[] raw2 = new float[2];
        float[] cal2 = new float[2];
        for (int k = 0; k < 5000; k++) {
            raw2[0] = (float) rnd.nextGaussian();
            v3norm.update(new ScoreNormaliser.State[] {old}, raw2, new long[] {k * minute},
                    new float[] {cycleValue(k, 40, -1, rnd)}, 1, cal2, null, null);
        }
        ByteBuffer v4 = ByteBuffer.allocate(old.serializedSize());
        old.writeTo(v4);
        // the same fields as version 3 wrote them: drop the shape flag (last byte), write version 3
        ByteBuffer v3 = ByteBuffer.wrap(java.util.Arrays.copyOf(v4.array(), v4.position() - 1));
        v3.put(0, (byte) 3);
        ScoreNormaliser.State fromV3 = norm.readState(v3);
        assertThat(fromV3.count(0)).isEqualTo(old.count(0));
        assertThat(fromV3.longMean(0)).isEqualTo(old.longMean(0));
        assertThat(fromV3.count(1)).isZero();
        assertThat(fromV3.count(2)).isEqualTo(old.count(1));
        assertThat(fromV3.longMean(2)).isEqualTo(old.longMean(1));
        // a memory of another layout is refused by name
        ByteBuffer again = ByteBuffer.allocate(a.serializedSize());
        a.writeTo(again);
        again.flip();
        ScoreNormaliser other = new ScoreNormaliser(seasonalOnly.withShape(new ScoreNormaliserConfig.Shape(32, 8, 64,
                16)));
        assertThatThrownBy(() -> other.readState(again)).isInstanceOf(ModelException.class)
                .hasMessageContaining("shape memory");
    }

    @Test
    void shouldRejectABadShapeMemoryNamingTheField() {
        assertThatThrownBy(() -> new ScoreNormaliserConfig.Shape(1, 1, 64, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape.window");
        assertThatThrownBy(() -> new ScoreNormaliserConfig.Shape(64, 7, 64, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape.segments");
        assertThatThrownBy(() -> new ScoreNormaliserConfig.Shape(64, 8, 1, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape.memory");
        assertThatThrownBy(() -> new ScoreNormaliserConfig.Shape(64, 8, 64, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape.stride");
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

    /** Hourly values with a peak of 80 at 08:00 (else 20), noise ±1; {@code day == skip} has no peak. */
    private static float dailyValue(int hour, Random rnd, int skip) {
        int day = hour / 24;
        boolean peak = hour % 24 == 8 && day != skip;
        return (float) ((peak ? 80 : 20) + rnd.nextGaussian());
    }

    @Test
    void shouldLearnADailyPeakAndFlagTheDayItDoesNotCome() {
        ScoreNormaliser norm = new ScoreNormaliser(ScoreNormaliserConfig.of(1)
                .withSeasonal(ScoreNormaliserConfig.Seasonal.daily()));
        assertThat(norm.components()).isEqualTo(2);
        assertThat(norm.seasonalComponent()).isEqualTo(1);
        ScoreNormaliser.State[] s = {norm.newState()};
        Random rnd = new Random(5);
        float[] raw = new float[2];
        float[] cal = new float[2];
        float[] combined = new float[1];
        long hourMs = 3_600_000L;
        int skip = 30;
        float peakOnUsualDay = Float.NaN;
        float missingPeak = Float.NaN;
        int flaggedBefore = 0;
        for (int h = 0; h < 40 * 24; h++) {
            raw[0] = Float.NaN; // the forecaster's component is silent: only the profile speaks
            norm.update(s, raw, new long[] {h * hourMs}, new float[] {dailyValue(h, rnd, skip)}, 1, cal, combined,
                    null);
            if (h < 3 * 24) {
                assertThat(raw[1]).isNaN(); // the profile's warm-up: three cycles
            }
            int day = h / 24;
            if (day >= 20 && day < skip && cal[1] >= 0.999f) {
                flaggedBefore++;
            }
            if (day == skip - 1 && h % 24 == 8) {
                peakOnUsualDay = cal[1];
            }
            if (day == skip && h % 24 == 8) {
                missingPeak = cal[1];
            }
        }
        // a peak that comes every day at 08:00 is usual for 08:00; its absence is not
        assertThat(peakOnUsualDay).isLessThan(0.99f);
        assertThat(missingPeak).isGreaterThan(0.999f);
        assertThat(flaggedBefore).isLessThanOrEqualTo(2);
    }

    @Test
    void shouldRoundTripASeasonalStateAndReadOlderStatesWithAFreshProfile() {
        ScoreNormaliserConfig one = ScoreNormaliserConfig.of(1);
        ScoreNormaliser plain = new ScoreNormaliser(one);
        ScoreNormaliser seasonal = new ScoreNormaliser(one.withSeasonal(ScoreNormaliserConfig.Seasonal.daily()));
        ScoreNormaliser.State a = seasonal.newState();
        Random rnd = new Random(3);
        float[] raw = new float[2];
        float[] cal = new float[2];
        long hourMs = 3_600_000L;
        int h = 0;
        for (; h < 6 * 24; h++) {
            raw[0] = (float) rnd.nextGaussian();
            seasonal.update(new ScoreNormaliser.State[] {a}, raw, new long[] {h * hourMs},
                    new float[] {dailyValue(h, rnd, -1)}, 1, cal, null, null);
        }
        ByteBuffer buf = ByteBuffer.allocate(a.serializedSize());
        a.writeTo(buf);
        assertThat(buf.position()).isEqualTo(8 + 16 * 2 + 16 + 12 * 24);
        buf.flip();
        ScoreNormaliser.State b = seasonal.readState(buf);
        float[] rawB = new float[2];
        float[] calB = new float[2];
        for (; h < 8 * 24; h++) {
            float v = dailyValue(h, rnd, -1);
            raw[0] = rawB[0] = (float) rnd.nextGaussian();
            seasonal.update(new ScoreNormaliser.State[] {a}, raw, new long[] {h * hourMs}, new float[] {v}, 1, cal,
                    null, null);
            seasonal.update(new ScoreNormaliser.State[] {b}, rawB, new long[] {h * hourMs}, new float[] {v}, 1, calB,
                    null, null);
            assertThat(calB).containsExactly(cal);
            assertThat(rawB).containsExactly(raw);
        }
        // a version 2 state (written before the profile) of the same model component: calibration kept, profile fresh
        ScoreNormaliser.State old = plain.newState();
        for (int t = 0; t < 300; t++) {
            plain.update(old, 0, (float) rnd.nextGaussian());
        }
        ByteBuffer v2 = ByteBuffer.allocate(3 + 16);
        v2.put((byte) 2).put((byte) 1).putInt(old.count(0)).putFloat(0.1f).putFloat(old.longMean(0)).putFloat(1f)
                .put((byte) 0).flip();
        ScoreNormaliser.State fromV2 = seasonal.readState(v2);
        assertThat(fromV2.count(0)).isEqualTo(300);
        assertThat(fromV2.longMean(0)).isEqualTo(old.longMean(0));
        assertThat(fromV2.count(1)).isZero();
        // a profile of another layout is refused by name, as is a profile read by a normaliser without one
        ByteBuffer again = ByteBuffer.allocate(a.serializedSize());
        a.writeTo(again);
        again.flip();
        ScoreNormaliser hours12 = new ScoreNormaliser(one.withSeasonal(
                new ScoreNormaliserConfig.Seasonal(86_400_000L, 12, 14, 3)));
        assertThatThrownBy(() -> hours12.readState(again)).isInstanceOf(ModelException.class)
                .hasMessageContaining("24 phases");
        again.rewind();
        assertThatThrownBy(() -> plain.readState(again)).isInstanceOf(ModelException.class)
                .hasMessageContaining("2 components");
    }

    @Test
    void shouldRejectABadSeasonalProfileNamingTheField() {
        assertThatThrownBy(() -> new ScoreNormaliserConfig.Seasonal(0, 24, 14, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("periodMillis");
        assertThatThrownBy(() -> new ScoreNormaliserConfig.Seasonal(86_400_000L, 0, 14, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buckets");
        assertThatThrownBy(() -> new ScoreNormaliserConfig.Seasonal(86_400_000L, 24, 0.5, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowPeriods");
        assertThatThrownBy(() -> new ScoreNormaliserConfig.Seasonal(86_400_000L, 24, 14, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmupPeriods");
    }

    @Test
    void shouldRejectBadConfigNamingTheField() {
        List<ScoreNormaliserConfig.Transform> one = List.of(ScoreNormaliserConfig.Transform.IDENTITY);
        assertThatThrownBy(() -> ScoreNormaliserConfig.of(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("components");
        assertThatThrownBy(() -> new ScoreNormaliserConfig(List.of(), 10, 100, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transforms");
        assertThatThrownBy(() -> new ScoreNormaliserConfig(one, 0.5, 100, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shortWindow");
        assertThatThrownBy(() -> new ScoreNormaliserConfig(one, 10, 10, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longWindow");
        assertThatThrownBy(() -> new ScoreNormaliserConfig(one, 10, 100, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmup");
    }

    @Test
    void shouldKeepRankingExtremeScoresThroughTheDoublePrecisionTail() {
        ScoreNormaliser n = new ScoreNormaliser(ScoreNormaliserConfig.of(2));
        ScoreNormaliser.State[] s = {n.newState(), n.newState()};
        float[] raw = new float[4];
        float[] cal = new float[4];
        float[] comb = new float[2];
        double[] tail = new double[2];
        Random r = new Random(5);
        for (int t = 0; t < 3000; t++) {
            for (int i = 0; i < 4; i++) {
                raw[i] = (float) r.nextGaussian();
            }
            n.update(s, raw, 2, cal, comb, tail);
            if (t > 200) {
                for (int b = 0; b < 2; b++) {
                    // the tail is 1 - combined, in double
                    assertThat(tail[b]).isCloseTo(1 - comb[b], within(1e-6));
                }
            }
        }
        // both streams jump at once, the second further: about 8 and 11 long-run standard deviations of the short mean
        raw[0] = 30;
        raw[1] = 0;
        raw[2] = 40;
        raw[3] = 0;
        n.update(s, raw, 2, cal, comb, tail);
        // the float scores have saturated at 1, the tails still tell the two extremes apart
        assertThat(comb[0]).isEqualTo(1f);
        assertThat(comb[1]).isEqualTo(1f);
        assertThat(tail[0]).isPositive().isLessThan(1e-8);
        assertThat(tail[1]).isPositive().isLessThan(tail[0]);
    }

    @Test
    void shouldKeepTheExtremeTailForTheOnsetOfAnAlertOnly() {
        ScoreNormaliser n = new ScoreNormaliser(ScoreNormaliserConfig.of(1));
        ScoreNormaliser.State[] s = {n.newState()};
        float[] raw = new float[1];
        float[] cal = new float[1];
        float[] comb = new float[1];
        double[] tail = new double[1];
        Random r = new Random(11);
        for (int t = 0; t < 3000; t++) {
            raw[0] = (float) r.nextGaussian();
            n.update(s, raw, 1, cal, comb, tail);
        }
        for (int episode = 0; episode < 2; episode++) {
            // a sustained anomaly of 10 steps: its first step is the onset, the rest continue the alert
            raw[0] = 20;
            n.update(s, raw, 1, cal, comb, tail);
            assertThat(tail[0]).as("onset of episode %d", episode).isLessThan(ScoreNormaliser.ONSET_TAIL);
            if (episode == 0) {
                // the alert survives a checkpoint: the next step is still a continuation
                ByteBuffer buf = ByteBuffer.allocate(s[0].serializedSize());
                s[0].writeTo(buf);
                buf.flip();
                s[0] = n.readState(buf);
            }
            for (int t = 1; t < 10; t++) {
                n.update(s, raw, 1, cal, comb, tail);
                assertThat(cal[0]).as("the component is not filtered").isGreaterThan((float) (1 - 1e-5));
                assertThat(tail[0]).isEqualTo(ScoreNormaliser.CONTINUATION_TAIL);
                assertThat(comb[0]).isEqualTo((float) (1 - ScoreNormaliser.CONTINUATION_TAIL))
                        .isGreaterThan((float) ModelSetThreshold.DEFAULT);
            }
            // back to normal until the short mean has settled: the next anomaly is an onset again
            for (int t = 0; t < 200; t++) {
                raw[0] = (float) r.nextGaussian();
                n.update(s, raw, 1, cal, comb, tail);
            }
            assertThat(tail[0]).isGreaterThan(ScoreNormaliser.ONSET_TAIL);
        }
    }

    @Test
    void shouldNotLetAWildScoreDuringTheWarmUpMaskALaterShift() {
        ScoreNormaliser n = new ScoreNormaliser(ScoreNormaliserConfig.of(1));
        ScoreNormaliser.State s = n.newState();
        Random r = new Random(13);
        for (int t = 0; t < 600; t++) {
            // one raw score 1000 standard deviations out at the 60th step, inside the 100-step warm-up
            n.update(s, 0, t == 59 ? 1000f : (float) r.nextGaussian());
        }
        int firstAlarm = -1;
        for (int t = 0; t < 20 && firstAlarm < 0; t++) {
            if (n.update(s, 0, (float) (3 + r.nextGaussian())) > 0.99f) {
                firstAlarm = t;
            }
        }
        // unclipped (before version 2), that one score inflated the long variance more than a thousandfold for
        // hundreds of steps and the shift of 3 went unnoticed
        assertThat(firstAlarm).isBetween(0, 10);
    }

    /** The service's default threshold on the combined score (streams' ModelSet), which models cannot see. */
    private static final class ModelSetThreshold {
        static final double DEFAULT = 0.99;
    }
}
