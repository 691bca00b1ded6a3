package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.models.StepResult;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.vqvae.VqVaeModel;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.Observation;
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

    @Test
    void shouldWriteTheSameBytesAsJacksonsGenerator() {
        MessageEncoder encoder = new MessageEncoder();
        JacksonPredictionReference reference = new JacksonPredictionReference();
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
            MessageEncoder.Scores scores = new MessageEncoder.Scores(batch, models.components());
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
                byte[] expected = reference.prediction(o, seq, models, r, w, scores, b);
                byte[] actual = encoder.prediction(o, seq, models, r, w, scores, b);
                assertThat(new String(actual, StandardCharsets.UTF_8))
                        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
                assertThat(actual).isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(320);
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
