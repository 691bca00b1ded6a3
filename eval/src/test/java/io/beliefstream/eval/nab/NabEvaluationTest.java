package io.beliefstream.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.eval.Series;
import io.beliefstream.eval.detect.AnomalyDetector;
import io.beliefstream.eval.detect.DetectorFactory;
import io.beliefstream.eval.detect.SeriesInfo;
import io.beliefstream.eval.internal.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code evaluate nab} runner end to end on three NAB files. */
class NabEvaluationTest {
    private static final List<String> FILES = List.of("artificialWithAnomaly/art_daily_jumpsup.csv",
            "artificialNoAnomaly/art_daily_no_noise.csv", "realKnownCause/ec2_request_latency_system_failure.csv");

    @TempDir
    static Path tmp;
    static Path data;
    static Path labelsFile;
    static NabLabels labels;

    @BeforeAll
    static void copySubset() throws Exception {
        Path nab = NabScorerReproductionTest.nabDir();
        data = tmp.resolve("data");
        for (String f : FILES) {
            Path to = data.resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(nab.resolve("data").resolve(f), to);
        }
        labelsFile = nab.resolve("labels/combined_windows.json");
        labels = NabLabels.read(labelsFile);
    }

    /** Knows the labels: scores 1 on the first row of every window, 0 elsewhere. */
    private static DetectorFactory oracle() {
        return new DetectorFactory() {
            @Override
            public String name() {
                return "oracle";
            }

            @Override
            public AnomalyDetector create(SeriesInfo info) {
                List<LabelWindow> w = labels.windows(info.name());
                return (t, v) -> w.stream().anyMatch(x -> x.start() == t) ? 1.0 : 0.0;
            }
        };
    }

    private static DetectorFactory constant(String name, double score) {
        return new DetectorFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AnomalyDetector create(SeriesInfo info) {
                return (t, v) -> score;
            }
        };
    }

    @Test
    void shouldWriteNabResultsScoresJsonAndReportForEveryDetector() throws Exception {
        Path out = tmp.resolve("results");
        Path json = tmp.resolve("scores.json");
        Path report = tmp.resolve("report");
        List<DetectorFactory> detectors = new ArrayList<>(NabEvaluationOptions.peers());
        detectors.add(oracle());
        detectors.add(constant("silent", 0.0));
        detectors.add(new PublishedResults("numenta-published", NabScorerReproductionTest.nabDir()
                .resolve("reference-results"), "numenta"));
        NabEvaluationResult r = NabEvaluation.run(NabEvaluationOptions.of(data, labelsFile, out, json, report,
                detectors));

        assertThat(r.files()).isEqualTo(3);
        assertThat(r.windows()).isEqualTo(labels.windows(FILES.get(0)).size() + labels.windows(FILES.get(2)).size());
        // normalisation anchors: a perfect detector scores 100, a silent one 0
        for (String p : List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate")) {
            assertThat(r.detector("oracle").score(p)).isCloseTo(100.0, within(1e-9));
            assertThat(r.detector("silent").score(p)).isCloseTo(0.0, within(1e-9));
            assertThat(r.detector("windowedGaussian").score(p)).isLessThan(100.0);
            assertThat(r.detector("randomCutForest").score(p)).isLessThan(100.0);
        }

        // NAB-format result files, which score back to the same per-file numbers
        NabScorer scorer = new NabScorer();
        for (String f : FILES) {
            Series s = NabCorpus.readFile(data.resolve(f), f);
            Path result = NabResultFiles.path(out, "randomCutForest", s);
            assertThat(result.toString()).endsWith("randomCutForest/" + s.category() + "/randomCutForest_"
                    + s.fileName());
            Csv csv = Csv.read(result);
            assertThat(csv.header()).containsExactly("timestamp", "value", "anomaly_score", "label");
            assertThat(csv.rowCount()).isEqualTo(s.length());
            assertThat(csv.numbers(csv.column("label"))).containsExactly(
                    java.util.Arrays.stream(labels.labels(s)).asDoubleStream().toArray());
            double threshold = r.detector("randomCutForest").profiles().get("standard").threshold();
            ThresholdScore rescored = scorer.score(scorer.sweep(s, csv.numbers(csv.column("anomaly_score")),
                    labels.windows(f)), Profile.STANDARD.costs(), threshold);
            assertThat(rescored).isEqualTo(r.detector("randomCutForest").files().get(f).get("standard"));
        }

        // NAB's score table: one row per file plus totals that match the corpus score
        Csv table = Csv.read(out.resolve("randomCutForest/randomCutForest_standard_scores.csv"));
        assertThat(table.rowCount()).isEqualTo(4);
        double[] tableScores = table.numbers(table.column("Score"));
        assertThat(tableScores[3]).isCloseTo(r.detector("randomCutForest").profiles().get("standard").raw(),
                within(1e-9));

        // replayed published scores score as the published per-file results at the same threshold
        Series jumpsup = NabCorpus.readFile(data.resolve(FILES.get(0)), FILES.get(0));
        double published = scorer.score(scorer.sweep(jumpsup, new PublishedResults("p",
                NabScorerReproductionTest.nabDir().resolve("reference-results"), "numenta").scoreAll(
                List.of(jumpsup), new int[1])[0], labels.windows(FILES.get(0))), Profile.STANDARD.costs(),
                0.5421876907348634).score();
        assertThat(published).isCloseTo(0.86067182427, within(1e-9));
        assertThat(r.detector("numenta-published").files()).containsKeys(FILES.get(0), FILES.get(2));

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        for (String d : List.of("windowedGaussian", "randomCutForest", "oracle", "silent")) {
            JsonNode n = root.path("detectors").path(d);
            for (String p : List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate")) {
                assertThat(n.path(p).isNumber()).as("%s %s", d, p).isTrue();
                assertThat(n.path(p).asDouble()).isCloseTo(r.detector(d).score(p), within(1e-12));
            }
            assertThat(n.path("files").size()).isEqualTo(3);
            assertThat(n.path("files").path(FILES.get(0)).path("standard").path("tp").isInt()).isTrue();
        }

        assertThat(report.resolve("report.md")).exists();
        String md = Files.readString(report.resolve("report.md"));
        assertThat(md).contains("randomCutForest", "windowedGaussian", "oracle");
        for (String f : FILES) {
            Path png = report.resolve("plots/" + f.replace('/', '_').replace(".csv", "") + ".png");
            assertThat(png).exists();
            assertThat(Files.size(png)).isGreaterThan(5_000);
            assertThat(md).contains(f);
        }
    }

    @Test
    void shouldRejectDuplicateOrUnsafeDetectorNames() {
        Path p = tmp.resolve("x");
        assertThatThrownBy(() -> NabEvaluationOptions.of(p, p, p, p, null,
                List.of(constant("a", 0), constant("a", 1)))).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> NabEvaluationOptions.of(p, p, p, p, null, List.of(constant("../a", 0))))
                .hasMessageContaining("detectors");
    }
}
