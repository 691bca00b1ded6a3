package io.beliefstream.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.models.baseline.LastValueModel;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate forecast} end to end on a seeded synthetic daily series with a weekly cycle. */
class ForecastEvaluationTest {
    private static final int DAYS = 640;

    @TempDir
    static Path tmp;
    static Path csv;

    /** Daily rows over 640 days: a strong weekly cycle plus a slow random walk and noise, seed 3. */
    @BeforeAll
    static void writeSeries() throws Exception {
        csv = tmp.resolve("weekly.csv");
        Random r = new Random(3);
        double walk = 0;
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("date,load,OT\n");
            LocalDate d = LocalDate.of(2016, 7, 1);
            for (int i = 0; i < DAYS; i++) {
                walk += 0.05 * r.nextGaussian();
                double ot = 10 + 3 * Math.sin(2 * Math.PI * i / 7) + walk + 0.2 * r.nextGaussian();
                w.write(d.plusDays(i) + " 00:00:00," + (i % 5) + "," + ot + "\n");
            }
        }
    }

    private static ForecastEvaluationOptions options(Path json, Path report, List<ForecasterFactory> f) {
        return new ForecastEvaluationOptions(csv, "OT", new int[] {1, 3, 7}, 7, 0.8, 12, 4, 4, json, report, f);
    }

    @Test
    void shouldScoreEveryForecasterOnTheTestSplitAndWriteJsonAndReport() throws Exception {
        Path json = tmp.resolve("forecast.json");
        Path report = tmp.resolve("report");
        List<ForecasterFactory> f = new ArrayList<>(ForecastEvaluationOptions.peers());
        f.add(SequenceModelForecaster.factory("lastValue", new LastValueModel(1, new int[] {1, 3, 7}, 0.8)));
        ForecastEvaluationResult r = ForecastEvaluation.run(options(json, report, f));

        assertThat(r.trainRows()).isEqualTo(360);
        assertThat(r.validationRows()).isEqualTo(120);
        assertThat(r.testRows()).isEqualTo(120);
        for (ForecastEvaluationResult.ForecasterResult fr : r.forecasters()) {
            for (int h : new int[] {1, 3, 7}) {
                var m = fr.at(h);
                assertThat(m.n()).isEqualTo(120);
                assertThat(m.mae()).isPositive();
                assertThat(m.mse()).isGreaterThanOrEqualTo(m.mae() * m.mae() - 1e-12);
                assertThat(m.coverage()).isBetween(0.0, 1.0);
                assertThat(m.meanWidth()).isPositive();
            }
        }
        // with a strong weekly cycle, the seasonal naive forecast beats the naive one three days ahead
        assertThat(r.forecaster("seasonalNaive").at(3).mae()).isLessThan(r.forecaster("naive").at(3).mae());
        assertThat(r.forecaster("seasonalNaive").at(3).maeRatioToSeasonalNaive()).isCloseTo(1.0, within(1e-12));
        // a week ahead the naive and seasonal naive forecasts are the same value
        assertThat(r.forecaster("naive").at(7).mae()).isCloseTo(r.forecaster("seasonalNaive").at(7).mae(),
                within(1e-12));
        // the SequenceModel adapter serves the last-value model's forecasts: the naive point forecast
        for (int h : new int[] {1, 3, 7}) {
            assertThat(r.forecaster("lastValue").at(h).mae()).isCloseTo(r.forecaster("naive").at(h).mae(),
                    within(1e-5));
        }
        // RCFCaster learns the cycle: better than naive three days ahead
        assertThat(r.forecaster("rcfCaster").at(3).mae()).isLessThan(r.forecaster("naive").at(3).mae());

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("data").path("target").asText()).isEqualTo("OT");
        for (String name : List.of("naive", "seasonalNaive", "rcfCaster", "lastValue")) {
            for (String h : List.of("1", "3", "7")) {
                JsonNode m = root.path("forecasters").path(name).path("horizons").path(h);
                for (String k : List.of("mae", "mse", "mase", "coverage", "meanWidth")) {
                    assertThat(m.path(k).isNumber()).as("%s %s %s", name, h, k).isTrue();
                }
            }
        }
        assertThat(report.resolve("report.md")).exists();
        for (int h : new int[] {1, 3, 7}) {
            Path png = report.resolve("plots/horizon-" + h + ".png");
            assertThat(png).exists();
            assertThat(Files.size(png)).isGreaterThan(5_000);
        }
        assertThat(Files.readString(report.resolve("report.md"))).contains("rcfCaster", "lastValue", "horizon-7.png");
    }

    @Test
    void shouldRejectAModelThatDoesNotForecastARequestedHorizon() {
        List<ForecasterFactory> f = List.of(SequenceModelForecaster.factory("lv", new LastValueModel(1,
                new int[] {1, 3}, 0.8)));
        assertThatThrownBy(() -> ForecastEvaluation.run(options(tmp.resolve("x.json"), null, f)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("horizon 7");
        List<ForecasterFactory> g = List.of(SequenceModelForecaster.factory("lv", new LastValueModel(1,
                new int[] {1, 3, 7}, 0.9)));
        assertThatThrownBy(() -> ForecastEvaluation.run(options(tmp.resolve("x.json"), null, g)))
                .hasMessageContaining("0.9");
    }

    @Test
    void shouldRejectAMissingTargetColumnAndBadOptions() {
        assertThatThrownBy(() -> ForecastEvaluation.run(new ForecastEvaluationOptions(csv, "nope", new int[] {1}, 7,
                0.8, 12, 4, 4, tmp.resolve("y.json"), null, ForecastEvaluationOptions.peers())))
                .hasMessageContaining("no column 'nope'");
        assertThatThrownBy(() -> options(tmp.resolve("y.json"), null, List.of()))
                .hasMessageContaining("forecasters");
        assertThatThrownBy(() -> new ForecastEvaluationOptions(csv, "OT", new int[] {3, 1}, 7, 0.8, 12, 4, 4,
                tmp.resolve("y.json"), null, ForecastEvaluationOptions.peers())).hasMessageContaining("horizons");
    }
}
