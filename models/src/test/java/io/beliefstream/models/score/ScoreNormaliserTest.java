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
        ScoreNormaliser norm = new ScoreNormaliser(ScoreNormaliserConfig.of(new SurpriseComponent(), new ReconstructionComponent()));
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
        ScoreNormaliser norm = new ScoreNormaliser(Given.config(1));
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
        ScoreNormaliser norm = new ScoreNormaliser(new ScoreNormaliserConfig(Given.list(2), 3, 50, 5));
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
        ScoreNormaliser norm = new ScoreNormaliser(Given.config(2));
        ScoreNormaliser.State a = norm.newState();
        Random rnd = new Random(2);
        for (int t = 0; t < 300; t++) {
            norm.update(a, 0, (float) rnd.nextGaussian());
            norm.update(a, 1, (float) rnd.nextDouble());
        }
        ByteBuffer buf = ByteBuffer.allocate(a.serializedSize());
        a.writeTo(buf);
        assertThat(buf.position()).isEqualTo(3 + 2 * (21 + 2));
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
        // components are matched by name: a normaliser with one more keeps the two and starts the third afresh
        ScoreNormaliser.State three = new ScoreNormaliser(Given.config(3)).readState(wrong);
        assertThat(three.count(0)).isEqualTo(a.count(0));
        assertThat(three.longMean(1)).isEqualTo(a.longMean(1));
        assertThat(three.count(2)).isZero();
        ByteBuffer unknown = ByteBuffer.allocate(2);
        unknown.put((byte) 9).put((byte) 0).flip();
        assertThatThrownBy(() -> norm.readState(unknown)).isInstanceOf(ModelException.class)
                .hasMessageContaining("version 9");
    }

    /** Hourly values with a peak of 80 at 08:00 (else 20), noise ±1; {@code day == skip} has no peak. */
    private static float dailyValue(int hour, Random rnd, int skip) {
        int day = hour / 24;
        boolean peak = hour % 24 == 8 && day != skip;
        return (float) ((peak ? 80 : 20) + rnd.nextGaussian());
    }

    @Test
    void shouldLearnADailyPeakAndFlagTheDayItDoesNotCome() {
        ScoreNormaliser norm = new ScoreNormaliser(ScoreNormaliserConfig.of(new SurpriseComponent(),
                SeasonalComponent.daily()));
        assertThat(norm.size()).isEqualTo(2);
        assertThat(norm.indexOf("seasonal")).isEqualTo(1);
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
            Given.step(norm, s, raw, new long[] {h * hourMs}, new float[] {dailyValue(h, rnd, skip)}, 1, cal, combined,
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
        ScoreNormaliserConfig one = ScoreNormaliserConfig.of(new SurpriseComponent());
        ScoreNormaliser plain = new ScoreNormaliser(one);
        ScoreNormaliser seasonal = new ScoreNormaliser(ScoreNormaliserConfig.of(new SurpriseComponent(),
                SeasonalComponent.daily()));
        ScoreNormaliser.State a = seasonal.newState();
        Random rnd = new Random(3);
        float[] raw = new float[2];
        float[] cal = new float[2];
        long hourMs = 3_600_000L;
        int h = 0;
        for (; h < 6 * 24; h++) {
            raw[0] = (float) rnd.nextGaussian();
            Given.step(seasonal, new ScoreNormaliser.State[] {a}, raw, new long[] {h * hourMs},
                    new float[] {dailyValue(h, rnd, -1)}, 1, cal, null, null);
        }
        ByteBuffer buf = ByteBuffer.allocate(a.serializedSize());
        a.writeTo(buf);
        assertThat(buf.position()).isEqualTo(3 + (21 + 8) + (21 + 8 + 20 + 12 * 24));
        buf.flip();
        ScoreNormaliser.State b = seasonal.readState(buf);
        float[] rawB = new float[2];
        float[] calB = new float[2];
        for (; h < 8 * 24; h++) {
            float v = dailyValue(h, rnd, -1);
            raw[0] = rawB[0] = (float) rnd.nextGaussian();
            Given.step(seasonal, new ScoreNormaliser.State[] {a}, raw, new long[] {h * hourMs}, new float[] {v}, 1, cal,
                    null, null);
            Given.step(seasonal, new ScoreNormaliser.State[] {b}, rawB, new long[] {h * hourMs}, new float[] {v}, 1,
                    calB, null, null);
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
        // a profile of another layout starts afresh (the calibration is kept), and a normaliser without a profile
        // keeps the surprise's calibration and skips the profile
        ByteBuffer again = ByteBuffer.allocate(a.serializedSize());
        a.writeTo(again);
        again.flip();
        ScoreNormaliser hours12 = new ScoreNormaliser(ScoreNormaliserConfig.of(new SurpriseComponent(),
                new SeasonalComponent(86_400_000L, 12, 14, 3)));
        ScoreNormaliser.State twelve = hours12.readState(again);
        assertThat(twelve.count(0)).isEqualTo(a.count(0));
        assertThat(twelve.count(1)).isEqualTo(a.count(1));
        assertThat(((SeasonalComponent.Profile) twelve.own(1)).count(8)).isZero();
        assertThat(((SeasonalComponent.Profile) a.own(1)).count(8)).isPositive();
        again.rewind();
        ScoreNormaliser.State alone = plain.readState(again);
        assertThat(alone.longMean(0)).isEqualTo(a.longMean(0));
        assertThat(alone.serializedSize()).isEqualTo(3 + 21 + 8);
    }

    @Test
    void shouldRejectABadSeasonalProfileNamingTheField() {
        assertThatThrownBy(() -> new SeasonalComponent(0, 24, 14, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("periodMillis");
        assertThatThrownBy(() -> new SeasonalComponent(86_400_000L, 0, 14, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buckets");
        assertThatThrownBy(() -> new SeasonalComponent(86_400_000L, 24, 0.5, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowPeriods");
        assertThatThrownBy(() -> new SeasonalComponent(86_400_000L, 24, 14, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmupPeriods");
    }

    @Test
    void shouldRejectBadConfigNamingTheField() {
        List<AnomalyComponent> one = Given.list(1);
        assertThatThrownBy(() -> ScoreNormaliserConfig.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("components");
        assertThatThrownBy(() -> ScoreNormaliserConfig.of(new SurpriseComponent(), new SurpriseComponent(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two components are named surprise");
        assertThatThrownBy(() -> ScoreNormaliserConfig.of(new Given("Bad name", ScoreNormaliserConfig.Transform.IDENTITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad name");
        assertThatThrownBy(() -> new ScoreNormaliserConfig(one, 0.5, 100, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shortWindow");
        assertThatThrownBy(() -> new ScoreNormaliserConfig(one, 10, 10, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longWindow");
        assertThatThrownBy(() -> new ScoreNormaliserConfig(one, 10, 100, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmup");
    }

    @Test
    void shouldKeepRankingExtremeScoresThroughTheDoublePrecisionTail() {
        ScoreNormaliser n = new ScoreNormaliser(Given.config(2));
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
        ScoreNormaliser n = new ScoreNormaliser(Given.config(1));
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
        ScoreNormaliser n = new ScoreNormaliser(Given.config(1));
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
