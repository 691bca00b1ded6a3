package io.beliefstream.models.tdvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.bundle.ModelBundle;
import io.beliefstream.models.stats.Gaussians;
import io.beliefstream.models.tdvae.internal.ParamLayout;
import io.beliefstream.models.tdvae.internal.TdVaeGraph;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TdVaeModelTest {
    private static final int[] HORIZONS = {1, 5, 20};

    /** Random (seeded) weights, scaled up so the nets are far from linear and the test is not trivial. */
    static TrainedTdVae randomModel(TdVaeConfig config, long seed) {
        ParamLayout layout = new ParamLayout(config);
        Map<String, float[]> p = layout.initialise(seed);
        SplittableRandom rnd = new SplittableRandom(seed + 99);
        for (float[] v : p.values()) {
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] * 1.5f + (float) (rnd.nextDouble() - 0.5) * 0.2f;
            }
        }
        float[] mean = new float[config.inputDim()];
        float[] std = new float[config.inputDim()];
        java.util.Arrays.fill(std, 1f);
        return new TrainedTdVae(config, p, TdVaeTrainingConfig.Normalisation.GLOBAL, mean, std,
                ModelBundle.newMetadata());
    }

    static TdVaeConfig config(int layers, int dim) {
        return new TdVaeConfig(dim, 12, 3, layers, 10, 14);
    }

    @ParameterizedTest
    @CsvSource({"1, ROTATION", "2, ROTATION", "1, RESIDUAL", "2, RESIDUAL"})
    void shouldMatchTheSameDiffForwardPassWithin1e4(int layers, TdVaeConfig.Transition transition) {
        int dim = layers == 1 ? 1 : 2;
        TdVaeConfig cfg = config(layers, dim).withTransition(transition); // total latent 3 (odd) or 6
        TrainedTdVae trained = randomModel(cfg, 5 + layers);
        // the network's own intervals: the conformal calibration is tested in ConformalIntervalsTest
        TdVaeModel model = new TdVaeModel(trained, HORIZONS, 0.8, TdVaeModel.Scaling.BUNDLE_STATISTICS,
                TdVaeModel.Calibration.NONE);
        int batch = 5;
        int length = 11;
        SplittableRandom rnd = new SplittableRandom(3);
        float[][] xs = new float[length][batch * dim];
        double[] xt = new double[length * batch * dim];
        for (int t = 0; t < length; t++) {
            for (int i = 0; i < batch * dim; i++) {
                xs[t][i] = (float) (Math.sin(0.4 * t + i) + 0.3 * (rnd.nextDouble() - 0.5));
                xt[t * batch * dim + i] = xs[t][i];
            }
        }
        Kernel kernel = model.newKernel(8);
        StepResult out = StepResult.forModel(model.info(), 8);
        StreamState[] states = new StreamState[batch];
        for (int b = 0; b < batch; b++) {
            states[b] = model.newState();
        }
        for (int t = 0; t < length; t++) {
            kernel.step(states, xs[t], batch, out);
        }

        ParamLayout layout = new ParamLayout(cfg);
        TdVaeGraph g = TdVaeGraph.forecast(layout, TdVaeGraph.toArrays(layout, trained.params(), DataType.FLOAT),
                length, HORIZONS, DataType.FLOAT);
        INDArray x = Nd4j.createFromArray(xt).reshape(length, batch, dim).castTo(DataType.FLOAT);
        String[] names = new String[2 * HORIZONS.length + 1];
        for (int h = 0; h < HORIZONS.length; h++) {
            names[2 * h] = "mean" + h;
            names[2 * h + 1] = "var" + h;
        }
        names[names.length - 1] = "belief";
        Map<String, INDArray> ref = g.sameDiff().output(Map.of("x", x), names);
        double z = Gaussians.centralIntervalZ(0.8);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < cfg.beliefSize(); i++) {
                assertThat(((TdVaeState) states[b]).belief(i)).isCloseTo(ref.get("belief").getFloat(b, i),
                        within(1e-4f));
            }
            for (int h = 0; h < HORIZONS.length; h++) {
                for (int d = 0; d < dim; d++) {
                    int i = out.forecastIndex(b, h, d);
                    float mean = ref.get("mean" + h).getFloat(b, d);
                    float sd = (float) Math.sqrt(ref.get("var" + h).getFloat(b, d));
                    assertThat(out.mean[i]).as("mean b%d h%d d%d", b, h, d).isCloseTo(mean, within(1e-4f));
                    assertThat(out.upper[i] - out.mean[i]).as("half-width b%d h%d d%d", b, h, d)
                            .isCloseTo((float) (z * sd), within(1e-4f));
                    assertThat(out.mean[i] - out.lower[i]).isCloseTo((float) (z * sd), within(1e-4f));
                }
            }
        }
        // the latent uncertainty really enters the variance: it exceeds the decoder's own variance
        assertThat(ref.get("var0").getFloat(0, 0)).isGreaterThan(0f);
    }

    @Test
    void shouldRoundTripStateAndContinueIdentically() {
        TdVaeModel model = new TdVaeModel(randomModel(config(2, 1), 11), HORIZONS, 0.8,
                TdVaeModel.Scaling.RUNNING_PER_STREAM);
        Kernel k = model.newKernel(1);
        StepResult a = StepResult.forModel(model.info(), 1);
        StepResult b = StepResult.forModel(model.info(), 1);
        StreamState[] s = {model.newState()};
        for (int t = 0; t < 30; t++) {
            k.step(s, new float[] {(float) (10 + 3 * Math.sin(t * 0.3))}, 1, a);
        }
        ByteBuffer buf = ByteBuffer.allocate(s[0].serializedSize());
        s[0].writeTo(buf);
        assertThat(buf.remaining()).isZero();
        buf.flip();
        StreamState[] copy = {model.readState(buf)};
        assertThat(copy[0].observations()).isEqualTo(30);
        for (int t = 30; t < 45; t++) {
            float[] x = {(float) (10 + 3 * Math.sin(t * 0.3))};
            k.step(s, x, 1, a);
            k.step(copy, x, 1, b);
            assertThat(b.mean).containsExactly(a.mean);
            assertThat(b.upper).containsExactly(a.upper);
            assertThat(b.surprise).containsExactly(a.surprise);
        }
    }

    @Test
    void shouldScoreSurpriseAgainstTheForecastMadeKStepsEarlier() {
        TdVaeModel model = new TdVaeModel(randomModel(config(1, 1), 13), HORIZONS, 0.8,
                TdVaeModel.Scaling.RUNNING_PER_STREAM, TdVaeModel.Calibration.NONE);
        Kernel k = model.newKernel(1);
        StepResult out = StepResult.forModel(model.info(), 1);
        StreamState[] s = {model.newState()};
        float[] meanH5 = new float[40];
        float[] halfH5 = new float[40];
        for (int t = 0; t < 40; t++) {
            k.step(s, new float[] {(float) Math.cos(t * 0.2)}, 1, out);
            if (t < 5) {
                assertThat(out.surprise[out.surpriseIndex(0, 1)]).isNaN();
            } else {
                double sd = halfH5[t - 5] / Gaussians.centralIntervalZ(0.8);
                double expected = Gaussians.nll(Math.cos(t * 0.2), meanH5[t - 5], sd);
                // float rounding of the stored forecast: relative tolerance (early forecasts have tiny stds)
                assertThat(out.surprise[out.surpriseIndex(0, 1)])
                        .isCloseTo((float) expected, within((float) (1e-3 * Math.max(1, Math.abs(expected)))));
            }
            meanH5[t] = out.mean[out.forecastIndex(0, 1, 0)];
            halfH5[t] = out.upper[out.forecastIndex(0, 1, 0)] - meanH5[t];
        }
    }

    @Test
    void shouldNormaliseEachStreamByItsOwnRunningStatistics() {
        TdVaeModel model = new TdVaeModel(randomModel(config(1, 1), 17), HORIZONS, 0.8,
                TdVaeModel.Scaling.RUNNING_PER_STREAM);
        Kernel k = model.newKernel(2);
        StepResult out = StepResult.forModel(model.info(), 2);
        StreamState[] s = {model.newState(), model.newState()};
        for (int t = 0; t < 200; t++) {
            float v = (float) Math.sin(t * 0.3);
            // stream 1 is stream 0 scaled by 1000 and shifted by 5000
            k.step(s, new float[] {v, 5000 + 1000 * v}, 2, out);
        }
        for (int h = 0; h < HORIZONS.length; h++) {
            float m0 = out.mean[out.forecastIndex(0, h, 0)];
            float m1 = out.mean[out.forecastIndex(1, h, 0)];
            assertThat(m1).isCloseTo(5000 + 1000 * m0, within(0.5f));
        }
        assertThat(((TdVaeState) s[1]).runningMean(0)).isCloseTo(5000f, within(100f));
    }

    @Test
    void shouldRefuseForeignStatesAndBadInput() {
        TdVaeModel model = new TdVaeModel(randomModel(config(1, 1), 19), HORIZONS, 0.8, null);
        Kernel k = model.newKernel(1);
        StepResult out = StepResult.forModel(model.info(), 1);
        assertThatThrownBy(() -> k.step(new StreamState[] {model.newState()}, new float[] {Float.NaN}, 1, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
        assertThatThrownBy(() -> k.step(new StreamState[] {model.newState(), model.newState()},
                new float[] {1, 2}, 2, out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch");
        ByteBuffer bad = ByteBuffer.allocate(64);
        bad.put((byte) 9).flip();
        assertThatThrownBy(() -> model.readState(bad)).isInstanceOf(ModelException.class)
                .hasMessageContaining("version");
    }

    @Test
    void shouldPublishIntervalsThatCoverTheirLevelOnEachStreamAndHorizon() {
        // random weights: the network's own σ means nothing for these streams, the calibration has to fix it
        TdVaeModel model = new TdVaeModel(randomModel(config(1, 1), 29), HORIZONS, 0.8,
                TdVaeModel.Scaling.RUNNING_PER_STREAM);
        assertThat(model.calibration()).isEqualTo(TdVaeModel.Calibration.CONFORMAL);
        Kernel k = model.newKernel(2);
        StepResult out = StepResult.forModel(model.info(), 2);
        StreamState[] s = {model.newState(), model.newState()};
        int n = 12_000;
        int warmup = 2_000;
        float[][] lower = new float[HORIZONS.length * 2][n];
        float[][] upper = new float[HORIZONS.length * 2][n];
        float[][] x = new float[2][n];
        SplittableRandom rnd = new SplittableRandom(31);
        for (int t = 0; t < n; t++) {
            // stream 0: a noisy sine; stream 1: a random walk with heavy-tailed, regime-switching steps
            x[0][t] = (float) (Math.sin(t * 0.05) + 0.2 * (rnd.nextDouble() - 0.5));
            double step = ((t / 1_500) % 2 == 0 ? 0.1 : 2) * io.beliefstream.models.internal.ConformalIntervalsTest
                    .studentT(rnd, 3);
            x[1][t] = (float) ((t == 0 ? 100 : x[1][t - 1]) + step);
            k.step(s, new float[] {x[0][t], x[1][t]}, 2, out);
            for (int b = 0; b < 2; b++) {
                for (int h = 0; h < HORIZONS.length; h++) {
                    lower[b * HORIZONS.length + h][t] = out.lower[out.forecastIndex(b, h, 0)];
                    upper[b * HORIZONS.length + h][t] = out.upper[out.forecastIndex(b, h, 0)];
                }
            }
        }
        for (int b = 0; b < 2; b++) {
            for (int h = 0; h < HORIZONS.length; h++) {
                int covered = 0;
                int total = 0;
                for (int t = warmup; t + HORIZONS[h] < n; t++) {
                    float target = x[b][t + HORIZONS[h]];
                    covered += target >= lower[b * HORIZONS.length + h][t]
                            && target <= upper[b * HORIZONS.length + h][t] ? 1 : 0;
                    total++;
                }
                assertThat(covered / (double) total).as("stream %d horizon %d", b, HORIZONS[h])
                        .isCloseTo(0.8, within(0.02));
            }
        }
    }

    @Test
    void shouldReadAVersionOneStateWithAFreshCalibration() {
        TdVaeModel model = new TdVaeModel(randomModel(config(1, 1), 37), HORIZONS, 0.8,
                TdVaeModel.Scaling.RUNNING_PER_STREAM);
        Kernel k = model.newKernel(1);
        StepResult out = StepResult.forModel(model.info(), 1);
        StreamState[] s = {model.newState()};
        for (int t = 0; t < 50; t++) {
            k.step(s, new float[] {(float) Math.sin(t * 0.3)}, 1, out);
        }
        TdVaeState v2 = (TdVaeState) s[0];
        ByteBuffer buf = ByteBuffer.allocate(v2.serializedSize());
        v2.writeTo(buf);
        // the version-1 layout: header and vector as in version 2, the history as (mean, std) pairs, no calibration
        int header = 1 + 2 + 2 + 8 + 4 * v2.vec.length;
        ByteBuffer v1 = ByteBuffer.allocate(header + 4 * 2 * (1 + 5 + 20));
        v1.put((byte) 1).put(buf.array(), 1, header - 1);
        ByteBuffer history = ByteBuffer.wrap(buf.array(), header, 4 * 4 * (1 + 5 + 20));
        for (int slot = 0; slot < 1 + 5 + 20; slot++) {
            v1.putFloat(history.getFloat()).putFloat(history.getFloat());
            history.getFloat(); // the published offsets, not in version 1
            history.getFloat();
        }
        v1.flip();
        TdVaeState read = model.readState(v1);
        assertThat(v1.remaining()).isZero();
        assertThat(read.observations()).isEqualTo(50);
        assertThat(read.vec).containsExactly(v2.vec);
        assertThat(read.calibration).containsExactly(model.newState().calibration);
        assertThat(read.calibration).isNotEqualTo(v2.calibration);
    }

    @Test
    void shouldKeepPerStreamStateUnderOneKilobyteAtDefaultSizes() {
        TdVaeModel model = new TdVaeModel(randomModel(TdVaeConfig.defaults(), 23), HORIZONS, 0.8, null);
        StreamState s = model.newState();
        assertThat(s.heapBytes()).isLessThan(1024);
        assertThat(s.serializedSize()).isLessThan(1024);
    }
}
