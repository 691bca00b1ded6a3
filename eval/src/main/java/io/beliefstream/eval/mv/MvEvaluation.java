package io.beliefstream.eval.mv;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.eval.EvalException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs detectors over a multivariate corpus: for every stream a fresh detector sees the training rows first
 * (history, scores discarded), then scores the test rows, one row at a time, each before it absorbs it. Then, per
 * detector, the {@link MvMetrics}: event precision, recall and F1 at the corpus-wide threshold of best F1 (one
 * threshold for all streams, searched on a grid of {@value #GRID} quantiles plus the {@value #GRID} highest distinct
 * scores), average precision over the pooled rows and, where the corpus blames dimensions, HitRate@100% and @150%.
 * Writes {@code detectors.<name>.<metric>} as JSON; detectors that could not run are listed there with the reason.
 */
public final class MvEvaluation {
    /** Size of the threshold grid (see {@link MvMetrics#bestThreshold}). */
    public static final int GRID = 1000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MvEvaluation() {
    }

    /**
     * One detector's figures on a corpus.
     *
     * @param name detector name
     * @param best threshold of best event F1 and the counts there
     * @param averagePrecision AUC-PR over rows
     * @param hitRate100 HitRate@100% (NaN without interpretation labels)
     * @param hitRate150 HitRate@150% (NaN without interpretation labels)
     * @param seconds wall time of streaming the corpus through the detector
     */
    public record DetectorResult(String name, MvMetrics.Best best, double averagePrecision, double hitRate100,
            double hitRate150, double seconds) {
    }

    /**
     * Evaluates the detectors and writes the JSON (and, with {@code out}, the test scores per detector and stream
     * as {@code <out>/<detector>/<stream>.csv}, columns {@code score,label}).
     *
     * @param corpus corpus name written to the JSON
     * @param streams the streams
     * @param detectors detectors to run
     * @param notRun detectors that were not run, with the reason, written as {@code detectors.<name>.status}
     * @param json where the JSON goes
     * @param out directory for score files, or null
     * @param log progress lines
     */
    public static List<DetectorResult> run(String corpus, List<MvStream> streams, List<MvDetector.Factory> detectors,
            Map<String, String> notRun, Path json, Path out, PrintStream log) {
        List<boolean[]> labels = streams.stream().map(MvStream::labels).toList();
        List<DetectorResult> results = new ArrayList<>();
        for (MvDetector.Factory f : detectors) {
            long t0 = System.nanoTime();
            List<double[]> scores = new ArrayList<>();
            double hit100 = 0;
            double hit150 = 0;
            long blamedRows = 0;
            for (MvStream s : streams) {
                MvDetector d = f.create(s.dims());
                double[] perDim = new double[s.dims()];
                for (double[] x : s.train()) {
                    d.score(x, null);
                }
                double[] sc = new double[s.test().length];
                int[][] blamedAt = new int[sc.length][];
                for (MvStream.Blame b : s.blames()) {
                    for (int i = b.start(); i < Math.min(b.end(), sc.length); i++) {
                        blamedAt[i] = b.dims();
                    }
                }
                for (int i = 0; i < sc.length; i++) {
                    sc[i] = d.score(s.test()[i], blamedAt[i] == null ? null : perDim);
                    if (blamedAt[i] != null) {
                        hit100 += MvMetrics.hitRate(perDim, blamedAt[i], 1.0);
                        hit150 += MvMetrics.hitRate(perDim, blamedAt[i], 1.5);
                        blamedRows++;
                    }
                }
                scores.add(sc);
                if (out != null) {
                    writeScores(out.resolve(f.name()).resolve(s.name() + ".csv"), sc, s.labels());
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            MvMetrics.Best best = MvMetrics.bestThreshold(labels, scores, GRID);
            DetectorResult r = new DetectorResult(f.name(), best, MvMetrics.averagePrecision(labels, scores),
                    blamedRows == 0 ? Double.NaN : hit100 / blamedRows, blamedRows == 0 ? Double.NaN : hit150 / blamedRows,
                    seconds);
            results.add(r);
            log.printf(Locale.ROOT, "%-18s eventF1 %.3f  P %.3f  R %.3f (%d/%d events, %d false alarms)  AUC-PR %.3f"
                    + "  HitRate@100%% %.3f @150%% %.3f  %.0f s%n", r.name(), best.counts().f1(),
                    best.counts().precision(), best.counts().recall(), best.counts().found(), best.counts().events(),
                    best.counts().falseAlarms(), r.averagePrecision(), r.hitRate100(), r.hitRate150(), seconds);
        }
        writeJson(corpus, streams, results, notRun, json);
        return results;
    }

    private static void writeJson(String corpus, List<MvStream> streams, List<DetectorResult> results,
            Map<String, String> notRun, Path json) {
        ObjectNode root = JSON.createObjectNode();
        root.put("corpus", corpus);
        root.put("threshold", "one per detector for the whole corpus, the best event F1 over a grid of " + GRID
                + " quantiles of the pooled test scores plus the " + GRID + " highest distinct scores; an alert is score >= threshold");
        root.put("pointAdjustment", false);
        var ss = root.putArray("streams");
        for (MvStream s : streams) {
            ss.addObject().put("name", s.name()).put("dims", s.dims()).put("trainRows", s.train().length)
                    .put("testRows", s.test().length).put("events", MvMetrics.events(s.labels()).length);
        }
        ObjectNode ds = root.putObject("detectors");
        for (DetectorResult r : results) {
            ObjectNode d = ds.putObject(r.name());
            d.put("status", "run");
            d.put("eventPrecision", r.best().counts().precision());
            d.put("eventRecall", r.best().counts().recall());
            d.put("eventF1", r.best().counts().f1());
            d.put("threshold", r.best().threshold());
            d.put("eventsFound", r.best().counts().found());
            d.put("events", r.best().counts().events());
            d.put("falseAlarms", r.best().counts().falseAlarms());
            d.put("aucPr", r.averagePrecision());
            if (!Double.isNaN(r.hitRate100())) {
                d.put("hitRate100", r.hitRate100());
                d.put("hitRate150", r.hitRate150());
            }
            d.put("seconds", r.seconds());
        }
        for (Map.Entry<String, String> e : new LinkedHashMap<>(notRun).entrySet()) {
            ds.putObject(e.getKey()).put("status", "not run").put("reason", e.getValue());
        }
        try {
            if (json.toAbsolutePath().getParent() != null) {
                Files.createDirectories(json.toAbsolutePath().getParent());
            }
            JSON.writeValue(json.toFile(), root);
        } catch (IOException e) {
            throw new EvalException("cannot write " + json + ": " + e.getMessage(), e);
        }
    }

    private static void writeScores(Path p, double[] scores, boolean[] labels) {
        try {
            Files.createDirectories(p.getParent());
            try (Writer w = Files.newBufferedWriter(p)) {
                w.write("score,label\n");
                for (int i = 0; i < scores.length; i++) {
                    w.write(Double.toString(scores[i]) + ',' + (labels[i] ? 1 : 0) + '\n');
                }
            }
        } catch (IOException e) {
            throw new EvalException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
