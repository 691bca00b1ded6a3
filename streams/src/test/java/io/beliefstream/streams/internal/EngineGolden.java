package io.beliefstream.streams.internal;

import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The fixed-seed run of the engine-level equality test ({@code AnomalyComponentsEngineTest}): the default TD-VAE
 * bundle with the default normaliser (surprise and the daily seasonal profile), four streams of 1,200 ten-minute
 * steps with a daily cycle, a spike, a level shift and a flattened stretch. The TD-VAE kernel is plain Java (no BLAS),
 * so the expected predictions in {@code golden/engine-positional.txt.gz}, written by the engine before issue #14's
 * named components (commit 446b103), hold on any machine.
 */
final class EngineGolden {
    static final int STREAMS = 4;
    static final int STEPS = 1200;
    /** Checkpoints are taken after this many steps; outputs are recorded from here on. */
    static final int CHECKPOINT = 600;
    static final long STEP_MS = 600_000L;
    static final long START_MS = 1_700_000_000_000L;
    static final String TOPIC = "g.observations";

    final float[][] value = new float[STEPS][STREAMS];

    EngineGolden() {
        Random rnd = new Random(16);
        for (int t = 0; t < STEPS; t++) {
            double day = 2 * Math.PI * t * STEP_MS / 86_400_000.0;
            for (int s = 0; s < STREAMS; s++) {
                double v = 20 + 5 * Math.sin(day + 0.7 * s) + 0.5 * rnd.nextGaussian();
                if (s == 1 && t == 900) {
                    v += 15;
                }
                if (s == 2 && t >= 1000) {
                    v += 8;
                }
                if (s == 3 && t >= 950 && t < 1010) {
                    v = 20;
                }
                value[t][s] = (float) v;
            }
        }
    }

    static ModelSet models() {
        return ModelSet.of(TdVaeModel.loadDefault(new int[] {1, 5, 20}, 0.8));
    }

    static Engine engine(ModelSet models) {
        return new Engine(EngineConfig.builder("127.0.0.1:1").topics(new Topics("g.")).maxBatch(STREAMS).build(),
                models, new EngineStats(), (p, ids) -> Map.of());
    }

    /** The records of step {@code t}, one per stream, at offsets {@code t · STREAMS + s} of partition 0. */
    List<ConsumerRecord<byte[], byte[]>> records(int t) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(STREAMS);
        for (int s = 0; s < STREAMS; s++) {
            String json = "{\"timestamp\":" + (START_MS + t * STEP_MS) + ",\"values\":[" + value[t][s] + "]}";
            batch.add(new ConsumerRecord<>(TOPIC, 0, (long) t * STREAMS + s, ("s" + s).getBytes(StandardCharsets.UTF_8),
                    json.getBytes(StandardCharsets.UTF_8)));
        }
        return batch;
    }
}
