package io.beliefstream.eval.m4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.forecast.SeasonalNaiveForecaster;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate m4} end to end on a small file in the competition's layout. */
class M4EvaluationTest {
    @TempDir
    Path tmp;

    /** Three hourly series with a daily cycle (ragged rows, quoted, padded), seed 9. */
    private Path file() throws Exception {
        Path csv = tmp.resolve("Hourly-train.csv");
        Random r = new Random(9);
        int[] lengths = {300, 340, 320};
        int longest = 340;
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            StringBuilder header = new StringBuilder();
            for (int i = 1; i <= longest + 1; i++) {
                header.append(i > 1 ? "," : "").append("\"V").append(i).append('"');
            }
            w.write(header + "\n");
            for (int s = 0; s < lengths.length; s++) {
                StringBuilder row = new StringBuilder("\"H" + (s + 1) + "\"");
                for (int t = 0; t < longest; t++) {
                    row.append(',');
                    if (t < lengths[s]) {
                        double v = 100 * (s + 1) * (1 + 0.3 * Math.sin(2 * Math.PI * t / 24)) + r.nextGaussian();
                        row.append('"').append(Math.round(v * 10) / 10.0).append('"');
                    }
                }
                w.write(row + "\n");
            }
        }
        return csv;
    }

    @Test
    void shouldReadRaggedQuotedRows() throws Exception {
        List<M4Data.Series> s = M4Data.read(file());
        assertThat(s).extracting(M4Data.Series::id).containsExactly("H1", "H2", "H3");
        assertThat(s).extracting(x -> x.values().length).containsExactly(300, 340, 320);
    }

    @Test
    void shouldScoreEveryForecasterOnTheLast48ValuesAndWriteJson() throws Exception {
        Path json = tmp.resolve("m4.json");
        M4Result r = M4Evaluation.run(M4Options.of(file(), null, json, M4Options.peers()));
        assertThat(r.series()).isEqualTo(3);
        assertThat(r.holdout()).isTrue();
        assertThat(r.forecaster("naive2").owa()).isCloseTo(1.0, within(1e-12));
        // a fixed daily cycle with noise (seed 9): the whole last day forecasts better than one adjusted value
        assertThat(r.forecaster("seasonalNaive").owa()).isLessThan(1.0);
        for (M4Result.ForecasterResult f : r.forecasters()) {
            assertThat(f.coverage()).isBetween(0.0, 1.0);
            assertThat(f.msis()).isPositive();
            // per step: 3 series, so each step's share is a multiple of 1/3; their mean is the overall coverage
            assertThat(f.coverageByStep()).hasSize(48);
            double mean = 0;
            for (double c : f.coverageByStep()) {
                assertThat(c * 3).isCloseTo(Math.rint(c * 3), within(1e-9));
                mean += c / 48;
            }
            assertThat(mean).as("%s mean of the per-step coverage", f.name()).isCloseTo(f.coverage(), within(1e-9));
        }
        // sMAPE of sNaive recomputed from its definition on the held-out values
        List<M4Evaluation.Split> split = M4Evaluation.prepare(M4Options.of(file(), null, json, M4Options.peers()));
        double smape = 0;
        for (M4Evaluation.Split s : split) {
            double[] f = new double[48];
            for (int h = 1; h <= 48; h++) {
                f[h - 1] = SeasonalNaiveForecaster.pointForecast(s.insample(), s.insample().length - 1, h, 24);
            }
            smape += M4Metrics.smape(s.test(), f);
        }
        assertThat(r.forecaster("seasonalNaive").smape()).isCloseTo(smape / 3, within(1e-9));

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        for (String name : List.of("naive2", "seasonalNaive", "theta")) {
            for (String k : List.of("smape", "mase", "owa", "msis", "coverage")) {
                assertThat(root.path("forecasters").path(name).path(k).isNumber()).as("%s %s", name, k).isTrue();
            }
            assertThat(root.path("forecasters").path(name).path("coverageByStep").size()).isEqualTo(48);
        }
    }

    @Test
    void shouldScoreAgainstATestFileAndComputeNaive2EvenWhenNotAsked() throws Exception {
        Path train = file();
        Path test = tmp.resolve("Hourly-test.csv");
        Files.writeString(test, "\"V1\",\"V2\",\"V3\"\n\"H1\",\"1\",\"2\"\n");
        assertThatThrownBy(() -> M4Evaluation.run(new M4Options(train, test, 2, 24, 0.95, tmp.resolve("x.json"),
                List.of(ThetaForecaster.factory())))).isInstanceOf(EvalException.class).hasMessageContaining("H2");
        Files.writeString(test, "\"V1\",\"V2\",\"V3\"\n\"H1\",\"1\",\"2\"\n\"H2\",\"1\",\"2\"\n\"H3\",\"3\",\"4\"\n");
        M4Result r = M4Evaluation.run(new M4Options(train, test, 2, 24, 0.95, tmp.resolve("y.json"),
                List.of(ThetaForecaster.factory())));
        assertThat(r.holdout()).isFalse();
        assertThat(r.forecasters()).extracting(M4Result.ForecasterResult::name).containsExactly("theta");
        assertThat(r.forecaster("theta").owa()).isPositive();
    }
}
