package io.beliefstream.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.stats.Gaussians;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

public class ConformalIntervalsTest {
    /** A Student-t variate with {@code nu} degrees of freedom (normal over the root of a scaled chi-square). */
    public static double studentT(SplittableRandom rnd, int nu) {
        double chi2 = 0;
        for (int i = 0; i < nu; i++) {
            double g = gaussian(rnd);
            chi2 += g * g;
        }
        return gaussian(rnd) / Math.sqrt(chi2 / nu);
    }

    public static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * Heavy-tailed (Student t, 3 degrees of freedom), heteroscedastic (the noise scale switches between 0.2 and 5 every
     * 2,000 steps and a slow sine modulates it) and biased (+0.5 in every other regime) errors of a "model" whose
     * forecast is always {@code N(0, σ²)} with a wrong constant σ: the calibrated intervals must still cover
     * {@code level} of the targets, in total and in each tail.
     */
    @ParameterizedTest
    @CsvSource({"0.8, 1.0, 1", "0.8, 30.0, 2", "0.8, 0.01, 3", "0.95, 1.0, 4", "0.5, 2.0, 5"})
    void shouldCoverTheNominalLevelOnHeavyTailedHeteroscedasticErrors(double level, double modelStd, long seed) {
        ConformalIntervals c = new ConformalIntervals(level);
        float[] st = new float[ConformalIntervals.FLOATS];
        c.reset(st, 0, 1);
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 40_000;
        int warmup = 2_000;
        int covered = 0;
        int below = 0;
        int above = 0;
        for (int t = 0; t < n; t++) {
            boolean calm = (t / 2_000) % 2 == 0;
            double scale = (calm ? 0.2 : 5) * (1 + 0.5 * Math.sin(t / 300.0));
            double x = (calm ? 0 : 0.5) + scale * studentT(rnd, 3);
            float lo = (float) (Math.min(c.lowerOffset(st, 0), c.upperOffset(st, 0)) * modelStd);
            float hi = (float) (Math.max(c.lowerOffset(st, 0), c.upperOffset(st, 0)) * modelStd);
            if (t >= warmup) {
                if (x < lo) {
                    below++;
                } else if (x > hi) {
                    above++;
                } else {
                    covered++;
                }
            }
            c.update(st, 0, t + 1, (float) x, 0f, (float) modelStd, c.lowerOffset(st, 0), c.upperOffset(st, 0));
        }
        int m = n - warmup;
        double alpha = (1 - level) / 2;
        assertThat(covered / (double) m).as("coverage").isCloseTo(level, within(0.01));
        assertThat(below / (double) m).as("lower tail").isCloseTo(alpha, within(0.01));
        assertThat(above / (double) m).as("upper tail").isCloseTo(alpha, within(0.01));
    }

