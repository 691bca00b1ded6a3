package io.beliefstream.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.monitoring.EngineMetrics;
import io.beliefstream.monitoring.ModelMetrics;
import io.beliefstream.monitoring.ModelStatsSource;
import io.beliefstream.monitoring.Monitoring;
import io.beliefstream.monitoring.StreamMetrics;
import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.EngineStats;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServiceStatsTest {

    @Test
    void shouldDeriveThroughputLatencyLagAndCodebookUsageFromTheRegistryOnly() {
        EngineStats engine = new EngineStats();
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        try (Monitoring monitoring = new Monitoring()) {
            monitoring.bind(new EngineMetrics(() -> engine));
            monitoring.bind(new StreamMetrics(() -> engine));
            monitoring.bind(new ModelMetrics(() -> List.of(new ModelStatsSource.ModelStatus("vq-vae", "5", true,
                    new ModelStatsSource.CodebookStats(16, 12, 9.5, 1)))));
            ServiceStats stats = new ServiceStats(monitoring, clock::get);
            engine.recordBatch(100, 100, 100, 1);
            JsonObject first = stats.snapshot();
            assertThat(first.getDouble("observations_total")).isEqualTo(100.0);
            engine.recordBatch(500, 450, 450, 2);
            engine.recordDeadLetter(DeadLetterReason.BAD_KEY);
            engine.recordModelStep(64, 2_000_000);
            engine.setConsumerLag(17);
            engine.setActiveStreams(64);
            clock.addAndGet(2_000_000_000L);
            JsonObject s = stats.snapshot();
            assertThat(s.getDouble("observations_per_s")).isEqualTo(225.0);
            assertThat(s.getDouble("predictions_per_s")).isEqualTo(225.0);
            assertThat(s.getDouble("dead_letters_total")).isEqualTo(1.0);
            assertThat(s.getDouble("consumer_lag")).isEqualTo(17.0);
            assertThat(s.getDouble("active_streams")).isEqualTo(64.0);
            assertThat(s.getJsonObject("step_latency_ms").getLong("count")).isEqualTo(1);
            assertThat(s.getJsonObject("step_latency_ms").getDouble("mean")).isEqualTo(2.0);
            assertThat(s.getJsonArray("models").getJsonObject(0).getString("name")).isEqualTo("vq-vae");
            JsonObject codebook = s.getJsonArray("codebooks").getJsonObject(0);
            assertThat(codebook.getDouble("perplexity")).isEqualTo(9.5);
            assertThat(codebook.getDouble("live_codes")).isEqualTo(12.0);
            assertThat(codebook.getDouble("size")).isEqualTo(16.0);
        }
    }
}
