package io.beliefstream.eval.nab;

import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import io.beliefstream.eval.detect.AnomalyDetector;
import io.beliefstream.eval.detect.DetectorFactory;
import io.beliefstream.eval.detect.SeriesInfo;
import io.beliefstream.eval.internal.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Replays anomaly scores from NAB-format result files ({@code <dir>/<detector>/<category>/<detector>_<file>.csv},
 * column {@code anomaly_score}), such as NAB's published results for its HTM detector, so they are scored by the
 * same scorer on the same files as the detectors measured in the run. Not a measurement: reports must say the
 * scores are replayed (the name given here is what they show).
 */
public final class PublishedResults implements DetectorFactory {
    private final String name;
    private final String detector;
    private final Path resultsDir;

    /**
     * @param name name in results, e.g. {@code numenta-published}
     * @param resultsDir directory holding {@code <detector>/<category>/<detector>_<file>.csv}
     * @param detector the detector directory and file prefix, e.g. {@code numenta}
     */
    public PublishedResults(String name, Path resultsDir, String detector) {
        this.name = name;
        this.resultsDir = resultsDir;
        this.detector = detector;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AnomalyDetector create(SeriesInfo info) {
        double[] scores = read(info.name(), info.length());
        int[] row = {0};
        return (t, v) -> scores[row[0]++];
    }

    @Override
    public double[][] scoreAll(List<Series> series, int[] probationaryRows) {
        double[][] out = new double[series.size()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = read(series.get(s).name(), series.get(s).length());
        }
        return out;
    }

    private double[] read(String relativePath, int rows) {
        int slash = relativePath.lastIndexOf('/');
        String category = slash < 0 ? "" : relativePath.substring(0, slash);
        Path file = resultsDir.resolve(detector).resolve(category)
                .resolve(detector + "_" + relativePath.substring(slash + 1));
        if (!Files.isRegularFile(file)) {
            throw new EvalException("no published result file " + file + " for " + relativePath);
        }
        Csv csv = Csv.read(file);
        double[] a = csv.numbers(csv.column("anomaly_score"));
        if (a.length != rows) {
            throw new EvalException(file + ": " + a.length + " rows, the data file has " + rows);
        }
        return a;
    }
}
