package io.beliefstream.eval.ucr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import io.beliefstream.eval.detect.DetectorFactory;
import io.beliefstream.eval.internal.ScoreCheck;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code beliefstream evaluate ucr}: streams every series of the UCR anomaly archive through every detector, from
 * its first point (the anomaly-free training part is the start of the same stream: a detector sees it first, as
 * history, and is never told where it ends), and scores the archive's rule ({@link UcrScorer}). Series are read
 * and streamed a chunk at a time ({@link UcrEvaluationOptions#seriesPerChunk()}), so memory holds one chunk's
 * values and scores whatever the archive's size; batched detectors stream a chunk in lock-step. One progress line
 * per series.
 */
public final class UcrEvaluation {
    private UcrEvaluation() {
    }

    /** Runs the evaluation, prints a line per series to {@code progress} and writes the outputs. */
    public static UcrEvaluationResult run(UcrEvaluationOptions options, PrintStream progress) {
        List<UcrLabel> labels = UcrCorpus.readLabels(options.dataDir());
        List<DetectorFactory> detectors = options.detectors();
        List<Map<String, Integer>> found = new ArrayList<>();
        List<Map<String, Boolean>> solved = new ArrayList<>();
        double[] seconds = new double[detectors.size()];
        for (int d = 0; d < detectors.size(); d++) {
            found.add(new LinkedHashMap<>());
            solved.add(new LinkedHashMap<>());
        }
        long points = 0;
        for (int from = 0; from < labels.size(); from += options.seriesPerChunk()) {
            List<UcrLabel> chunkLabels = labels.subList(from, Math.min(labels.size(), from + options.seriesPerChunk()));
            List<Series> chunk = new ArrayList<>(chunkLabels.size());
            int[] probation = new int[chunkLabels.size()];
            for (int s = 0; s < chunkLabels.size(); s++) {
                chunk.add(UcrCorpus.read(options.dataDir(), chunkLabels.get(s), options.intervalMillis()));
                probation[s] = chunkLabels.get(s).trainEnd();
                points += chunkLabels.get(s).points();
            }
            long[] chunkNanos = new long[detectors.size()];
            for (int d = 0; d < detectors.size(); d++) {
                DetectorFactory detector = detectors.get(d);
                long t0 = System.nanoTime();
                double[][] scores = detector.scoreAll(chunk, probation);
                chunkNanos[d] = System.nanoTime() - t0;
                seconds[d] += chunkNanos[d] / 1e9;
                ScoreCheck.requireValid(detector.name(), chunk, scores);
                for (int s = 0; s < chunk.size(); s++) {
                    UcrLabel label = chunkLabels.get(s);
                    int position = UcrScorer.foundPosition(scores[s], label.trainEnd());
                    found.get(d).put(label.name(), position);
                    solved.get(d).put(label.name(), label.solvedBy(position));
                    if (options.outDir() != null) {
                        writeScores(options.outDir().resolve(detector.name()).resolve(label.name() + ".csv"),
                                chunk.get(s), scores[s]);
                    }
                }
            }
            for (int s = 0; s < chunk.size(); s++) {
                UcrLabel label = chunkLabels.get(s);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%d/%d] %s (%d points, anomaly %d-%d):",
                        from + s + 1, labels.size(), label.name(), label.points(), label.anomalyStart(),
                        label.anomalyEnd()));
                for (int d = 0; d < detectors.size(); d++) {
                    String name = detectors.get(d).name();
                    line.append(String.format(Locale.ROOT, " %s %d %s", name, found.get(d).get(label.name()),
                            solved.get(d).get(label.name()) ? "solved" : "missed"));
                }
                progress.println(line);
            }
            StringBuilder timing = new StringBuilder("  chunk seconds:");
            for (int d = 0; d < detectors.size(); d++) {
                timing.append(String.format(Locale.ROOT, " %s %.1f", detectors.get(d).name(), chunkNanos[d] / 1e9));
            }
            progress.println(timing);
        }
        List<UcrEvaluationResult.DetectorResult> results = new ArrayList<>();
        for (int d = 0; d < detectors.size(); d++) {
            results.add(new UcrEvaluationResult.DetectorResult(detectors.get(d).name(), seconds[d], found.get(d),
                    solved.get(d)));
        }
        UcrEvaluationResult result = new UcrEvaluationResult(labels.size(), points, results);
        writeJson(options, labels, result);
        return result;
    }

    private static void writeScores(Path file, Series x, double[] scores) {
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("position,value,score\n");
                double[] v = x.values();
                for (int i = 0; i < scores.length; i++) {
                    w.write(Integer.toString(i + 1));
                    w.write(',');
                    w.write(Double.toString(v[i]));
                    w.write(',');
                    w.write(Double.toString(scores[i]));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new EvalException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The JSON document {@link #run} writes. */
    public static ObjectNode toJson(UcrEvaluationResult r, UcrEvaluationOptions options, List<UcrLabel> labels) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ObjectNode corpus = root.putObject("corpus");
        corpus.put("dataDir", options.dataDir().toString());
        corpus.put("series", r.series());
        corpus.put("points", r.points());
        corpus.put("positions", "1-based, as in the file names: position p is the p-th value of the file");
        corpus.put("rule", "solved when the first argmax of the score over positions > train_end lies within "
                + "[anomaly_start - " + UcrLabel.TOLERANCE + ", anomaly_end + " + UcrLabel.TOLERANCE + "]");
        corpus.put("intervalMillis", options.intervalMillis());
        corpus.put("seriesPerChunk", options.seriesPerChunk());
        ObjectNode detectors = root.putObject("detectors");
        for (UcrEvaluationResult.DetectorResult d : r.detectors()) {
            ObjectNode n = detectors.putObject(d.name());
            n.put("accuracy", d.accuracy());
            n.put("solved", d.solvedCount());
            n.put("seconds", d.seconds());
            n.put("pointsPerSecond", d.seconds() > 0 ? r.points() / d.seconds() : 0);
            ObjectNode series = n.putObject("series");
            for (UcrLabel l : labels) {
                ObjectNode s = series.putObject(l.name());
                s.put("found", d.found().get(l.name()));
                s.put("solved", d.solved().get(l.name()));
                s.put("anomalyStart", l.anomalyStart());
                s.put("anomalyEnd", l.anomalyEnd());
            }
        }
        return root;
    }

    private static void writeJson(UcrEvaluationOptions options, List<UcrLabel> labels, UcrEvaluationResult r) {
        Path p = options.jsonFile();
        try {
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(p.toFile(), toJson(r, options, labels));
        } catch (IOException e) {
            throw new EvalException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
