package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.vqvae.VqVaeModel;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The engine with the forecaster, the online VQ-VAE scorer and the score normaliser together. */
class EngineWithScorerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldPublishCodesReconstructionErrorsAndCalibratedScoresAndKeepLearningTheCodebook() throws Exception {
        VqVaeModel vq = VqVaeModel.loadDefault().withOwnCodebook();
        ModelSet models = ModelSet.of(new LastValueModel(1, new int[] {1, 5}, 0.8), vq);
        Engine engine = new Engine(EngineConfig.builder("127.0.0.1:1").topics(new Topics("t.")).build(), models,
                new EngineStats(), (p, ids) -> Map.of());
        int window = vq.info().window();
        byte[] before = vq.codebook().snapshot();
        List<JsonNode> last = new ArrayList<>();
        long offset = 0;
        for (int t = 0; t < 300; t++) {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                double v = Math.sin(t * (0.2 + 0.05 * s)) + (t == 250 && s == 3 ? 6 : 0);
                batch.add(new ConsumerRecord<>("t.observations", 0, offset++, ("s" + s).getBytes(StandardCharsets.UTF_8),
                        ("{\"timestamp\":" + t + ",\"values\":[" + v + "]}").getBytes(StandardCharsets.UTF_8)));
            }
            last.clear();
            for (var r : engine.process(batch, 0).records()) {
                if (r.topic().equals("t.predictions")) {
                    last.add(JSON.readTree(r.value()));
                }
            }
            if (t == window - 2) {
                assertThat(last.get(0).at("/vq/code").isNull()).as("window not yet full").isTrue();
            }
            if (t == window) {
                assertThat(last.get(0).at("/vq/code").asInt()).isBetween(0, vq.info().codebookSize() - 1);
                assertThat(last.get(0).at("/vq/reconstruction_error").asDouble()).isNotNegative();
                assertThat(last.get(0).at("/model/scorer/name").asText()).isEqualTo("vq-vae");
            }
            if (t == 250) {
                // the spike on stream 3: its calibrated score is far above its peers'
                double spiked = last.get(3).at("/anomaly/score").asDouble();
                double calm = last.get(1).at("/anomaly/score").asDouble();
                assertThat(spiked).isGreaterThan(0.99);
                assertThat(last.get(3).at("/anomaly/flag").asBoolean()).isTrue();
                assertThat(calm).isLessThan(spiked);
                assertThat(last.get(3).at("/anomaly/components/surprise").asDouble()).isGreaterThan(0.99);
            }
        }
        assertThat(last.get(0).at("/anomaly/threshold").asDouble()).isEqualTo(ModelSet.DEFAULT_ANOMALY_THRESHOLD);
        assertThat(vq.codebook().snapshot()).as("the codebook kept learning").isNotEqualTo(before);
        assertThat(engine.codebookKey()).startsWith("vq-vae/");
    }
}
