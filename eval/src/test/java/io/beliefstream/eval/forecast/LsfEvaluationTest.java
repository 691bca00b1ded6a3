package io.beliefstream.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.eval.EvalException;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The long-sequence-forecasting protocol: split, windows, scores, and the data README's check figures. */
class LsfEvaluationTest {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path tmp;

    /** {@code days} days at {@code perHour} rows an hour: a daily cycle, a random walk and noise, seed 5. */
    private Path series(String name, int days, int perHour) throws Exception {
        Path csv = tmp.resolve(name);
        Random r = new Random(5);
        double walk = 0;
        int perDay = 24 * perHour;
        LocalDateTime d = LocalDateTime.of(2016, 7, 1, 0, 0);
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("date,HUFL,OT\n");
            for (int i = 0; i < days * perDay; i++) {
                walk += 0.02 * r.nextGaussian();
                double ot = 20 + 2 * Math.sin(2 * Math.PI * i / perDay) + walk + 0.1 * r.nextGaussian();
                w.write(d.plusMinutes(60L / perHour * i).format(DATE) + "," + (i % 7) + "," + ot + "\n");
            }
        }
        return csv;
    }

    @Test
    void shouldSplitByTheSamplingIntervalNotTheFileName() throws Exception {
        Path hourly = series("ETTm1.csv", 601, 1);
        ForecastEvaluation.Prepared p = LsfEvaluation.prepare(hourly, "OT");
        assertThat(p.trainEnd()).isEqualTo(8_640);
        assertThat(p.validationEnd()).isEqualTo(11_520);
        assertThat(p.testEnd()).isEqualTo(14_400);
        Path quarter = series("ETTh1.csv", 600, 4);
        ForecastEvaluation.Prepared q = LsfEvaluation.prepare(quarter, "OT");
        assertThat(q.trainEnd()).isEqualTo(34_560);
        assertThat(q.validationEnd()).isEqualTo(46_080);
        assertThat(q.testEnd()).isEqualTo(57_600);
        // StandardScaler on the training rows: mean 0 and population variance 1 there
        double m = 0;
        double v = 0;
        for (int i = 0; i < q.trainEnd(); i++) {
            m += q.y()[i];
            v += q.y()[i] * q.y()[i];
        }
        assertThat(m / q.trainEnd()).isCloseTo(0, within(1e-9));
        assertThat(v / q.trainEnd()).isCloseTo(1, within(1e-9));
    }

    @Test
    void shouldScoreEveryStrideOneTestWindowOverItsSteps() throws Exception {
        Path csv = series("hourly.csv", 600, 1);
        Path json = tmp.resolve("lsf.json");
        LsfResult r = LsfEvaluation.run(new LsfOptions(csv, "OT", new int[] {3, 24}, new int[] {1, 24, 48}, 0.8,
                json, List.of(NaiveForecaster.factory(), SeasonalNaiveForecaster.factory())));

        assertThat(r.seasonalPeriod()).isEqualTo(24);
        ForecastEvaluation.Prepared p = LsfEvaluation.prepare(csv, "OT");
        double[] y = p.y();
        // the naive forecast by hand: origins from the last validation row, targets in the test split
        for (int h : new int[] {3, 24}) {
            double sq = 0;
            double abs = 0;
            int windows = 0;
            for (int t = p.testStart() - 1; t + h < p.testEnd(); t++) {
                for (int k = 1; k <= h; k++) {
                    double e = y[t + k] - y[t];
                    sq += e * e;
                    abs += Math.abs(e);
                }
                windows++;
            }
            LsfResult.Metrics m = r.forecaster("naive").window(h);
            assertThat(m.n()).isEqualTo(windows).isEqualTo(2_880 - h + 1);
            assertThat(m.mse()).isCloseTo(sq / (windows * h), within(1e-12));
            assertThat(m.mae()).isCloseTo(abs / (windows * h), within(1e-12));
            assertThat(m.coverage()).isBetween(0.0, 1.0);
            assertThat(m.width()).isPositive();
        }
        // a horizon beyond the longest window is not reported; the rolling figure at h = 24 scores every test row
        assertThat(r.forecaster("naive").horizons()).extracting(LsfResult.Metrics::steps).containsExactly(1, 24);
        assertThat(r.forecaster("naive").horizon(24).n()).isEqualTo(2_880);
        // the one-day window is the same value for naive and seasonal naive at its last step only; the cycle
        // favours the seasonal forecast over the window
        assertThat(r.forecaster("seasonalNaive").window(24).mae()).isLessThan(r.forecaster("naive").window(24).mae());

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("protocol").asText()).isEqualTo("lsf");
        assertThat(root.path("data").path("trainRows").asInt()).isEqualTo(8_640);
        for (String name : List.of("naive", "seasonalNaive")) {
            for (String h : List.of("3", "24")) {
                JsonNode m = root.path("forecasters").path(name).path("windows").path(h);
                for (String k : List.of("mse", "mae", "coverage", "width")) {
                    assertThat(m.path(k).isNumber()).as("%s %s %s", name, h, k).isTrue();
                }
            }
        }
    }

    @Test
    void shouldRefuseAFileTooShortForTheSplitAndAForecasterThatDoesNotForecast() throws Exception {
        Path shortFile = series("short.csv", 500, 1);
        assertThatThrownBy(() -> LsfEvaluation.prepare(shortFile, "OT")).isInstanceOf(EvalException.class)
                .hasMessageContaining("needs 14400");
        Path csv = series("hourly.csv", 600, 1);
        ForecasterFactory silent = new ForecasterFactory() {
            @Override
            public String name() {
                return "silent";
            }

            @Override
            public Forecaster create(ForecastContext context) {
                return (t, x, out) -> out.clear();
            }
        };
        assertThatThrownBy(() -> LsfEvaluation.run(LsfOptions.of(csv, "OT", new int[] {24}, tmp.resolve("x.json"),
                List.of(silent)))).isInstanceOf(EvalException.class).hasMessageContaining("silent: no forecast");
    }

    @Test
    void shouldTrainNLinearToBeatTheNaiveForecastOnADailyCycle() throws Exception {
        Path csv = series("hourly.csv", 600, 1);
        LsfResult r = LsfEvaluation.run(new LsfOptions(csv, "OT", new int[] {24}, new int[] {24}, 0.8,
                tmp.resolve("n.json"), List.of(NaiveForecaster.factory(), NLinearForecaster.factory())));
        LsfResult.Metrics nl = r.forecaster("nlinear").window(24);
        assertThat(nl.mse()).isLessThan(0.8 * r.forecaster("naive").window(24).mse());
        // its split-conformal 80% interval, calibrated on the validation windows, covers near 80% of test targets
        assertThat(nl.coverage()).isBetween(0.7, 0.9);
    }

    /** The ETT directory beside the clone ({@code ../shared/data/ett}), looked for from the module or the clone. */
    static Path ettDir() {
        for (Path p : List.of(Path.of("..", "..", "shared", "data", "ett"), Path.of("..", "shared", "data", "ett"))) {
            if (Files.isRegularFile(p.resolve("ETTh1.csv"))) {
                return p;
            }
        }
        return null;
    }

    @Test
    void shouldReproduceTheNaiveCheckFiguresOfTheDataReadme() {
        Path ett = ettDir();
        assumeTrue(ett != null && Files.isRegularFile(ett.resolve("ETTm1.csv")),
                "ETT data not found at ../shared/data/ett beside the clone: the check figures are not verified here");
        LsfResult h1 = LsfEvaluation.run(LsfOptions.of(ett.resolve("ETTh1.csv"), "OT", new int[] {24, 96},
                tmp.resolve("h1.json"), List.of(NaiveForecaster.factory())));
        // the data README's check figures, rounded to 4 decimals
        assertThat(Math.round(h1.forecaster("naive").window(96).mse() * 1e4)).isEqualTo(693L);
        assertThat(Math.round(h1.forecaster("naive").window(96).mae() * 1e4)).isEqualTo(2033L);
        assertThat(Math.round(h1.forecaster("naive").window(24).mse() * 1e4)).isEqualTo(343L);
        assertThat(Math.round(h1.forecaster("naive").window(24).mae() * 1e4)).isEqualTo(1394L);
        assertThat(h1.forecaster("naive").window(96).n()).isEqualTo(2_785);
        LsfResult m1 = LsfEvaluation.run(LsfOptions.of(ett.resolve("ETTm1.csv"), "OT", new int[] {96},
                tmp.resolve("m1.json"), List.of(NaiveForecaster.factory())));
        assertThat(m1.trainRows()).isEqualTo(34_560);
        assertThat(Math.round(m1.forecaster("naive").window(96).mse() * 1e4)).isEqualTo(333L);
        assertThat(Math.round(m1.forecaster("naive").window(96).mae() * 1e4)).isEqualTo(1365L);
    }
}
