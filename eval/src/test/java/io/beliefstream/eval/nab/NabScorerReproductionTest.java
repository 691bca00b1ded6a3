package io.beliefstream.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.eval.Series;
import io.beliefstream.eval.internal.Csv;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scorer reproduces NAB's published per-file results: for both reference detectors (numenta HTM and
 * windowedGaussian) and all three profiles, given NAB's published anomaly scores and thresholds, every file's
 * Score, TP, TN, FP and FN equal the published {@code <detector>_<profile>_scores.csv}.
 */
class NabScorerReproductionTest {

    static Path nabDir() {
        try {
            return Path.of(NabScorerReproductionTest.class.getResource("/nab/SOURCE.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Series> corpus;

    /** The 31 data files, read once for all parameter sets. */
    static synchronized Map<String, Series> corpus() {
        if (corpus == null) {
            corpus = NabCorpus.read(nabDir().resolve("data")).stream()
                    .collect(Collectors.toMap(Series::name, Function.identity()));
        }
        return corpus;
    }

    static Stream<Arguments> detectorsAndProfiles() {
        List<Arguments> out = new ArrayList<>();
        for (String d : List.of("numenta", "windowedGaussian")) {
            for (String p : List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate")) {
                out.add(Arguments.of(d, p));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("detectorsAndProfiles")
    void shouldReproduceEveryPublishedPerFileScoreAndCount(String detector, String profileName) {
        Path nab = nabDir();
        Map<String, Series> corpus = corpus();
        NabLabels labels = NabLabels.read(nab.resolve("labels/combined_windows.json"));
        Profile profile = NabConfig.readProfiles(nab.resolve("config/profiles.json")).stream()
                .filter(p -> p.name().equals(profileName)).findFirst().orElseThrow();
        double threshold = NabConfig.readThresholds(nab.resolve("config/thresholds.json")).get(detector)
                .get(profileName);
        Csv published = Csv.read(nab.resolve("reference-results/" + detector + "/" + detector + "_" + profileName
                + "_scores.csv"));
        String[] files = published.text(published.column("File"));
        double[] scores = published.numbers(published.column("Score"));
        double[] tp = published.numbers(published.column("TP"));
        double[] tn = published.numbers(published.column("TN"));
        double[] fp = published.numbers(published.column("FP"));
        double[] fn = published.numbers(published.column("FN"));

        NabScorer scorer = new NabScorer();
        int checked = 0;
        for (int r = 0; r < files.length; r++) {
            if (files[r].isEmpty() || files[r].equals("Totals")) {
                continue;
            }
            Series s = corpus.get(files[r]);
            assertThat(s).as("data file %s", files[r]).isNotNull();
            String category = s.category();
            Csv result = Csv.read(nab.resolve("reference-results/" + detector + "/" + category + "/" + detector + "_"
                    + s.fileName()));
            double[] anomaly = result.numbers(result.column("anomaly_score"));
            FileSweep sweep = scorer.sweep(s, anomaly, labels.windows(s.name()));
            ThresholdScore got = scorer.score(sweep, profile.costs(), threshold);
            String what = detector + " " + profileName + " " + files[r];
            assertThat(got.score()).as("score of %s", what).isCloseTo(scores[r], within(1e-9));
            assertThat(got.tp()).as("TP of %s", what).isEqualTo((int) tp[r]);
            assertThat(got.tn()).as("TN of %s", what).isEqualTo((int) tn[r]);
            assertThat(got.fp()).as("FP of %s", what).isEqualTo((int) fp[r]);
            assertThat(got.fn()).as("FN of %s", what).isEqualTo((int) fn[r]);
            checked++;
        }
        assertThat(checked).isEqualTo(31);
    }
}
