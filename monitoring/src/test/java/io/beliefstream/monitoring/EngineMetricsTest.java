package io.beliefstream.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.EngineStats;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EngineMetricsTest {

    @Test
    void shouldTurnEngineTimingEventsIntoTimersAndSummaries() {
        EngineStats stats = new EngineStats();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new EngineMetrics(() -> stats).bindTo(registry);
        stats.recordModelStep(10, 2_000_000);
        stats.recordModelStep(30, 4_000_000);
        stats.recordBatchTime(100, 8_000_000);
        stats.recordCommit(3_000_000);
        Timer step = registry.get(EngineMetrics.STEP_LATENCY).timer();
        assertThat(step.count()).isEqualTo(2);
        assertThat(step.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
        assertThat(step.max(TimeUnit.MILLISECONDS)).isEqualTo(4.0);
        DistributionSummary streams = registry.get(EngineMetrics.STEP_STREAMS).summary();
        assertThat(streams.mean()).isEqualTo(20.0);
        assertThat(registry.get(EngineMetrics.BATCH_SIZE).summary().totalAmount()).isEqualTo(100.0);
        assertThat(registry.get(EngineMetrics.COMMIT_LATENCY).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
    }

    @Test
    void shouldReadCountersLagAndDeadLettersByReasonFromTheStats() {
        EngineStats stats = new EngineStats();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new EngineMetrics(() -> stats).bindTo(registry);
        stats.recordBatch(7, 5, 5, 2);
        stats.recordDeadLetter(DeadLetterReason.BAD_KEY);
        stats.recordDeadLetter(DeadLetterReason.BAD_KEY);
        stats.setConsumerLag(42);
        assertThat(registry.get(EngineMetrics.OBSERVATIONS).functionCounter().count()).isEqualTo(5.0);
        assertThat(registry.get(EngineMetrics.RECORDS).functionCounter().count()).isEqualTo(7.0);
        assertThat(registry.get(EngineMetrics.DEAD_LETTERS).tag("reason", "BAD_KEY").functionCounter().count())
                .isEqualTo(2.0);
        assertThat(registry.get(EngineMetrics.DEAD_LETTERS).tag("reason", "NON_FINITE").functionCounter().count())
                .isZero();
        assertThat(registry.get(EngineMetrics.CONSUMER_LAG).gauge().value()).isEqualTo(42.0);
    }

    @Test
    void shouldMeasureObservationsPerSecondOverTheWindow() {
        EngineStats stats = new EngineStats();
        MockClock clock = new MockClock();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new EngineMetrics(() -> stats, clock).bindTo(registry);
        var rate = registry.get(EngineMetrics.OBSERVATIONS_RATE).gauge();
        assertThat(rate.value()).isZero();
        for (int second = 1; second <= 20; second++) {
            stats.recordBatch(250, 250, 250, 1);
            clock.add(1, TimeUnit.SECONDS);
            rate.value();
        }
        assertThat(rate.value()).isEqualTo(250.0);
        for (int second = 1; second <= 20; second++) {
            stats.recordBatch(50, 50, 50, 1);
            clock.add(1, TimeUnit.SECONDS);
            rate.value();
        }
        assertThat(rate.value()).isEqualTo(50.0);
    }

    @Test
    void shouldKeepCountingAfterTheCallerDropsItsReferencesAndTheGarbageCollectorRuns() {
        EngineStats stats = new EngineStats();
        try (Monitoring monitoring = new Monitoring()) {
            monitoring.bind(new EngineMetrics(() -> stats));
            monitoring.bind(new StreamMetrics(() -> stats));
            stats.recordBatch(3, 3, 3, 1);
            stats.recordEvicted(2);
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            assertThat(monitoring.registry().get(EngineMetrics.OBSERVATIONS).functionCounter().count()).isEqualTo(3.0);
            assertThat(monitoring.registry().get(StreamMetrics.EVICTED).functionCounter().count()).isEqualTo(2.0);
            assertThat(monitoring.registry().get(StreamMetrics.ACTIVE).gauge().value()).isZero();
        }
    }
}
