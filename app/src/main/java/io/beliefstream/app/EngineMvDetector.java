package io.beliefstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.eval.mv.MvDetector;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.PollProcessor;
import io.beliefstream.streams.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * BeliefStream as a multivariate detector for {@code evaluate smd} and {@code evaluate nasa}, through the service's
 * own serving path: each stream (machine, channel) is one stream of a fresh {@link PollProcessor} serving the configured
 * models for the stream's dimension (by default the univariate TD-VAE and VQ-VAE applied per dimension), each row
 * one observation record, one minute apart (the files have no timestamps). The score is the published
 * {@code 1 − anomaly.tail} (0 while warming up); a dimension's contribution is its share in
 * {@code anomaly.dimensions} (the prediction names at most three, so HitRate counts those).
 */
final class EngineMvDetector implements MvDetector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STEP_MS = 60_000L;
    private final PollProcessor engine;
    private final int dims;
    private long offset;

    private EngineMvDetector(ModelSet models) {
        this.dims = models.forecaster().info().inputDim();
        this.engine = new PollProcessor(EngineConfig.builder("127.0.0.1:1").topics(new Topics("mv.")).maxBatch(1)
                .maxRecordBytes(64 * 1024).build(), models, new EngineStats());
    }

    /** The detector {@code beliefstream}, whose models for dimension D come from {@code models}. */
    static MvDetector.Factory factory(IntFunction<ModelSet> models) {
        return new MvDetector.Factory() {
            @Override
            public String name() {
                return "beliefstream";
            }

            @Override
            public MvDetector create(int dims) {
                return new EngineMvDetector(models.apply(dims));
            }
        };
    }

    @Override
    public double score(double[] x, double[] perDim) {
        StringBuilder v = new StringBuilder(32 + 12 * dims).append("{\"timestamp\":").append(offset * STEP_MS)
                .append(",\"values\":[");
        for (int d = 0; d < dims; d++) {
            v.append(d == 0 ? "" : ",").append((float) x[d]);
        }
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("mv.observations", 0, offset++,
                "s".getBytes(StandardCharsets.UTF_8), v.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        for (ProducerRecord<byte[], byte[]> out : engine.process(List.of(r), 0)) {
            if (out.topic().equals("mv.dead-letter")) {
                throw new IllegalStateException("row " + (offset - 1) + " was refused: "
                        + new String(out.value(), StandardCharsets.UTF_8));
            }
            if (!out.topic().equals("mv.predictions")) {
                continue;
            }
            JsonNode a = parse(out.value()).path("anomaly");
            if (perDim != null) {
                Arrays.fill(perDim, 0);
                for (JsonNode d : a.path("dimensions")) {
                    perDim[d.path("dim").asInt()] = d.path("share").asDouble();
                }
            }
            return a.path("tail").isNumber() ? 1 - a.path("tail").asDouble() : 0;
        }
        throw new IllegalStateException("no prediction for row " + (offset - 1));
    }

    private static JsonNode parse(byte[] b) {
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
