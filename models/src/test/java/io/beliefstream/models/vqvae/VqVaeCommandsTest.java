package io.beliefstream.models.vqvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.bundle.ModelBundle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VqVaeCommandsTest {

    @Test
    void shouldTrainFromCsvFilesAndDirectoriesAndWriteALoadableBundle(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("series"));
        writeCsv(sub.resolve("a.csv"), RegimeSignals.series(
                new RegimeSignals.Regime(RegimeSignals.Shape.SINE, 16, 3, 5, 0.1), 600, 1));
        writeCsv(dir.resolve("b.csv"), RegimeSignals.series(
                new RegimeSignals.Regime(RegimeSignals.Shape.SQUARE, 20, 1, 0, 0.05), 600, 2));
        Path out = dir.resolve("out/model.bsb");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        VqVaeCommands.TrainOptions options = new VqVaeCommands.TrainOptions(List.of(sub, dir.resolve("b.csv")), out,
                "value", 2, VqVaeConfig.of(16, 16, 4, 8), new VqVaeTrainingConfig(3, 32, 3e-3, 1));
        VqVaeTrainingResult r = VqVaeCommands.train(options, new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("a.csv: 600 observations").contains("epoch   3").contains("wrote");
        assertThat(r.reconLoss()[3]).isLessThan(r.reconLoss()[0]);
        VqVaeModel loaded = VqVaeModel.load(out);
        assertThat(loaded.info().version()).isEqualTo(r.model().info().version());
        assertThat(loaded.codebook().initialised()).isTrue();
    }

    @Test
    void shouldNameTheFileAndLineOfABadValue(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "timestamp,value\n1,0.5\n2,abc\n");
        VqVaeCommands.TrainOptions options = VqVaeCommands.TrainOptions.of(List.of(f), dir.resolve("m.bsb"));
        assertThatThrownBy(() -> VqVaeCommands.train(options, null))
                .isInstanceOf(ModelException.class).hasMessageContaining("bad.csv:3").hasMessageContaining("abc");
        assertThatThrownBy(() -> VqVaeCommands.TrainOptions.of(List.of(), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputs");
    }

    @Test
    void shouldShipADefaultBundleThatLoads() {
        VqVaeModel m = VqVaeModel.loadDefault();
        assertThat(m.info().name()).isEqualTo("vq-vae");
        assertThat(m.codebook().initialised()).isTrue();
        assertThat(m.trainingMetadata().get("reconLoss").size()).isGreaterThan(1);
    }

    /**
     * The done-when criterion of {@code evaluate vq-drift}: after the unseen regime arrives the online error comes
     * back within 1.5× of its level before the change, while the frozen codebook's error stays above 3× that level.
     */
    @Test
    @Tag("functional")
    void shouldRecoverFromAnUnseenRegimeOnlyWhenTheCodebookLearnsOnline(@TempDir Path dir) throws Exception {
        VqDriftResult r = VqVaeCommands.evaluateDrift(VqVaeModel.loadDefault(), VqDriftOptions.defaults(), null);
        assertThat(r.onlineRecoveryRatio()).isLessThanOrEqualTo(1.5);
        assertThat(r.frozenRatio()).isGreaterThanOrEqualTo(3.0);
        Path json = dir.resolve("drift.json");
        r.writeJson(json);
        JsonNode node = ModelBundle.json().readTree(json.toFile());
        assertThat(node.fieldNames()).toIterable().containsExactly("phases", "recon_error_online",
                "recon_error_frozen", "live_codes", "perplexity");
        assertThat(node.get("recon_error_online").size()).isEqualTo(node.get("phases").size());
        assertThat(node.get("recon_error_frozen").size()).isEqualTo(node.get("phases").size());
        assertThat(node.get("live_codes").size()).isEqualTo(node.get("perplexity").size()).isGreaterThan(10);
        assertThat(node.get("phases").get(3).asText()).contains("unseen");
    }

    private static void writeCsv(Path f, float[] values) throws Exception {
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < values.length; i++) {
            sb.append(i).append(',').append(values[i]).append('\n');
        }
        Files.writeString(f, sb.toString());
    }
}
