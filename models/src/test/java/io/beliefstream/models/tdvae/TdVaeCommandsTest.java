package io.beliefstream.models.tdvae;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beliefstream.models.bundle.ModelBundle;
import io.beliefstream.models.data.CsvSeriesLoader;
import io.beliefstream.models.synthetic.HarmonicOscillator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TdVaeCommandsTest {
    @TempDir
    Path dir;

    @Test
    void shouldTrainFromCsvFilesIntoALoadableBundle() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        List<float[][]> series = HarmonicOscillator.defaults().generate(6, 40, 3);
        for (int i = 0; i < series.size(); i++) {
            StringBuilder sb = new StringBuilder("timestamp,value\n");
            for (int t = 0; t < series.get(i).length; t++) {
                sb.append("2024-01-01T00:").append(t).append(',').append(10 + 5 * series.get(i)[t][0]).append('\n');
            }
            Files.writeString(data.resolve("s" + i + ".csv"), sb.toString());
        }
        Path out = dir.resolve("model.bsb");
        TdVaeCommands.TrainCsvOptions o = new TdVaeCommands.TrainCsvOptions(List.of(data), out,
                CsvSeriesLoader.defaults(), new TdVaeConfig(1, 6, 2, 1, 6, 6),
                TdVaeTrainingConfig.defaults().withWindowLength(16).withBatchSize(4).withEpochs(2, 3));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TdVaeTrainer.Result r = TdVaeCommands.trainCsv(o, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(r.epochs()).hasSize(2);
        TrainedTdVae loaded = TrainedTdVae.load(out);
        assertThat(loaded.fingerprint()).isEqualTo(r.model().fingerprint());
        assertThat(loaded.normalisation()).isEqualTo(TdVaeTrainingConfig.Normalisation.PER_SEQUENCE);
        assertThat(loaded.mean()[0]).isBetween(8f, 12f);
        assertThat(loaded.training().path("description").asText()).contains("csv");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("loaded 6 sequence(s)").contains("wrote");
    }

    @Test
    void shouldWriteTheOscillatorReportWithExactlyTheAgreedFields() throws Exception {
        OscillatorEvaluation.Options o = new OscillatorEvaluation.Options(HarmonicOscillator.defaults(), 10, 8, 80,
                30, 2, 5, new int[] {1, 5, 20, 100}, new TdVaeConfig(1, 6, 2, 1, 6, 6),
                TdVaeTrainingConfig.defaults().withWindowLength(16), 3);
        OscillatorEvaluation.Result r = OscillatorEvaluation.evaluate(
                TrainedTdVae.initialised(new TdVaeConfig(1, 6, 2, 1, 6, 6), 1), o, List.of());
        // 100 does not fit in sequences of 80 after a context of 30 and two origins 5 apart
        assertThat(r.horizons()).containsExactly(1, 5, 20);
        Path json = dir.resolve("out/osc.json");
        r.writeJson(json);
        JsonNode n = ModelBundle.json().readTree(Files.readString(json));
        assertThat(n.fieldNames()).toIterable().contains("horizons", "mse_jumpy", "mse_naive", "mse_rollout",
                "us_per_forecast_jumpy", "us_per_forecast_rollout");
        for (String f : List.of("mse_jumpy", "mse_naive", "mse_rollout", "us_per_forecast_jumpy",
                "us_per_forecast_rollout")) {
            assertThat(n.get(f).size()).as(f).isEqualTo(3);
            assertThat(n.get(f).get(0).asDouble()).as(f).isPositive();
        }
        // naive at horizon 1 on held-out data: mean squared one-step difference of the noisy oscillator
        assertThat(r.mseNaive()[0]).isBetween(0.01, 0.2);
    }
}
