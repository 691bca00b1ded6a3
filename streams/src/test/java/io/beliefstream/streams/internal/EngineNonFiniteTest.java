package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.models.Kernel;
import io.beliefstream.models.ModelInfo;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.models.vqvae.VqVaeModel;
import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Issue 13, finding 2: no value, however extreme, may leave a stream's state non-finite. */
class EngineNonFiniteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;
    private final EngineStats stats = new EngineStats();
    private long offset;

    private ConsumerRecord<byte[], byte[]> rec(String stream, int t, String value) {
        return new ConsumerRecord<>("t.observations", 0, offset++, stream.getBytes(StandardCharsets.UTF_8),
                ("{\"timestamp\":" + (T0 + t * 60_000L) + ",\"values\":[" + value + "]}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> topic(Engine.BatchOutput out, String topic) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : out.records()) {
            if (r.topic().equals(topic)) {
                nodes.add(JSON.readTree(r.value()));
            }
        }
        return nodes;
    }

    /** Every forecast bound, surprise and (once calibrated) score of {@code p} is a number, not {@code null}. */
    private static void assertFinite(JsonNode p, boolean scored) {
        for (JsonNode f : p.get("forecasts")) {
            for (String k : List.of("mean", "lower", "upper")) {
                assertThat(f.get(k).get(0).isNumber()).as("%s of horizon %s at seq %s", k, f.get("horizon"),
                        p.get("seq")).isTrue();
            }
        }
        for (JsonNode s : p.get("surprise")) {
            assertThat(s.get("nll").isNumber()).as("surprise of horizon %s at seq %s", s.get("horizon"), p.get("seq"))
                    .isTrue();
        }
        if (scored) {
            assertThat(p.at("/anomaly/score").isNumber()).as("anomaly score at seq %s", p.get("seq")).isTrue();
            assertThat(p.at("/anomaly/components/reconstruction").isNumber()).isTrue();
            assertThat(p.at("/vq/code").isNumber()).isTrue();
        }
    }

    private Engine tdVaeEngine() {
        ModelSet models = ModelSet.of(TdVaeModel.loadDefault(TdVaeModel.DEFAULT_HORIZONS,
                TdVaeModel.DEFAULT_INTERVAL_LEVEL), VqVaeModel.loadDefault().withOwnCodebook());
        return new Engine(EngineConfig.builder("127.0.0.1:1").topics(new Topics("t.")).build(), models, stats,
                (p, ids) -> Map.of());
    }

    @Test
    void shouldRefuseTheIssuesExtremeValuesAndKeepEveryLaterForecastAndScoreFinite() throws Exception {
        Engine engine = tdVaeEngine();
        int t = 0;
        for (; t < 150; t++) {
            engine.process(List.of(rec("s", t, String.valueOf(Math.sin(t * 0.3)))), 0);
        }
        List<JsonNode> dead = new ArrayList<>();
        for (String v : new String[] {"3.4e38", "-3.4e38", "1.0"}) {
            Engine.BatchOutput out = engine.process(List.of(rec("s", t++, v)), 0);
            dead.addAll(topic(out, "t.dead-letter"));
        }
        assertThat(dead).extracting(d -> d.get("reason").asText()).containsExactly("OUT_OF_RANGE", "OUT_OF_RANGE");
        for (int i = 0; i < 200; i++, t++) {
            List<JsonNode> p = topic(engine.process(List.of(rec("s", t, String.valueOf(Math.sin(t * 0.3)))), 0),
                    "t.predictions");
            assertThat(p).hasSize(1);
            assertFinite(p.get(0), true);
        }
        assertThat(engine.state("s").isFinite()).isTrue();
        assertThat(stats.stateResets()).isZero();
    }

    @Test
    void shouldKeepTheStateFiniteWithValuesAtTheAcceptedBound() throws Exception {
        Engine engine = tdVaeEngine();
        int t = 0;
        for (; t < 150; t++) {
            engine.process(List.of(rec("s", t, "0.5")), 0);
        }
        // the largest accepted magnitudes, alternating, after a flat stretch whose forecasts are very narrow:
        // surprises of ~1e40 nats and squared deviations of 4e30 in the running statistics
        for (String v : new String[] {"1e15", "-1e15", "1e15", "-1e15", "1.0"}) {
            assertThat(topic(engine.process(List.of(rec("s", t++, v)), 0), "t.predictions")).hasSize(1);
        }
        JsonNode last = null;
        for (int i = 0; i < 200; i++, t++) {
            List<JsonNode> p = topic(engine.process(List.of(rec("s", t, String.valueOf(Math.sin(t * 0.3)))), 0),
                    "t.predictions");
            last = p.get(0);
            assertFinite(last, false);
        }
        assertThat(last.at("/anomaly/score").isNumber()).as("the score is back after the bound values").isTrue();
        assertThat(engine.state("s").isFinite()).isTrue();
    }

    @Test
    void shouldReinitialiseAStateAStepLeftNonFiniteAndCountIt() throws Exception {
        Engine engine = new Engine(EngineConfig.builder("127.0.0.1:1").topics(new Topics("t.")).maxBatch(4).build(),
                new FaultyModel(), stats, (p, ids) -> Map.of());
        for (int t = 0; t < 10; t++) {
            engine.process(List.of(rec("s", t, "1.0")), 0);
        }
        assertThat(engine.state("s").observations()).isEqualTo(10);
        Engine.BatchOutput out = engine.process(List.of(rec("s", 10, String.valueOf(FaultyModel.POISON))), 0);
        assertThat(topic(out, "t.predictions")).hasSize(1);
        assertThat(stats.stateResets()).isEqualTo(1);
        assertThat(engine.state("s").observations()).as("started afresh").isZero();
        assertThat(engine.state("s").isFinite()).isTrue();
        List<JsonNode> next = topic(engine.process(List.of(rec("s", 11, "2.0")), 0), "t.predictions");
        assertThat(next.get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(next.get(0).at("/forecasts/0/mean/0").asDouble()).isEqualTo(2.0);
    }

    @Test
    void shouldDeadLetterTheObservationsOfAFailedStepAndGoOn() throws Exception {
        Engine engine = new Engine(EngineConfig.builder("127.0.0.1:1").topics(new Topics("t.")).maxBatch(4).build(),
                new FaultyModel(), stats, (p, ids) -> Map.of());
        engine.process(List.of(rec("a", 0, "1.0"), rec("b", 0, "1.0")), 0);
        // one kernel call steps a and b together; it throws on a's value
        Engine.BatchOutput out = engine.process(List.of(rec("a", 1, String.valueOf(FaultyModel.THROW)),
                rec("b", 1, "2.0"), rec("b", 2, "3.0")), 0);
        List<JsonNode> dead = topic(out, "t.dead-letter");
        assertThat(dead).extracting(d -> d.get("reason").asText()).containsExactly("UNPROCESSABLE", "UNPROCESSABLE");
        assertThat(dead.get(0).get("detail").asText()).contains("IllegalStateException", "kernel fault");
        assertThat(topic(out, "t.predictions")).as("b's second observation, in the next round")
                .extracting(p -> p.get("seq").asLong()).containsExactly(1L);
        assertThat(out.observations() + out.deadLetters()).isEqualTo(3);
        assertThat(stats.deadLetters(DeadLetterReason.UNPROCESSABLE)).isEqualTo(2);
        assertThat(stats.stateResets()).isEqualTo(2);
        List<JsonNode> later = topic(engine.process(List.of(rec("a", 2, "5.0")), 0), "t.predictions");
        assertThat(later).extracting(p -> p.get("seq").asLong()).containsExactly(1L);
    }

    @Test
    void shouldReinitialiseAPoisonedStateReadBackFromACheckpoint() throws Exception {
        EngineConfig config = EngineConfig.builder("127.0.0.1:1").topics(new Topics("t.")).build();
        LastValueModel model = new LastValueModel(1, new int[] {1}, 0.8);
        Engine engine = new Engine(config, model, stats, (p, ids) -> Map.of());
        byte[] checkpoint = null;
        for (var r : engine.process(List.of(rec("s", 0, "12345.0")), 0).records()) {
            if (r.topic().equals("t.state")) {
                checkpoint = r.value();
            }
        }
        // a checkpoint written before the guards: the last value NaN (as a poisoned stream would have saved it)
        byte[] last = ByteBuffer.allocate(4).putFloat(12345f).array();
        int at = indexOf(checkpoint, last);
        assertThat(at).as("the last value in the checkpoint").isNotNegative();
        ByteBuffer.wrap(checkpoint).putFloat(at, Float.NaN);
        Engine restarted = new Engine(config, model, new EngineStats(), (p, ids) -> Map.of());
        assertThat(restarted.restore(0, Map.of("s", checkpoint), 0)).isEqualTo(1);
        assertThat(restarted.nonFiniteStates()).isZero();
        assertThat(restarted.state("s").observations()).as("started afresh").isZero();
        assertThat(restarted.stats().stateResets()).isEqualTo(1);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The last-value model, whose kernel poisons a stream's state on {@link #POISON} and throws on {@link #THROW}
     * (after updating the states, as a failing kernel might).
     */
    private static final class FaultyModel implements SequenceModel {
        static final float POISON = 666f;
        static final float THROW = 777f;
        private final LastValueModel inner = new LastValueModel(1, new int[] {1}, 0.8);

        private static final class State implements StreamState {
            final StreamState inner;
            boolean poisoned;

            State(StreamState inner) {
                this.inner = inner;
            }

            @Override
            public long observations() {
                return inner.observations();
            }

            @Override
            public int serializedSize() {
                return inner.serializedSize();
            }

            @Override
            public void writeTo(ByteBuffer out) {
                inner.writeTo(out);
            }

            @Override
            public long heapBytes() {
                return inner.heapBytes();
            }

            @Override
            public boolean isFinite() {
                return !poisoned && inner.isFinite();
            }
        }

        @Override
        public ModelInfo info() {
            return inner.info();
        }

        @Override
        public StreamState newState() {
            return new State(inner.newState());
        }

        @Override
        public StreamState readState(ByteBuffer in) {
            return new State(inner.readState(in));
        }

        @Override
        public Kernel newKernel(int maxBatch) {
            Kernel k = inner.newKernel(maxBatch);
            StreamState[] unwrapped = new StreamState[maxBatch];
            return new Kernel() {
                @Override
                public int maxBatch() {
                    return maxBatch;
                }

                @Override
                public void step(StreamState[] states, float[] x, int batch, StepResult out) {
                    for (int b = 0; b < batch; b++) {
                        unwrapped[b] = ((State) states[b]).inner;
                    }
                    k.step(unwrapped, x, batch, out);
                    for (int b = 0; b < batch; b++) {
                        if (x[b] == POISON) {
                            ((State) states[b]).poisoned = true;
                        }
                        if (x[b] == THROW) {
                            throw new IllegalStateException("kernel fault on stream " + b);
                        }
                    }
                }
            };
        }
    }
}