    /**
     * Short streams like M4's hourly series: 1,000 streams of 600 forecasts each, the target of a forecast arriving
     * {@code delay} steps later (the errors of overlapping forecasts come in runs: a sum of the {@code delay}
     * Student-t(3) innovations after the origin), the model's std wrong by a factor of 3 and, with {@code sdNoise > 0},
     * multiplied at each origin by an independent {@code exp(sdNoise·N(0,1))} that has nothing to do with the error (a
     * model whose own variance is uninformative); the interval published at the last origin of each stream is judged
     * against the next error of the same process. Averaged over the streams, those last intervals must cover the level
     * within 0.025 (binomial standard error of 1,000 draws: 0.007 at 0.95, 0.013 at 0.8; one draw per stream).
     * Not asserted, a known limit: at 0.95 with the uninformative std ({@code sdNoise = 1}) the last intervals cover
     * only 0.911–0.923 (the score is then a heavy-tailed scale mixture whose 0.975 quantile lies far above the
     * Gaussian start, and 600 updates of {@code η(1 − α)} per miss are too few to get there; docs/decisions.md).
     */
    @ParameterizedTest
    @CsvSource({"0.95, 1, 0, 11", "0.95, 24, 0, 12", "0.95, 48, 0, 13", "0.8, 1, 0, 14", "0.8, 24, 0, 15",
        "0.8, 48, 0, 16", "0.8, 1, 1, 20", "0.8, 24, 1, 21", "0.8, 48, 1, 22"})
    void shouldCoverTheNominalLevelAtTheEndOfShortStreams(double level, int delay, double sdNoise, long seed) {
        ConformalIntervals c = new ConformalIntervals(level);
        SplittableRandom rnd = new SplittableRandom(seed);
        int streams = 1000;
        int length = 600;
        double modelStd = 3;
        int covered = 0;
        for (int k = 0; k < streams; k++) {
            float[] st = new float[ConformalIntervals.FLOATS];
            c.reset(st, 0, 1);
            double[] innov = new double[length + 2 * delay + 1];
            for (int i = 0; i < innov.length; i++) {
                innov[i] = studentT(rnd, 3);
            }
            float[] lo = new float[length];
            float[] up = new float[length];
            float[] sd = new float[length + 1];
            for (int i = 0; i <= length; i++) {
                sd[i] = (float) (modelStd * Math.exp(sdNoise * gaussian(rnd)));
            }
            long count = 0;
            for (int t = 0; t < length; t++) {
                lo[t] = c.lowerOffset(st, 0);
                up[t] = c.upperOffset(st, 0);
                int origin = t - delay;
                if (origin >= 0) {
                    c.update(st, 0, ++count, (float) error(innov, origin, delay), 0f, sd[origin],
                            lo[origin], up[origin]);
                }
            }
            double x = error(innov, length, delay);
            double l = Math.min(c.lowerOffset(st, 0), c.upperOffset(st, 0)) * sd[length];
            double u = Math.max(c.lowerOffset(st, 0), c.upperOffset(st, 0)) * sd[length];
            covered += x >= l && x <= u ? 1 : 0;
        }
        assertThat(covered / (double) streams).as("coverage of the last intervals").isCloseTo(level, within(0.025));
    }

    /** Error of the forecast made at {@code origin}: the sum of the {@code delay} innovations after it. */
    private static double error(double[] innov, int origin, int delay) {
        double e = 0;
        for (int i = 1; i <= delay; i++) {
            e += innov[origin + i];
        }
        return e;
    }

    @Test
    void shouldFollowAHeteroscedasticStreamWithNarrowIntervalsWhereItIsCalm() {
        ConformalIntervals c = new ConformalIntervals(0.8);
        float[] st = new float[ConformalIntervals.FLOATS];
        c.reset(st, 0, 1);
        SplittableRandom rnd = new SplittableRandom(7);
        double calmWidth = 0;
        double wildWidth = 0;
        int calmCovered = 0;
        int wildCovered = 0;
        int perRegime = 0;
        for (int t = 0; t < 20_000; t++) {
            boolean calm = (t / 1_000) % 2 == 0;
            double x = (calm ? 0.1 : 10) * gaussian(rnd);
            // count the second half of each regime, once the scale has followed it
            if (t >= 2_000 && t % 1_000 >= 500) {
                double lo = c.lowerOffset(st, 0);
                double hi = c.upperOffset(st, 0);
                boolean in = x >= lo && x <= hi;
                if (calm) {
                    calmWidth += hi - lo;
                    calmCovered += in ? 1 : 0;
                    perRegime++;
                } else {
                    wildWidth += hi - lo;
                    wildCovered += in ? 1 : 0;
                }
            }
            c.update(st, 0, t + 1, (float) x, 0f, 1f, c.lowerOffset(st, 0), c.upperOffset(st, 0));
        }
        // the interval of a N(0, 0.1²) stretch is about 0.26 wide, of a N(0, 10²) stretch about 26
        assertThat(calmWidth / perRegime).isBetween(0.15, 0.5);
        assertThat(wildWidth / perRegime).isBetween(15.0, 50.0);
        assertThat(calmCovered / (double) perRegime).isBetween(0.7, 0.95);
        assertThat(wildCovered / (double) perRegime).isBetween(0.7, 0.95);
    }

