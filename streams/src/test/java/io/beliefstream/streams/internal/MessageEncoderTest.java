package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.beliefstream.models.StepResult;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.vqvae.VqVaeModel;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.Observation;
import io.beliefstream.streams.PredictionSummary;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written prediction writer against the Jackson generator it replaced ({@link JacksonPredictionReference}):
 * the same bytes for random rows, including non-finite, signed-zero, subnormal and extreme numbers, stream ids that
 * need escaping, with and without a scorer and a seasonal component, and across a switch of models.
 */
class MessageEncoderTest {
    private static final String[] IDS = {"stream-1", "a\"quoted\"\\id", "tab\tand\u007fdel", "ünïcødé-流",
        "emoji-\uD83D\uDE00-pair", "lone-\uD800-surrogate", "/slash/and spaces", ""};

    /** One prediction's inputs: row {@code b} of a random batch. */
    private record Row(Observation o, long seq, ModelSet models, StepResult r, WindowResult w,
            MessageEncoder.Scores scores, int b) {}

    @Test
    void shouldWriteTheSameBytesAsJacksonsGenerator() {
        MessageEncoder encoder = new MessageEncoder();
        JacksonPredictionReference reference = new JacksonPredictionReference();
        int checked = forEachRandomRow(x -> {
            byte[] expected = reference.prediction(x.o, x.seq, x.models, x.r, x.w, x.scores, x.b);
            byte[] actual = encoder.prediction(x.o, x.seq, x.models, x.r, x.w, x.scores, x.b);
            assertThat(new String(actual, StandardCharsets.UTF_8))
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(actual).isEqualTo(expected);
        });
        assertThat(checked).isEqualTo(320);
    }

    /**
     * The binary summary holds what the JSON says: the JSON read back with Jackson's tree model gives the same
     * timestamp, sequence, observation, dimension 0 of every forecast, score, threshold, first surprise, VQ code and
     * model name, with NaN and -1 where the JSON has null.
     */
    @Test
    void shouldSummariseExactlyWhatThePredictionSays() throws Exception {
        MessageEncoder encoder = new MessageEncoder();
        ObjectMapper mapper = new ObjectMapper();
        int checked = forEachRandomRow(x -> {
            JsonNode json = tree(mapper, encoder.prediction(x.o, x.seq, x.models, x.r, x.w, x.scores, x.b));
            PredictionSummary s = PredictionSummary.decode(encoder.summary(x.o, x.seq, x.models, x.r, x.w, x.scores,
                    x.b));
            assertThat(s).isNotNull();
            assertThat(s.timestamp()).isEqualTo(json.get("timestamp").asLong());
            assertThat(s.seq()).isEqualTo(json.get("seq").asLong());
            assertThat(bits(s.observation())).containsExactly(bits(floats(json.get("observation"))));
            JsonNode forecasts = json.get("forecasts");
            assertThat(s.horizons()).hasSize(forecasts.size());
            for (int h = 0; h < forecasts.size(); h++) {
                JsonNode f = forecasts.get(h);
                assertThat(s.horizons()[h]).isEqualTo(f.get("horizon").asInt());
                assertThat(bits(s.forecasts()[3 * h], s.forecasts()[3 * h + 1], s.forecasts()[3 * h + 2]))
                        .containsExactly(bits(floatOf(f.get("mean").get(0)), floatOf(f.get("lower").get(0)),
                                floatOf(f.get("upper").get(0))));
            }
            assertThat(bits(s.surprise())).isEqualTo(bits(floatOf(json.get("surprise").get(0).get("nll"))));
            assertThat(s.hasAnomaly()).isTrue();
            assertThat(bits(s.score())).isEqualTo(bits(floatOf(json.get("anomaly").get("score"))));
            assertThat(s.threshold()).isEqualTo(json.get("anomaly").get("threshold").asDouble());
            assertThat(s.hasVq()).isEqualTo(json.has("vq"));
            assertThat(s.code()).isEqualTo(json.has("vq") && !json.get("vq").get("code").isNull()
                    ? json.get("vq").get("code").asInt() : -1);
            assertThat(s.model()).isEqualTo(json.get("model").get("name").asText());
        });
        assertThat(checked).isEqualTo(320);
    }

    @Test
    void shouldRefuseSummariesItCannotRead() {
        MessageEncoder encoder = new MessageEncoder();
        forEachRandomRow(x -> {
            byte[] summary = encoder.summary(x.o, x.seq, x.models, x.r, x.w, x.scores, x.b);
            assertThat(PredictionSummary.decode(java.util.Arrays.copyOf(summary, summary.length - 1))).isNull();
            assertThat(PredictionSummary.decode(java.util.Arrays.copyOf(summary, summary.length + 1))).isNull();
            summary[0] = 2;
            assertThat(PredictionSummary.decode(summary)).as("another version").isNull();
        });
        assertThat(PredictionSummary.decode(null)).isNull();
        assertThat(PredictionSummary.decode(new byte[0])).isNull();
    }

