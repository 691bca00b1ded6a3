package io.beliefstream.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading NAB's corpus layout, labels and configuration. */
class NabCorpusTest {

    @Test
    void shouldReadEveryCategoryFileNamedByItsRelativePath() {
        List<Series> corpus = NabCorpus.read(NabScorerReproductionTest.nabDir().resolve("data"));
        assertThat(corpus).hasSize(31);
        assertThat(corpus).extracting(Series::name).contains("realKnownCause/nyc_taxi.csv",
                "artificialNoAnomaly/art_flatline.csv").isSorted();
        Series taxi = corpus.stream().filter(s -> s.name().equals("realKnownCause/nyc_taxi.csv")).findFirst()
                .orElseThrow();
        assertThat(taxi.length()).isEqualTo(10320);
        assertThat(taxi.category()).isEqualTo("realKnownCause");
        assertThat(taxi.fileName()).isEqualTo("nyc_taxi.csv");
        assertThat(taxi.timestampText()[0]).isEqualTo("2014-07-01 00:00:00");
        assertThat(taxi.values()[0]).isEqualTo(10844.0);
        assertThat(taxi.timestamps()[1] - taxi.timestamps()[0]).isEqualTo(30 * 60_000L);
    }

    @Test
    void shouldLabelRowsInsideWindowsInclusively() {
        Path nab = NabScorerReproductionTest.nabDir();
        NabLabels labels = NabLabels.read(nab.resolve("labels/combined_windows.json"));
        assertThat(labels.files()).hasSize(31);
        Series taxi = NabCorpus.readFile(nab.resolve("data/realKnownCause/nyc_taxi.csv"),
                "realKnownCause/nyc_taxi.csv");
        List<LabelWindow> windows = labels.windows(taxi.name());
        assertThat(windows).hasSize(5);
        int[] l = labels.labels(taxi);
        long inside = Arrays.stream(l).filter(x -> x == 1).count();
        // NAB's published counts for this file: TP + FN rows = rows in windows (none in probation)
        assertThat(inside).isEqualTo(7 + 1028);
        int first = 0;
        while (taxi.timestamps()[first] != windows.get(0).start()) {
            first++;
        }
        assertThat(l[first - 1]).isZero();
        assertThat(l[first]).isEqualTo(1);
        assertThatThrownBy(() -> labels.windows("realKnownCause/unknown.csv")).isInstanceOf(EvalException.class)
                .hasMessageContaining("unknown.csv");
    }

    @Test
    void shouldReadNabsProfilesAndPublishedThresholds() {
        Path nab = NabScorerReproductionTest.nabDir();
        assertThat(NabConfig.readProfiles(nab.resolve("config/profiles.json")))
                .containsExactlyInAnyOrderElementsOf(Profile.NAB_PROFILES);
        assertThat(NabConfig.readThresholds(nab.resolve("config/thresholds.json")).get("numenta").get("standard"))
                .isEqualTo(0.5421876907348634);
    }

    @Test
    void shouldRejectMissingDirectoriesAndMalformedFiles(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> NabCorpus.read(tmp.resolve("nope"))).isInstanceOf(EvalException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> NabCorpus.read(tmp)).hasMessageContaining("no <category>/<file>.csv");
        Path bad = tmp.resolve("cat/bad.csv");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,oops\n");
        assertThatThrownBy(() -> NabCorpus.read(tmp)).isInstanceOf(EvalException.class)
                .hasMessageContaining("bad.csv").hasMessageContaining("row 3").hasMessageContaining("oops");
    }
}