    @Test
    void shouldStartFromTheModelsOwnGaussianInterval() {
        ConformalIntervals c = new ConformalIntervals(0.8);
        float[] st = new float[2 * ConformalIntervals.FLOATS];
        c.reset(st, 0, 2);
        double z = Gaussians.centralIntervalZ(0.8);
        assertThat(c.lowerOffset(st, 1)).isCloseTo((float) -z, within(1e-5f));
        assertThat(c.upperOffset(st, 1)).isCloseTo((float) z, within(1e-5f));
    }

    @Test
    void shouldIgnoreForecastsWithoutAUsableStdAndStayFiniteOnExtremeInput() {
        ConformalIntervals c = new ConformalIntervals(0.8);
        float[] st = new float[ConformalIntervals.FLOATS];
        c.reset(st, 0, 1);
        float[] before = st.clone();
        c.update(st, 0, 1, 3f, 0f, Float.NaN, Float.NaN, Float.NaN);
        c.update(st, 0, 1, 3f, 0f, 0f, Float.NaN, Float.NaN);
        assertThat(st).containsExactly(before);
        for (int t = 0; t < 1000; t++) {
            c.update(st, 0, t + 1, t % 2 == 0 ? 3e38f : -3e38f, 0f, 1e-30f, Float.NaN, Float.NaN);
        }
        for (float v : st) {
            assertThat(v).isFinite();
        }
        ConformalIntervals.validate(st, 1);
        assertThat(c.upperOffset(st, 0)).isFinite();
    }

    @Test
    void shouldRecoverWithinAFewStepsWhenAFlatStreamStartsToMove() {
        ConformalIntervals c = new ConformalIntervals(0.8);
        float[] st = new float[ConformalIntervals.FLOATS];
        c.reset(st, 0, 1);
        // exact forecasts for a long time (a flat stream under the last-value model): the scale shrinks to its floor
        for (int t = 0; t < 5_000; t++) {
            c.update(st, 0, t + 1, 0f, 0f, 1f, c.lowerOffset(st, 0), c.upperOffset(st, 0));
        }
        assertThat(Math.abs(c.upperOffset(st, 0))).isLessThan(1e-3f);
        assertThat(Math.abs(c.lowerOffset(st, 0))).isLessThan(1e-3f);
        SplittableRandom rnd = new SplittableRandom(9);
        int early = 0;
        int late = 0;
        for (int t = 0; t < 3_000; t++) {
            float x = (float) gaussian(rnd);
            float lo = Math.min(c.lowerOffset(st, 0), c.upperOffset(st, 0));
            float up = Math.max(c.lowerOffset(st, 0), c.upperOffset(st, 0));
            boolean in = x >= lo && x <= up;
            early += t >= 100 && t < 200 && in ? 1 : 0;
            late += t >= 1_000 && in ? 1 : 0;
            c.update(st, 0, 5_001 + t, x, 0f, 1f, c.lowerOffset(st, 0), c.upperOffset(st, 0));
        }
        // 100 steps after the stream starts to move its intervals cover again (the quantiles overshoot at first)...
        assertThat(early).isGreaterThanOrEqualTo(60);
        // ...and after 1,000 they are back at the nominal level
        assertThat(late / 2_000.0).isCloseTo(0.8, within(0.04));
    }

    @Test
    void shouldRefuseInvalidLevelsAndStates() {
        assertThatThrownBy(() -> new ConformalIntervals(1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level");
        assertThatThrownBy(() -> ConformalIntervals.validate(new float[] {0, 1, 0}, 1))
                .isInstanceOf(ModelException.class);
        assertThatThrownBy(() -> ConformalIntervals.validate(new float[] {Float.NaN, 1, 1}, 1))
                .isInstanceOf(ModelException.class);
    }
}
