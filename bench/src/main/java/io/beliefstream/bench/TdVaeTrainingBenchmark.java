package io.beliefstream.bench;

import io.beliefstream.models.synthetic.HarmonicOscillator;
import io.beliefstream.models.tdvae.TdVaeConfig;
import io.beliefstream.models.tdvae.TdVaeStepper;
import io.beliefstream.models.tdvae.TdVaeTrainer;
import io.beliefstream.models.tdvae.TdVaeTrainingConfig;
import java.util.List;
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
 * One training step (forward, backward, clipping, Adam) at batch 64 windows × length 50, at the default sizes and the
 * public implementation's sizes (belief 50, latent 2 × 8, hidden 50, decoder hidden 200) (both with the rotation
 * transition of new models; {@code -p sizes=residual}: the default sizes with the version-1 residual transition),
 * with the plain-Java engine
 * (the trainer's default) and the SameDiff reference. Every invocation draws a new batch from a fixed stream (drawing
 * costs ~0.1 ms), so the weights and the jumps change as in training. Run with {@code OMP_NUM_THREADS=1}:
 * {@code java -jar bench/target/benchmarks.jar TdVaeTraining -f 1 -wi 3 -i 5 -p engine=java}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class TdVaeTrainingBenchmark {
    @Param({"default", "public"})
    public String sizes;

    @Param({"1", "4"})
    public int pairsPerWindow;

    @Param({"java", "samediff"})
    public String engine;

    private TdVaeStepper stepper;

    @Setup(Level.Trial)
    public void setUp() {
        TdVaeConfig config = switch (sizes) {
            case "public" -> TdVaeConfig.publicReferenceSizes(1);
            case "residual" -> TdVaeConfig.defaults().withTransition(TdVaeConfig.Transition.RESIDUAL);
            default -> TdVaeConfig.defaults();
        };
        TdVaeTrainingConfig tc = TdVaeTrainingConfig.defaults().withWindowLength(50).withBatchSize(64)
                .withPairsPerWindow(pairsPerWindow).withLearningRate(1e-3);
        List<float[][]> data = HarmonicOscillator.defaults().generate(64, 200, 1);
        stepper = new TdVaeStepper(config, tc, data, engine.equals("samediff") ? TdVaeTrainer.Gradients.SAMEDIFF
                : TdVaeTrainer.Gradients.JAVA, 1, 2);
    }

    @Benchmark
    public double trainingStep() {
        return stepper.step(1, 1);
    }
}
