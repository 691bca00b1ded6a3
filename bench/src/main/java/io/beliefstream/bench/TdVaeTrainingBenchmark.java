package io.beliefstream.bench;

import io.beliefstream.models.synthetic.HarmonicOscillator;
import io.beliefstream.models.tdvae.TdVaeConfig;
import io.beliefstream.models.tdvae.TdVaeTrainingConfig;
import io.beliefstream.models.tdvae.internal.PairBatch;
import io.beliefstream.models.tdvae.internal.ParamLayout;
import io.beliefstream.models.tdvae.internal.TrainingStep;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * One SameDiff training step (forward, backward, clipping, Adam) at batch 64 × window 50, at the default sizes and
 * the public implementation's sizes. Run with {@code OMP_NUM_THREADS=1}:
 * {@code java -jar bench/target/benchmarks.jar TdVaeTraining -f 1 -wi 2 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class TdVaeTrainingBenchmark {
    @Param({"default", "public"})
    public String sizes;

    @Param({"1", "4"})
    public int pairsPerWindow;

    private TrainingStep step;
    private Map<String, INDArray> batch;
    private final List<String> outputs = List.of("loss");

    @Setup(Level.Trial)
    public void setUp() {
        TdVaeConfig config = sizes.equals("public") ? TdVaeConfig.publicReferenceSizes(1) : TdVaeConfig.defaults();
        TdVaeTrainingConfig tc = TdVaeTrainingConfig.defaults().withWindowLength(50).withBatchSize(64)
                .withPairsPerWindow(pairsPerWindow);
        ParamLayout layout = new ParamLayout(config);
        step = new TrainingStep(layout, layout.initialise(1), 50, 1e-3, 10);
        List<float[][]> data = HarmonicOscillator.defaults().generate(64, 100, 1);
        batch = new PairBatch(data, config, tc, 2).next(64, DataType.FLOAT);
        batch.put("beta", Nd4j.createFromArray(1f));
        batch.put("lambda", Nd4j.createFromArray(1f));
    }

    @Benchmark
    public double trainingStep() {
        return step.run(batch, outputs)[0];
    }
}
