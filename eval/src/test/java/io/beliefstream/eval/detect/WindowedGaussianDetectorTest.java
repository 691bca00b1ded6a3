package io.beliefstream.eval.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.eval.Series;
import io.beliefstream.eval.internal.Csv;
import io.beliefstream.eval.nab.NabCorpus;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java windowed Gaussian reproduces NAB's published windowedGaussian anomaly scores row by row. */
class WindowedGaussianDetectorTest {

    private static Path nab() throws URISyntaxException {
        return Path.of(WindowedGaussianDetectorTest.class.getResource("/nab/SOURCE.md").toURI()).getParent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"realKnownCause/nyc_taxi.csv", "realKnownCause/machine_temperature_system_failure.csv",
            "artificialWithAnomaly/art_daily_jumpsup.csv", "realTraffic/speed_t4013.csv",
            "artificialNoAnomaly/art_flatline.csv"})
    void shouldReproduceNabsPublishedWindowedGaussianScores(String file) throws Exception {
        Path nab = nab();
        Series s = NabCorpus.readFile(nab.resolve("data").resolve(file), file);
        Csv ref = Csv.read(nab.resolve("reference-results/windowedGaussian/" + s.category() + "/windowedGaussian_"
                + s.fileName()));
        double[] expected = ref.numbers(ref.column("anomaly_score"));
        double[][] got = WindowedGaussianDetector.factory().scoreAll(List.of(s), new int[] {0});
        assertThat(got[0]).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(got[0][i]).as("%s row %d", file, i).isCloseTo(expected[i], within(1e-9));
        }
    }
}
