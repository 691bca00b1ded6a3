package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.tdvae.TdVaeConfig;
import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.models.tdvae.TrainedTdVae;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkipPathFitTest {
    private static final int[] HORIZONS = {1, 6, 12};

    /** A daily cycle (period 24) on a slow random walk, with small noise; scale and level set per series. */
    private static double[] series(long seed, int n, double scale, double level) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[n];
        double walk = 0;
        for (int i = 0; i < n; i++) {
            walk += 0.02 * (rnd.nextDouble() - 0.5);
            y[i] = level + scale * (walk + Math.sin(2 * Math.PI * i / 24.0) + 0.02 * (rnd.nextDouble() - 0.5));
        }
        return y;
    }

    /** Mean forecasts {@code [horizon index][origin]} of one stream. */
    private static double[][] forecasts(TdVaeModel model, double[] y) {
        Kernel k = model.newKernel(1);
        StepResult r = StepResult.forModel(model.info(), 1);
        StreamState[] s = {model.newState()};
        double[][] f = new double[HORIZONS.length][y.length];
        for (int t = 0; t < y.length; t++) {
            k.step(s, new float[] {(float) y[t]}, 1, r);
            for (int hi = 0; hi < HORIZONS.length; hi++) {
                f[hi][t] = r.mean[r.forecastIndex(0, hi, 0)];
            }
        }
        return f;
    }

    @Test
    void shouldLearnADailyCycleAcrossSeriesOfDifferentScalesAndServeItOnANewSeries() {
        TdVaeModel untrained = new TdVaeModel(TrainedTdVae.initialised(TdVaeConfig.defaults(), 5), HORIZONS, 0.8,
                TdVaeModel.Scaling.RUNNING_PER_STREAM);
        List<double[]> seqs = new ArrayList<>();
        List<double[][]> f = new ArrayList<>();
        double[] weights = new double[3];
        for (int s = 0; s < 3; s++) {
            double[] y = series(10 + s, 400, Math.pow(100, s), 1000 * s);
            seqs.add(y);
            f.add(forecasts(untrained, y));
            weights[s] = 1 / Math.pow(100, 2 * s);
        }
        TdVaeModel fitted = SkipPathFit.fit(untrained, seqs, f, weights, new int[3], 48, null);
        assertThat(fitted.lookback()).isEqualTo(48);
        // a new series, another scale and level: the skip path forecasts the cycle, the last value cannot
        double[] test = series(99, 300, 7, -50);
        double[][] g = forecasts(fitted, test);
        for (int hi = 0; hi < HORIZONS.length; hi++) {
            int h = HORIZONS[hi];
            double sse = 0;
            double naive = 0;
            for (int t = 100; t + h < test.length; t++) {
                sse += Math.pow(test[t + h] - g[hi][t], 2);
                naive += Math.pow(test[t + h] - test[t], 2);
            }
            assertThat(sse).as("h = %d", h).isLessThan(0.05 * naive);
        }
    }

    @Test
    void shouldBeServedByTheServiceFromTheSavedBundle(@TempDir Path dir) throws Exception {
        TdVaeModel untrained = new TdVaeModel(TrainedTdVae.initialised(TdVaeConfig.defaults(), 5), HORIZONS, 0.8,
                TdVaeModel.Scaling.RUNNING_PER_STREAM);
        double[] y = series(21, 300, 3, 10);
        List<double[][]> f = new ArrayList<>();
        f.add(forecasts(untrained, y));
        TdVaeModel fitted = SkipPathFit.fit(untrained, List.of(y), f, new double[] {1}, new int[1], 24, null);
        Path bundle = dir.resolve("fitted.bsb");
        fitted.servingBundle().save(bundle);
        Settings settings = Settings.resolve(Map.of("model.tdvae-bundle", bundle.toString(), "model.horizons", "1,6"),
                Map.of(), Optional.empty());
        SequenceModel served = ModelLoader.forecaster(settings, "td-vae");
        assertThat(served).isInstanceOfSatisfying(TdVaeModel.class, m -> {
            assertThat(m.lookback()).isEqualTo(24);
            assertThat(m.scaling()).isEqualTo(TdVaeModel.Scaling.RUNNING_PER_STREAM);
        });
        // the service's forecasts at horizons 1 and 6 are the fitted model's
        Kernel k = served.newKernel(1);
        StepResult r = StepResult.forModel(served.info(), 1);
        StreamState[] s = {served.newState()};
        double[][] g = forecasts(fitted, y);
        for (int t = 0; t < y.length; t++) {
            k.step(s, new float[] {(float) y[t]}, 1, r);
            assertThat((double) r.mean[r.forecastIndex(0, 0, 0)]).isCloseTo(g[0][t], within(1e-9));
            assertThat((double) r.mean[r.forecastIndex(0, 1, 0)]).isCloseTo(g[1][t], within(1e-9));
        }
    }

    @Test
    void shouldServeTheNetworkAloneWhenTheFittingDataAreShorterThanOneWindow() {
        TdVaeModel untrained = new TdVaeModel(TrainedTdVae.initialised(TdVaeConfig.defaults(), 5), HORIZONS, 0.8,
                TdVaeModel.Scaling.RUNNING_PER_STREAM);
        double[] y = series(3, 50, 1, 0);
        List<double[][]> f = new ArrayList<>();
        f.add(forecasts(untrained, y));
        assertThat(SkipPathFit.fit(untrained, List.of(y), f, new double[] {1}, new int[1], 48, null))
                .isSameAs(untrained);
    }

    @Test
    void shouldSolveASymmetricPositiveDefiniteSystemByCholesky() {
        double[] a = {4, 2, 0.4, 2, 5, 1, 0.4, 1, 3};
        double[] x = {1, -2, 0.5};
        double[] b = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                b[i] += a[i * 3 + j] * x[j];
            }
        }
        double[] solved = SkipPathFit.solve(SkipPathFit.cholesky(a, 3), 3, b);
        for (int i = 0; i < 3; i++) {
            assertThat(solved[i]).isCloseTo(x[i], within(1e-12));
        }
    }
}
