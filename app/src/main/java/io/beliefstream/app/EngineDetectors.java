package io.beliefstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.eval.Series;
import io.beliefstream.eval.detect.AnomalyDetector;
import io.beliefstream.eval.detect.DetectorFactory;
import io.beliefstream.eval.detect.SeriesInfo;
import io.beliefstream.models.score.ScoreNormaliser;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.PollProcessor;
import io.beliefstream.streams.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * BeliefStream as NAB detectors, through the service's own serving path: every series is a stream, every row an
 * observation record handed to the streaming engine through {@link PollProcessor} (the same decoding, validation, batched TD-VAE and
 * VQ-VAE kernels, online codebook updates, per-stream state and score normaliser as `beliefstream serve`, minus the
 * Kafka I/O), all series in lock-step, one batched step per row index. The published predictions are parsed back
 * and scores read from each: the combined anomaly score ({@code beliefstream}, as {@code 1 − anomaly.tail} in
 * double precision, exactly as published, onset filter included), and each named anomaly component alone
 * ({@code beliefstream-<name>}: {@code beliefstream-surprise} the TD-VAE surprise, {@code beliefstream-reconstruction}
 * the window scorer's reconstruction error, {@code beliefstream-seasonal} the normaliser's daily profile). The
 * service filters only the combined tail for onsets; the component detectors pass each component's tail
 * {@code 1 − calibrated} through the same filter ({@link ScoreNormaliser#filterOnset}), so all compare evidence under
 * one alerting policy. One engine run serves every detector. A warming-up score ({@code null}) counts as 0.
 */
final class EngineDetectors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Supplier<ModelSet> models;
    private List<Series> cachedFor;
    private double[][][] cached;
    private List<String> componentNames;

    EngineDetectors(Supplier<ModelSet> models) {
        this.models = models;
    }

    /**
     * The detectors: the combined score, then one per anomaly component of the served models, always including
     * {@code surprise}, {@code reconstruction} and {@code seasonal} (scored 0 throughout when the settings leave the
     * component out), so the reports keep their columns.
     */
    List<DetectorFactory> detectors() {
        List<String> names = componentNames();
        List<DetectorFactory> out = new ArrayList<>(names.size() + 1);
        out.add(view("beliefstream", 0));
        for (int i = 0; i < names.size(); i++) {
            out.add(view("beliefstream-" + names.get(i), i + 1));
        }
        return out;
    }

    private synchronized List<String> componentNames() {
        if (componentNames == null) {
            List<String> names = new ArrayList<>(List.of("surprise", "reconstruction", "seasonal"));
            for (var c : models.get().components()) {
                if (!names.contains(c.name())) {
                    names.add(c.name());
                }
            }
            componentNames = List.copyOf(names);
        }
        return componentNames;
    }

    private DetectorFactory view(String name, int which) {
        return new DetectorFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AnomalyDetector create(SeriesInfo info) {
                throw new UnsupportedOperationException(name + " scores whole corpora (scoreAll) in lock-step");
            }

            @Override
            public double[][] scoreAll(List<Series> series, int[] probationaryRows) {
                return run(series)[which];
            }
        };
    }

    private synchronized double[][][] run(List<Series> series) {
        if (cached != null && cachedFor == series) {
            return cached;
        }
        ModelSet m = models.get();
        EngineConfig config = EngineConfig.builder("127.0.0.1:1").topics(new Topics("nab."))
                .maxBatch(Math.max(1, series.size())).maxRecordBytes(4096)
                // NAB files have a few timestamps that step back (clock changes); every row must be scored
                .timestampTolerance(java.time.Duration.ofDays(36_500)).build();
        PollProcessor engine = new PollProcessor(config, m, new EngineStats());
        int n = series.size();
        List<String> names = componentNames();
        int views = names.size() + 1;
        double[][][] out = new double[views][n][];
        int longest = 0;
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < views; k++) {
                out[k][s] = new double[series.get(s).length()];
            }
            longest = Math.max(longest, series.get(s).length());
        }
        long offset = 0;
        boolean[][] alert = new boolean[views][n];
        for (int row = 0; row < longest; row++) {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(n);
            List<Integer> who = new ArrayList<>(n);
            for (int s = 0; s < n; s++) {
                Series x = series.get(s);
                if (row < x.length()) {
                    String value = "{\"timestamp\":" + x.timestamps()[row] + ",\"values\":[" + x.values()[row] + "]}";
                    batch.add(new ConsumerRecord<>("nab.observations", 0, offset++,
                            ("s" + s).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
                    who.add(s);
                }
            }
            int i = 0;
            for (ProducerRecord<byte[], byte[]> r : engine.process(batch, 0)) {
                if (!r.topic().equals("nab.predictions")) {
                    if (r.topic().equals("nab.dead-letter")) {
                        throw new IllegalStateException("row " + row + " was refused: " + new String(r.value(),
                                StandardCharsets.UTF_8));
                    }
                    continue;
                }
                int s = who.get(i++);
                JsonNode a = parse(r.value()).path("anomaly");
                // 1 − tail in double: the float score saturates at 1 for the most extreme rows, the tail keeps them apart
                out[0][s][row] = a.path("tail").isNumber() ? 1 - a.path("tail").asDouble() : 0;
                for (int k = 1; k < views; k++) {
                    out[k][s][row] = onsetFiltered(a.path("components").path(names.get(k - 1)), alert[k], s);
                }
            }
        }
        cachedFor = series;
        cached = out;
        return out;
    }

    /** A calibrated component as {@code 1 − filterOnset(1 − p)}; {@code alert[s]} carries stream s's last alert. */
    private static double onsetFiltered(JsonNode n, boolean[] alert, int s) {
        if (!n.isNumber()) {
            alert[s] = false;
            return 0;
        }
        double tail = 1 - Math.max(0, Math.min(1, n.asDouble()));
        double filtered = ScoreNormaliser.filterOnset(tail, alert[s]);
        alert[s] = tail <= ScoreNormaliser.ONSET_TAIL;
        return 1 - filtered;
    }

    private static JsonNode parse(byte[] b) {
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
