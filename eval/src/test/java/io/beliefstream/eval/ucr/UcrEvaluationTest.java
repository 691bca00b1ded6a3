package io.beliefstream.eval.ucr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.eval.detect.AnomalyDetector;
import io.beliefstream.eval.detect.DetectorFactory;
import io.beliefstream.eval.detect.SeriesInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner end to end on two generated series, one chunk at a time: accuracy, positions, per-point scores. */
class UcrEvaluationTest {
    @TempDir
    Path dir;

    /** Scores |x| / (1 + |x|): the largest absolute value wins. */
    private static DetectorFactory magnitude() {
        return new DetectorFactory() {
            @Override
            public String name() {
                return "magnitude";
            }

            @Override
            public AnomalyDetector create(SeriesInfo info) {
                return (t, v) -> Math.abs(v) / (1 + Math.abs(v));
            }
        };
    }

    /** 600 points of noise (seed fixed) with a spike of 50 at the 1-based position {@code spikeAt}. */
    private void series(String file, int spikeAt) throws IOException {
        Random r = new Random(7);
        StringJoiner j = new StringJoiner("\n", "", "\n");
        for (int p = 1; p <= 600; p++) {
            j.add(Double.toString(p == spikeAt ? 50.0 : r.nextGaussian()));
        }
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve(file), j.toString());
    }

    @Test
    void shouldSolveTheSeriesWhoseSpikeLiesInItsAnomalyAndWriteEachPointsScore() throws IOException {
        series("001_UCR_Anomaly_a_200_300_310.txt", 305); // spike inside the anomaly
        series("002_UCR_Anomaly_b_200_300_310.txt", 550); // spike 240 points after it
        Files.writeString(dir.resolve("labels.csv"),
                "file,n_points,train_end,anomaly_start,anomaly_end,dup_group,single_line\r\n"
                        + "001_UCR_Anomaly_a_200_300_310.txt,600,200,300,310,1,0\r\n"
                        + "002_UCR_Anomaly_b_200_300_310.txt,600,200,300,310,2,0\r\n");
        Path json = dir.resolve("out/ucr.json");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        UcrEvaluationResult r = UcrEvaluation.run(new UcrEvaluationOptions(dir, json, dir.resolve("scores"),
                List.of(magnitude()), 1, 60_000L), new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(r.series()).isEqualTo(2);
        assertThat(r.points()).isEqualTo(1200);
        UcrEvaluationResult.DetectorResult d = r.detector("magnitude");
        assertThat(d.found()).containsEntry("001_UCR_Anomaly_a_200_300_310", 305)
                .containsEntry("002_UCR_Anomaly_b_200_300_310", 550);
        assertThat(d.accuracy()).isEqualTo(0.5);
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.at("/detectors/magnitude/accuracy").asDouble()).isEqualTo(0.5);
        assertThat(doc.at("/detectors/magnitude/series/002_UCR_Anomaly_b_200_300_310/found").asInt()).isEqualTo(550);
        assertThat(doc.at("/detectors/magnitude/series/001_UCR_Anomaly_a_200_300_310/solved").asBoolean()).isTrue();
        List<String> scores = Files.readAllLines(dir.resolve("scores/magnitude/001_UCR_Anomaly_a_200_300_310.csv"));
        assertThat(scores).hasSize(601);
        assertThat(scores.get(305)).startsWith("305,50.0,");
        assertThat(progress.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("[")))
                .hasSize(2).allMatch(l -> l.contains("magnitude"));
    }
}
