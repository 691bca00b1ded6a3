package io.beliefstream.bench;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.tdvae.TdVaeConfig;
import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.models.tdvae.TrainedTdVae;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One TD-VAE serving step (belief update + 3 jumpy forecasts with intervals + 3 surprises) for a batch of
 * {@code batch} streams, at the default sizes and at the public implementation's sizes (belief 50, latent 8 × 2
 * layers, hidden 50, decoder hidden 200), with the last-value baseline for reference; {@code residual} is the
 * default sizes with the version-1 residual transition (the shipped default bundle's form; {@code default} and
 * {@code public} use the rotation transition of new models); {@code skip-path} is {@code residual} with the linear skip
 * path of the evaluation recipe ({@code TdVaeModel.withSkipPath}, L = 336, seeded weights). Divide the reported time per
 * operation by {@code batch} for the time per stream. {@code horizons}: 3 is the service's default {1, 5, 20}, 96
 * every horizon 1..96 (each one jumpy transition and decode); {@code calibration}: the published intervals from the
 * online conformal calibration (the default) or the network's own Gaussian interval.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar TdVaeServing -f 1 -wi 2 -i 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TdVaeServingBenchmark {
    @Param({"1", "64", "1024"})
    public int batch;

    @Param({"default", "public", "last-value"})
    public String sizes;

    @Param({"3", "96"})
    public int horizons = 3;

    @Param({"conformal", "none"})
    public String calibration = "conformal";

    /** Lookback of the {@code skip-path} variant (the evaluation recipe's). */
    static final int SKIP_LOOKBACK = 336;

    private Kernel kernel;
    private StepResult out;
    private StreamState[] states;
    private float[][] inputs;
    private int t;

    @Setup(Level.Trial)
    public void setUp() {
        int[] hs = horizons == 3 ? new int[] {1, 5, 20} : java.util.stream.IntStream.rangeClosed(1, horizons).toArray();
        TdVaeModel.Calibration c = TdVaeModel.Calibration.valueOf(calibration.toUpperCase(java.util.Locale.ROOT));
        TdVaeModel.Scaling running = TdVaeModel.Scaling.RUNNING_PER_STREAM;
        io.beliefstream.models.SequenceModel model = switch (sizes) {
            case "default" -> new TdVaeModel(TrainedTdVae.initialised(TdVaeConfig.defaults(), 1), hs, 0.8, running,
                    c);
            case "residual" -> new TdVaeModel(TrainedTdVae.initialised(
                    TdVaeConfig.defaults().withTransition(TdVaeConfig.Transition.RESIDUAL), 1), hs, 0.8, running, c);
            case "public" -> new TdVaeModel(TrainedTdVae.initialised(TdVaeConfig.publicReferenceSizes(1), 1),
                    hs, 0.8, running, c);
            case "skip-path" -> {
                TdVaeModel m = new TdVaeModel(TrainedTdVae.initialised(
                        TdVaeConfig.defaults().withTransition(TdVaeConfig.Transition.RESIDUAL), 1), hs, 0.8, running, c);
                SplittableRandom w = new SplittableRandom(7);
                double[] lag = new double[hs.length * (SKIP_LOOKBACK - 1)];
                for (int i = 0; i < lag.length; i++) {
                    lag[i] = 0.01 * (w.nextDouble() - 0.5);
                }
                double[] level = new double[hs.length];
                java.util.Arrays.fill(level, 0.5);
                yield m.withSkipPath(SKIP_LOOKBACK, lag, level);
            }
            case "last-value" -> new LastValueModel(1, hs, 0.8);
            default -> throw new IllegalArgumentException("sizes " + sizes);
        };
        kernel = model.newKernel(batch);
        out = StepResult.forModel(model.info(), batch);
        states = new StreamState[batch];
        for (int b = 0; b < batch; b++) {
            states[b] = model.newState();
        }
        SplittableRandom rnd = new SplittableRandom(5);
        inputs = new float[64][batch];
        for (int i = 0; i < inputs.length; i++) {
            for (int b = 0; b < batch; b++) {
                inputs[i][b] = (float) (Math.sin(0.1 * i + b) + 0.1 * rnd.nextDouble());
            }
        }
    }

    @Benchmark
    public StepResult step() {
        kernel.step(states, inputs[t++ & 63], batch, out);
        return out;
    }
}
