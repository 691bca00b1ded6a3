package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.models.PerDimensionModel;
import io.beliefstream.models.score.AnomalyComponent;
import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.models.vqvae.VqVaeModel;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Multivariate streams with the default models: the univariate TD-VAE bundle and the VQ-VAE applied to each of the
 * dimensions, the surprise and the reconstruction error over all of them, and the dimensions an anomaly comes from.
 */
class EngineMultivariateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int DIMS = 4;
    /** Dimension scales differ by 10⁴: the blame must not follow the units. */
    static final double[] SCALE = {1, 100, 0.01, 10};

    /** Value of dimension {@code d} of stream {@code s} at step {@code t}: a noisy oscillation, plus a shift. */
    static double value(int s, int t, int d, Random rnd, int shiftStream, int shiftDim, int shiftFrom, int shiftTo) {
        double v = Math.sin(t * (0.11 + 0.03 * d + 0.01 * s)) + 0.1 * rnd.nextGaussian();
        if (s == shiftStream && d == shiftDim && t >= shiftFrom && t < shiftTo) {
            v += 2.5;
        }
        return SCALE[d] * (5 + v);
    }

    @Test
    void shouldScoreEveryDimensionAndNameTheDimensionAnAnomalyComesFrom() throws Exception {
        ModelSet models = ModelSet.of(new PerDimensionModel(TdVaeModel.loadDefault(new int[] {1, 5}, 0.8), DIMS),
                VqVaeModel.loadDefault().withOwnCodebook());
        assertThat(models.components()).extracting(AnomalyComponent::name).containsExactly("surprise",
                "reconstruction");
        Engine engine = new Engine(EngineConfig.builder("127.0.0.1:1").topics(new Topics("m.")).build(), models,
                new EngineStats(), (p, ids) -> Map.of());
        Random rnd = new Random(16);
        int streams = 3;
        int shiftFrom = 700;
        Map<String, byte[]> checkpoints = new HashMap<>();
        JsonNode onset = null;
        JsonNode calm = null;
        long offset = 0;
        for (int t = 0; t < 720 && onset == null; t++) {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                StringBuilder values = new StringBuilder();
                for (int d = 0; d < DIMS; d++) {
                    values.append(d == 0 ? "" : ",").append((float) value(s, t, d, rnd, 1, 2, shiftFrom, 710));
                }
                batch.add(new ConsumerRecord<>("m.observations", 0, offset++, ("s" + s).getBytes(StandardCharsets.UTF_8),
                        ("{\"timestamp\":" + (60_000L * t) + ",\"values\":[" + values + "]}")
                                .getBytes(StandardCharsets.UTF_8)));
            }
            for (ProducerRecord<byte[], byte[]> r : engine.process(batch, 0).records()) {
                if (r.topic().equals("m.state")) {
                    checkpoints.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
                    continue;
                }
                if (!r.topic().equals("m.predictions")) {
                    continue;
                }
                JsonNode p = JSON.readTree(r.value());
                assertThat(p.at("/forecasts/0/mean").size()).isEqualTo(DIMS);
                if (t >= shiftFrom && p.get("stream").asText().equals("s1") && p.at("/anomaly/flag").asBoolean()) {
                    onset = p;
                }
                if (t == shiftFrom && p.get("stream").asText().equals("s0")) {
                    calm = p;
                }
            }
        }
        assertThat(onset).as("the shift of stream s1's dimension 2 is flagged").isNotNull();
        assertThat(onset.get("seq").asLong()).isLessThan(shiftFrom + 6);
        JsonNode blamed = onset.at("/anomaly/dimensions");
        assertThat(blamed.size()).isBetween(1, 3);
        assertThat(blamed.get(0).get("dim").asInt()).as(onset.toString()).isEqualTo(2);
        assertThat(blamed.get(0).get("share").asDouble()).isGreaterThan(0.5);
        double sum = 0;
        for (JsonNode b : blamed) {
            sum += b.get("share").asDouble();
        }
        assertThat(sum).isLessThanOrEqualTo(1 + 1e-6);
        assertThat(onset.at("/anomaly/components/reconstruction").isNumber()).isTrue();
        assertThat(onset.at("/vq/code").isNumber()).isTrue();
        assertThat(calm.at("/anomaly/flag").asBoolean()).isFalse();
        // checkpoints of the per-dimension states read back into a fresh engine
        Engine restored = new Engine(EngineConfig.builder("127.0.0.1:1").topics(new Topics("m.")).build(), models,
                new EngineStats(), (p, ids) -> Map.of());
        assertThat(restored.restore(0, checkpoints, 0)).isEqualTo(streams);
        assertThat(restored.state("s1").observations()).isEqualTo(engine.state("s1").observations());
        assertThat(restored.nonFiniteStates()).isZero();
    }
}
