package io.beliefstream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.models.baseline.LastValueModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class PollProcessorTest {
    private final EngineConfig config = EngineConfig.builder("127.0.0.1:1").topics(new Topics("t.")).maxBatch(4)
            .maxRecordBytes(4096).build();

    private static ConsumerRecord<byte[], byte[]> rec(long offset, String key, String value) {
        return new ConsumerRecord<>("t.observations", 0, offset, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPublishAPredictionPerGoodRecordAndADeadLetterPerBadOne() {
        EngineStats stats = new EngineStats();
        PollProcessor processor = new PollProcessor(config, ModelSet.of(new LastValueModel(1, new int[] {1, 5}, 0.8)),
                stats);

        List<ProducerRecord<byte[], byte[]>> out = processor.process(List.of(
                rec(0, "a", "{\"timestamp\":1000,\"values\":[1.5]}"),
                rec(1, "b", "{\"timestamp\":1000,\"values\":[2.5]}"),
                rec(2, "a", "{\"timestamp\":2000,\"values\":[\"x\"]}")), 0);

        assertThat(out).filteredOn(r -> r.topic().equals("t.predictions")).hasSize(2);
        assertThat(out).filteredOn(r -> r.topic().equals("t.dead-letter")).hasSize(1);
        assertThat(out).filteredOn(r -> r.topic().equals("t.state")).hasSize(2);
        assertThat(processor.streamCount()).isEqualTo(2);
        assertThat(processor.heapBytes()).isPositive();
    }
}
