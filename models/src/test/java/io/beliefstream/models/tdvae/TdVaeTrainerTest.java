package io.beliefstream.models.tdvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.models.synthetic.HarmonicOscillator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TdVaeTrainerTest {
    private static final TdVaeConfig TINY = new TdVaeConfig(1, 8, 3, 1, 8, 8);

    @TempDir
    Path dir;

    private static TdVaeTrainingConfig quick(long seed) {
        return TdVaeTrainingConfig.defaults().withWindowLength(16).withBatchSize(8).withPairsPerWindow(4)
                .withJumps(4, 8, 0.8).withEpochs(3, 8).withWarmupSteps(0).withLearningRate(1e-2)
                .withNormalisation(TdVaeTrainingConfig.Normalisation.GLOBAL).withSeed(seed);
    }

    @Test
    void shouldStepTheSameWayFromTheSameSeeds() {
        List<float[][]> data = HarmonicOscillator.defaults().generate(8, 40, 1);
        TdVaeStepper a = new TdVaeStepper(TINY, quick(1), data, TdVaeTrainer.Gradients.JAVA, 1, 2);
        TdVaeStepper b = new TdVaeStepper(TINY, quick(1), data, TdVaeTrainer.Gradients.JAVA, 1, 2);
        TdVaeStepper other = new TdVaeStepper(TINY, quick(1), data, TdVaeTrainer.Gradients.JAVA, 1, 3);

        double[] la = new double[3];
        double[] lb = new double[3];
        double[] lo = new double[3];
        for (int i = 0; i < 3; i++) {
            la[i] = a.step(1, 1);
            lb[i] = b.step(1, 1);
            lo[i] = other.step(1, 1);
        }

        assertThat(la).containsExactly(lb); // same seeds, same single-threaded arithmetic: bit for bit
        assertThat(java.util.Arrays.stream(la).allMatch(Double::isFinite)).as("finite losses %s", java.util.Arrays.toString(la)).isTrue();
        assertThat(lo).isNotEqualTo(la); // another sampler seed draws other minibatches
    }

    @Test
    void shouldReduceTheLossAndReproduceARunFromItsSeed() throws Exception {
        List<float[][]> data = HarmonicOscillator.defaults().generate(20, 40, 1);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TdVaeTrainer.Result a = TdVaeTrainer.train(TINY, quick(3).withCheckpointDir(dir), data,
                new PrintStream(log, true, StandardCharsets.UTF_8), "test");
        List<TdVaeTrainer.EpochStats> e = a.epochs();
        assertThat(e).hasSize(3);
        assertThat(e.get(2).trainLoss()).isLessThan(e.get(0).trainLoss());
        assertThat(e.get(2).validationLoss()).isLessThan(e.get(0).validationLoss());
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("epoch   1/3").contains("validation").doesNotContain("\r"); // not a terminal: no progress frames (ProgressBar)
        assertThat(Files.exists(dir.resolve("best.bsb"))).isTrue();
        assertThat(Files.exists(dir.resolve("last.bsb"))).isTrue();
        assertThat(TrainedTdVae.load(dir.resolve("best.bsb")).fingerprint()).isEqualTo(a.model().fingerprint());

        TdVaeTrainer.Result b = TdVaeTrainer.train(TINY, quick(3), data, null, "test");
        assertThat(b.model().fingerprint()).isEqualTo(a.model().fingerprint());
        TdVaeTrainer.Result c = TdVaeTrainer.train(TINY, quick(4).withEpochs(1, 2), data, null, "test");
        assertThat(c.model().fingerprint()).isNotEqualTo(a.model().fingerprint());
    }

    @Test
    void shouldExplainWhyDataCannotBeUsed() {
        assertThatThrownBy(() -> TdVaeTrainer.train(TINY, quick(1), List.of(), null, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no training sequences");
        List<float[][]> shortData = HarmonicOscillator.defaults().generate(2, 20, 1);
        assertThatThrownBy(() -> TdVaeTrainer.train(TINY, quick(1), shortData, null, "x"))
                .hasMessageContaining("windowLength = 16");
        List<float[][]> wrongDim = java.util.Collections.singletonList(new float[][] {{1f, 2f}});
        assertThatThrownBy(() -> TdVaeTrainer.train(TINY, quick(1), wrongDim, null, "x"))
                .hasMessageContaining("inputDim is 1");
    }

    @Test
    void shouldValidateTrainingOptionsNamingTheField() {
        assertThatThrownBy(() -> TdVaeTrainingConfig.defaults().withLearningRate(2))
                .hasMessageContaining("learningRate");
        assertThatThrownBy(() -> TdVaeTrainingConfig.defaults().withBatchSize(0)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new TdVaeConfig(1, 8, 3, 3, 8, 8)).hasMessageContaining("latentLayers");
        assertThat(TdVaeTrainingConfig.defaults().withWarmupSteps(10).warmupBeta(1))
                .isEqualTo(TdVaeTrainingConfig.WARMUP_START);
        assertThat(TdVaeTrainingConfig.defaults().withWarmupSteps(10).warmupBeta(10)).isEqualTo(1.0);
    }
}
