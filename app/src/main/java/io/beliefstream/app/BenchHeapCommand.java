package io.beliefstream.app;

import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.PollProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code beliefstream bench heap --streams N}: the heap the engine holds per stream with the configured models, measured
 * without Kafka: one observation for each of N streams through the engine's own {@code process} path, full GCs before
 * and after, (used after − used before) / N, printed beside the engine's own estimate.
 */
@Command(name = "heap", mixinStandardHelpOptions = true,
        description = "Heap held per stream by the engine with the configured models (no broker involved).")
final class BenchHeapCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--streams", required = true, paramLabel = "N", description = "Streams to hold.")
    int streams;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "0",
            description = "Then R more observations of every stream, timed: the steady cost per observation "
                    + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (streams < 1 || streams > 20_000_000) {
            throw new Settings.ConfigException("--streams must be in [1, 20000000]");
        }
        Settings settings = common.settings();
        ModelSet models = ModelLoader.load(settings);
        PollProcessor engine = new PollProcessor(EngineConfig.builder("127.0.0.1:1").maxBatch(1024).build(), models,
                new EngineStats());
        int dim = models.forecaster().info().inputDim();
        long before = BenchE2eCommand.usedHeapAfterGc();
        long t0 = System.nanoTime();
        long offset = round(engine, dim, 0, 0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long after = BenchE2eCommand.usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "heap: %d streams of dimension %d held (%s%s): measured %.0f B/stream, engine estimate %.0f "
                + "B/stream; %.1f s to take the first observation of each (%.1f µs per observation)%n",
                engine.streamCount(), dim, models.forecaster().info().name(),
                models.scorer() == null ? "" : " + " + models.scorer().info().name(),
                (after - before) / (double) engine.streamCount(), engine.heapBytes() / (double) engine.streamCount(),
                seconds, seconds * 1e6 / streams);
        if (rounds > 0) {
            long t1 = System.nanoTime();
            for (int r = 1; r <= rounds; r++) {
                offset = round(engine, dim, r, offset);
            }
            double s = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "steady: %d more observations of each stream in %.1f s: %.1f µs per "
                    + "observation (decode, model steps, normaliser, prediction and checkpoint encoding)%n", rounds, s,
                    s * 1e6 / ((double) rounds * streams));
        }
        return 0;
    }

    /** One observation of every stream at time {@code t} (values in [0, 97), varying with t), from {@code offset}. */
    private long round(PollProcessor engine, int dim, int t, long offset) {
        for (int s = 0; s < streams; s += 5000) {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(5000);
            for (int i = s; i < Math.min(streams, s + 5000); i++) {
                batch.add(new ConsumerRecord<>("bench.observations", i % 4, offset++,
                        ("stream-" + i).getBytes(StandardCharsets.UTF_8),
                        ("{\"timestamp\":" + (1 + 60_000L * t) + ",\"values\":[" + String.join(",",
                                java.util.Collections.nCopies(dim, String.valueOf((i + 7 * t) % 97))) + "]}")
                                .getBytes(StandardCharsets.UTF_8)));
            }
            engine.process(batch, 0);
        }
        return offset;
    }
}