    private static JsonNode tree(ObjectMapper mapper, byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The values' bits (one NaN, and -0.0 apart from 0.0), so that equal means the same float. */
    private static int[] bits(float... values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToIntBits(values[i]);
        }
        return out;
    }

    private static int bits(float value) {
        return Float.floatToIntBits(value);
    }

    /** A JSON number as the float it was written from, NaN for null. */
    private static float floatOf(JsonNode n) {
        return n.isNull() ? Float.NaN : Float.parseFloat(n.asText());
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = floatOf(array.get(i));
        }
        return out;
    }

    /** Calls {@code check} for 320 random rows over four model sets; returns how many. */
    private static int forEachRandomRow(java.util.function.Consumer<Row> check) {
        Random rnd = new Random(11);
        ModelSet[] sets = {
            ModelSet.of(new LastValueModel(1, new int[] {1, 5, 20}, 0.8)),
            ModelSet.of(new LastValueModel(3, new int[] {2}, 0.95)), // multivariate: no seasonal component
            ModelSet.of(new LastValueModel(1, new int[] {1, 5}, 0.8), VqVaeModel.loadDefault().withOwnCodebook())
                    .withAnomalyThreshold(0.975),
            ModelSet.of(new LastValueModel(2, new int[] {1, 2, 3, 4, 100}, 0.5)),
        };
        int batch = 8;
        int checked = 0;
        for (int round = 0; round < 40; round++) {
            ModelSet models = sets[round % sets.length];
            var info = models.forecaster().info();
            StepResult r = StepResult.forModel(info, batch);
            fill(r.mean, rnd);
            fill(r.lower, rnd);
            fill(r.upper, rnd);
            fill(r.surprise, rnd);
            WindowResult w = models.scorer() == null ? null : WindowResult.forScorer(models.scorer().info(), batch);
            if (w != null) {
                for (int b = 0; b < batch; b++) {
                    w.code[b] = rnd.nextInt(4) == 0 ? -1 : rnd.nextInt(512);
                }
                fill(w.error, rnd);
                fill(w.lastValue, rnd);
            }
            MessageEncoder.Scores scores = new MessageEncoder.Scores(batch, models.normaliser().size(),
                    info.inputDim());
            if (scores.shares != null) {
                fill(scores.shares, rnd);
                for (int i = 0; i < scores.shares.length; i += 3) {
                    scores.shares[i] = scores.shares[(i + 1) % scores.shares.length]; // ties
                }
            }
            fill(scores.raw, rnd);
            fill(scores.calibrated, rnd);
            fill(scores.combined, rnd);
            for (int b = 0; b < batch; b++) {
                scores.tail[b] = switch (rnd.nextInt(6)) {
                    case 0 -> Double.NaN;
                    case 1 -> Double.POSITIVE_INFINITY;
                    case 2 -> Double.MIN_VALUE;
                    default -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 30);
                };
            }
            for (int b = 0; b < batch; b++) {
                float[] values = new float[info.inputDim()];
                fill(values, rnd);
                long[] edges = {0, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
                long timestamp = rnd.nextInt(3) == 0 ? edges[rnd.nextInt(edges.length)]
                        : rnd.nextLong() >> rnd.nextInt(64);
                Observation o = new Observation(IDS[rnd.nextInt(IDS.length)], timestamp, values, rnd.nextInt(64),
                        rnd.nextLong() >>> rnd.nextInt(64));
                long seq = rnd.nextInt(3) == 0 ? Long.MAX_VALUE : rnd.nextInt(1_000_000);
                check.accept(new Row(o, seq, models, r, w, scores, b));
                checked++;
            }
        }
        return checked;
    }

    /** Random floats over many magnitudes, with the special values JSON cannot hold or that format oddly. */
    private static void fill(float[] a, Random rnd) {
        for (int i = 0; i < a.length; i++) {
            a[i] = switch (rnd.nextInt(12)) {
                case 0 -> Float.NaN;
                case 1 -> rnd.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                case 2 -> rnd.nextBoolean() ? 0f : -0f;
                case 3 -> rnd.nextBoolean() ? Float.MIN_VALUE : Float.MAX_VALUE;
                case 4 -> Float.intBitsToFloat(rnd.nextInt()); // any bit pattern
                case 5 -> rnd.nextInt(2000) - 1000;
                default -> (float) ((rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(20) - 8));
            };
        }
    }
}
