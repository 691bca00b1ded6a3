package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.streams.ModelSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue #14's named anomaly components changed no prediction: the engine serving the default TD-VAE with the default
 * components (surprise, daily seasonal) publishes the {@code anomaly} objects the positional engine published on the
 * same fixed-seed streams ({@link EngineGolden}): the same fields, numbers within 1e-12. Streams restored from the
 * positional engine's checkpoints (normaliser state version 3) continue to the same predictions.
 */
class AnomalyComponentsEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 1e-12;

    @Test
    void shouldPublishThePositionalEnginesAnomalyScoresAndContinueItsCheckpoints() throws IOException {
        Map<String, JsonNode> expected = new HashMap<>();
        Map<String, byte[]> checkpoints = new HashMap<>();
        read(expected, checkpoints);
        assertThat(checkpoints).hasSize(EngineGolden.STREAMS);
        EngineGolden g = new EngineGolden();
        ModelSet models = EngineGolden.models();
        Engine fresh = EngineGolden.engine(models);
        Engine restored = EngineGolden.engine(models);
        int compared = 0;
        for (int t = 0; t < EngineGolden.STEPS; t++) {
            List<JsonNode> a = predictions(fresh.process(g.records(t), 0).records());
            if (t == EngineGolden.CHECKPOINT) {
                assertThat(restored.restore(0, checkpoints, 0)).isEqualTo(EngineGolden.STREAMS);
            }
            List<JsonNode> b = t >= EngineGolden.CHECKPOINT ? predictions(restored.process(g.records(t), 0).records())
                    : List.of();
            if (t < EngineGolden.CHECKPOINT) {
                continue;
            }
            for (List<JsonNode> run : List.of(a, b)) {
                assertThat(run).hasSize(EngineGolden.STREAMS);
                for (JsonNode p : run) {
                    String key = t + " " + p.get("stream").asText();
                    JsonNode want = expected.get(key);
                    assertThat(want).as(key).isNotNull();
                    assertThat(p.get("seq").asLong()).as(key).isEqualTo(want.get("seq").asLong());
                    assertSame(key, want.get("anomaly"), p.get("anomaly"));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(2 * (EngineGolden.STEPS - EngineGolden.CHECKPOINT) * EngineGolden.STREAMS);
    }

    private static List<JsonNode> predictions(List<ProducerRecord<byte[], byte[]>> records) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : records) {
            if (r.topic().equals("g.predictions")) {
                out.add(JSON.readTree(r.value()));
            }
        }
        return out;
    }

    /** The same fields in the same order, numbers within the tolerance, the rest equal. */
    private static void assertSame(String where, JsonNode want, JsonNode got) {
        if (want.isNumber()) {
            assertThat(got.isNumber()).as(where).isTrue();
            assertThat(Math.abs(got.asDouble() - want.asDouble())).as("%s: %s vs %s", where, got, want)
                    .isLessThanOrEqualTo(TOLERANCE);
            return;
        }
        if (!want.isObject()) {
            assertThat(got).as(where).isEqualTo(want);
            return;
        }
        List<String> wantFields = new ArrayList<>();
        want.fieldNames().forEachRemaining(wantFields::add);
        List<String> gotFields = new ArrayList<>();
        got.fieldNames().forEachRemaining(gotFields::add);
        assertThat(gotFields).as(where).containsExactlyElementsOf(wantFields);
        for (Iterator<String> it = want.fieldNames(); it.hasNext();) {
            String f = it.next();
            assertSame(where + " " + f, want.get(f), got.get(f));
        }
    }

    private static void read(Map<String, JsonNode> expected, Map<String, byte[]> checkpoints) throws IOException {
        try (InputStream raw = AnomalyComponentsEngineTest.class.getResourceAsStream(
                "/io/beliefstream/streams/golden/engine-positional.txt.gz")) {
            assertThat(raw).as("golden file").isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                    StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(" ", 4);
                if (f[0].equals("checkpoint")) {
                    checkpoints.put(f[1], Base64.getDecoder().decode(f[2]));
                } else {
                    expected.put(f[0] + " " + f[1], JSON.createObjectNode().put("seq", Long.parseLong(f[2]))
                            .set("anomaly", JSON.readTree(f[3])));
                }
            }
        }
    }
}
