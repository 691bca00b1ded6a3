package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.scorer.ScorerKind;
import io.beliefstream.models.scorer.ScorerModel;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine serves every scorer of the autoencoder family through the same contract as the VQ-VAE. */
class EngineWithFamilyScorerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(ScorerKind.class)
    void shouldPublishTheScorersErrorAndCodebookSnapshots(ScorerKind kind) throws Exception {
        ScorerModel scorer = ScorerModel.loadDefault(kind).withOwnCodebook();
        ModelSet models = ModelSet.of(new LastValueModel(1, new int[] {1, 5}, 0.8), scorer);
        Engine engine = new Engine(EngineConfig.builder("127.0.0.1:1").topics(new Topics("t.")).build(), models,
                new EngineStats(), (p, ids) -> Map.of());
        int window = scorer.info().window();
        List<JsonNode> last = new ArrayList<>();
        long offset = 0;
        for (int t = 0; t <= window + 20; t++) {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                double v = Math.sin(t * (0.2 + 0.05 * s));
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
                assertThat(last.get(0).at("/vq/reconstruction_error").isNull()).as("window not yet full").isTrue();
            }
        }
        JsonNode p = last.get(0);
        assertThat(p.at("/model/scorer/name").asText()).isEqualTo(kind.label());
        assertThat(p.at("/vq/reconstruction_error").isNumber()).isTrue();
        assertThat(p.at("/anomaly/raw/reconstruction_error").asDouble())
                .isEqualTo(p.at("/vq/reconstruction_error").asDouble());
        if (kind == ScorerKind.VQ_VAE_2) {
            assertThat(p.at("/vq/code").asInt()).isBetween(0, scorer.info().codebookSize() - 1);
        } else {
            assertThat(p.at("/vq/code").isNull()).as("no codebook, no code").isTrue();
        }
        assertThat(engine.codebookKey()).startsWith(kind.label() + "/");
        byte[] snapshot = engine.codebookSnapshot();
        engine.restoreCodebook(snapshot);
        assertThat(engine.codebookSnapshot()).isEqualTo(snapshot);
    }
}
