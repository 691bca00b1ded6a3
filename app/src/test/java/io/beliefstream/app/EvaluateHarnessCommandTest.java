package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate forecast --protocol lsf} and {@code evaluate m4} from the command line, with the TD-VAE plugged in
 * through its factory (a bundle trained for two steps: the plumbing, not the accuracy).
 */
class EvaluateHarnessCommandTest {
    @TempDir
    static Path dir;
    static Path bundle;

    @BeforeAll
    static void trainATinyBundle() throws Exception {
        StringBuilder rows = new StringBuilder("timestamp,value\n");
        for (int t = 0; t < 400; t++) {
            rows.append(1_700_000_000_000L + 3_600_000L * t).append(',').append(Math.sin(t * 0.26)).append('\n');
        }
        Path csv = dir.resolve("sine.csv");
        Files.writeString(csv, rows);
        bundle = dir.resolve("tiny.bsb");
        assertThat(Main.run("train", "tdvae", "--data", csv.toString(), "--out", bundle.toString(), "--epochs", "1",
                "--steps-per-epoch", "2", "--window", "32")).isZero();
    }

    @Test
    void shouldRunTheLsfProtocolWithTheTdVaeAtEveryStepOfTheWindow() throws Exception {
        Path csv = dir.resolve("hourly.csv");
        Random r = new Random(8);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("date,OT\n");
            LocalDateTime d = LocalDateTime.of(2016, 7, 1, 0, 0);
            for (int i = 0; i < 600 * 24; i++) {
                w.write(d.plusHours(i).format(f) + "," + (Math.sin(2 * Math.PI * i / 24) + 0.1 * r.nextGaussian())
                        + "\n");
            }
        }
        Path json = dir.resolve("lsf.json");
        Path saved = dir.resolve("served.bsb");
        assertThat(Main.run("evaluate", "forecast", "--protocol", "lsf", "--data", csv.toString(), "--horizons", "24",
                "--forecasters", "beliefstream-tdvae,naive", "--tdvae-bundle", bundle.toString(), "--json",
                json.toString(), "--tdvae-save", saved.toString())).isZero();
        // the served model, saved with its serving choices, loads as the service would load it
        assertThat(io.beliefstream.models.tdvae.TdVaeModel.load(saved, new int[] {1, 5, 20}, 0.8).info().horizons())
                .containsExactly(1, 5, 20);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        for (String name : new String[] {"beliefstream-tdvae", "naive"}) {
            JsonNode w = root.path("forecasters").path(name).path("windows").path("24");
            assertThat(w.path("n").asInt()).isEqualTo(2_880 - 24 + 1);
            assertThat(w.path("mse").isNumber()).isTrue();
            assertThat(w.path("coverage").asDouble()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void shouldRunM4WithTheTdVaeAndThePeers() throws Exception {
        Path csv = dir.resolve("Hourly-train.csv");
        Random r = new Random(6);
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("\"V1\",\"V2\"\n");
            for (int s = 1; s <= 2; s++) {
                StringBuilder row = new StringBuilder("\"H" + s + "\"");
                for (int t = 0; t < 200; t++) {
                    row.append(",\"").append(50 * s + 10 * Math.sin(2 * Math.PI * t / 24) + r.nextGaussian())
                            .append('"');
                }
                w.write(row + "\n");
            }
        }
        Path json = dir.resolve("m4.json");
        assertThat(Main.run("evaluate", "m4", "--train", csv.toString(), "--tdvae-bundle", bundle.toString(),
                "--json", json.toString())).isZero();
        JsonNode fs = new ObjectMapper().readTree(json.toFile()).path("forecasters");
        for (String name : new String[] {"beliefstream-tdvae", "naive2", "seasonalNaive", "theta"}) {
            for (String k : new String[] {"smape", "mase", "owa", "msis", "coverage"}) {
                assertThat(fs.path(name).path(k).isNumber()).as("%s %s", name, k).isTrue();
            }
        }
        assertThat(fs.path("naive2").path("owa").asDouble()).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseAnUnknownProtocolOrForecasterWithExitCode2() {
        assertThat(Main.run("evaluate", "forecast", "--protocol", "lsd", "--data", dir.toString(), "--json",
                "x.json")).isEqualTo(2);
        assertThat(Main.run("evaluate", "m4", "--train", dir.toString(), "--forecasters", "prophet", "--json",
                "x.json")).isEqualTo(2);
        assertThat(Main.run("evaluate", "m4", "--train", "/no/such/file.csv", "--json", "x.json")).isEqualTo(2);
    }
}
