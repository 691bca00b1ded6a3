package io.beliefstream.eval.nab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import io.beliefstream.eval.detect.DetectorFactory;
import io.beliefstream.eval.internal.ScoreCheck;
import io.beliefstream.eval.report.NabReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code beliefstream evaluate nab}: streams every file of a NAB corpus through every detector, writes NAB-format
 * results (and NAB's per-profile score tables), scores them as NAB does (threshold optimised over the corpus per profile, normalised against the null
 * and perfect detectors), writes the scores as JSON and, when asked, a Markdown report with plots.
 *
 * <p>The CLI lives in the {@code app} module; this is the plain entry point it calls:
 * {@code NabEvaluation.run(NabEvaluationOptions.of(data, labels, out, json, report, detectors))}.
 */
public final class NabEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(NabEvaluation.class);

    private NabEvaluation() {
    }

    /** Runs the evaluation and writes its outputs. */
    public static NabEvaluationResult run(NabEvaluationOptions options) {
        List<Series> corpus = NabCorpus.read(options.dataDir());
        NabLabels labels = NabLabels.read(options.labelsFile());
        NabScorer scorer = new NabScorer(options.probationPercent());

        int[] probation = new int[corpus.size()];
        int[][] rowLabels = new int[corpus.size()][];
        long rows = 0;
        int windows = 0;
        for (int s = 0; s < corpus.size(); s++) {
            Series x = corpus.get(s);
            probation[s] = scorer.probationaryRows(x.length());
            rowLabels[s] = labels.labels(x);
            rows += x.length();
            windows += labels.windows(x.name()).size();
        }

        Map<String, double[][]> allScores = new LinkedHashMap<>();
        List<NabEvaluationResult.DetectorResult> results = new ArrayList<>();
        Map<String, Double> nullScores = new LinkedHashMap<>();
        Map<String, Double> perfectScores = new LinkedHashMap<>();
        for (DetectorFactory detector : options.detectors()) {
            long t0 = System.nanoTime();
            double[][] scores = detector.scoreAll(corpus, probation);
            double seconds = (System.nanoTime() - t0) / 1e9;
            ScoreCheck.requireValid(detector.name(), corpus, scores);
            LOG.info("{}: {} rows in {} s", detector.name(), rows, String.format("%.1f", seconds));
            allScores.put(detector.name(), scores);

            List<FileSweep> sweeps = new ArrayList<>(corpus.size());
            for (int s = 0; s < corpus.size(); s++) {
                Series x = corpus.get(s);
                NabResultFiles.write(options.outDir(), detector.name(), x, scores[s], rowLabels[s]);
                sweeps.add(scorer.sweep(x, scores[s], labels.windows(x.name())));
            }
            if (nullScores.isEmpty()) {
                for (Profile p : options.profiles()) {
                    nullScores.put(p.name(), scorer.nullScore(sweeps, p.costs()).score());
                    perfectScores.put(p.name(), NabScorer.perfectScore(windows, p.costs()));
                }
            }
            Map<String, Integer> rowCounts = new LinkedHashMap<>();
            corpus.forEach(x -> rowCounts.put(x.name(), x.length()));
            Map<String, NabEvaluationResult.ProfileScore> byProfile = new LinkedHashMap<>();
            Map<String, Map<String, ThresholdScore>> byFile = new LinkedHashMap<>();
            for (Profile p : options.profiles()) {
                ThresholdScore best = scorer.optimize(sweeps, p.costs());
                double norm = NabScorer.normalize(best.score(), nullScores.get(p.name()),
                        perfectScores.get(p.name()));
                byProfile.put(p.name(), new NabEvaluationResult.ProfileScore(best.threshold(), best.score(), norm));
                Map<String, ThresholdScore> profileFiles = new LinkedHashMap<>();
                for (FileSweep f : sweeps) {
                    ThresholdScore fs = scorer.score(f, p.costs(), best.threshold());
                    profileFiles.put(f.name(), fs);
                    byFile.computeIfAbsent(f.name(), k -> new LinkedHashMap<>()).put(p.name(), fs);
                }
                NabResultFiles.writeScores(options.outDir(), detector.name(), p.name(), best.threshold(),
                        profileFiles, rowCounts);
            }
            results.add(new NabEvaluationResult.DetectorResult(detector.name(), seconds, byProfile, byFile));
        }
        NabEvaluationResult result = new NabEvaluationResult(corpus.size(), rows, windows, nullScores,
                perfectScores, results);
        writeJson(options, result);
        if (options.reportDir() != null) {
            NabReport.write(options.reportDir(), corpus, labels, allScores, probation, result);
        }
        return result;
    }

    /** The JSON document {@link #run} writes. */
    public static ObjectNode toJson(NabEvaluationResult r, NabEvaluationOptions options) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        ObjectNode corpus = root.putObject("corpus");
        corpus.put("dataDir", options.dataDir().toString());
        corpus.put("labels", options.labelsFile().toString());
        corpus.put("files", r.files());
        corpus.put("rows", r.rows());
        corpus.put("windows", r.windows());
        corpus.put("probationPercent", options.probationPercent());
        ObjectNode profiles = root.putObject("profiles");
        for (Profile p : options.profiles()) {
            ObjectNode n = profiles.putObject(p.name());
            n.put("tpWeight", p.costs().tpWeight());
            n.put("fpWeight", p.costs().fpWeight());
            n.put("fnWeight", p.costs().fnWeight());
            n.put("tnWeight", p.costs().tnWeight());
            n.put("nullRawScore", r.nullScores().get(p.name()));
            n.put("perfectRawScore", r.perfectScores().get(p.name()));
        }
        ObjectNode detectors = root.putObject("detectors");
        for (NabEvaluationResult.DetectorResult d : r.detectors()) {
            ObjectNode n = detectors.putObject(d.name());
            d.profiles().forEach((name, p) -> n.put(name, p.normalized()));
            ObjectNode thresholds = n.putObject("thresholds");
            d.profiles().forEach((name, p) -> thresholds.put(name, p.threshold()));
            ObjectNode raw = n.putObject("rawScores");
            d.profiles().forEach((name, p) -> raw.put(name, p.raw()));
            n.put("seconds", d.seconds());
            n.put("rowsPerSecond", d.seconds() > 0 ? r.rows() / d.seconds() : 0);
            ObjectNode files = n.putObject("files");
            d.files().forEach((file, byProfile) -> {
                ObjectNode f = files.putObject(file);
                byProfile.forEach((profile, s) -> {
                    ObjectNode p = f.putObject(profile);
                    p.put("score", s.score());
                    p.put("tp", s.tp());
                    p.put("tn", s.tn());
                    p.put("fp", s.fp());
                    p.put("fn", s.fn());
                });
            });
        }
        return root;
    }

    private static void writeJson(NabEvaluationOptions options, NabEvaluationResult r) {
        Path p = options.jsonFile();
        try {
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(p.toFile(), toJson(r, options));
        } catch (IOException e) {
            throw new EvalException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
