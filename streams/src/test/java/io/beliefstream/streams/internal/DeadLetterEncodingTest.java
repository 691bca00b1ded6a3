package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.streams.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** Issue 13, finding 1 (b, c): a dead letter always fits one produce request, whatever the refused record. */
class DeadLetterEncodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MessageEncoder encoder = new MessageEncoder();

    private JsonNode deadLetter(String detail, byte[] key, byte[] value) throws Exception {
        byte[] bytes = encoder.deadLetter(DeadLetterReason.OVERSIZED, detail, "t.observations", 1, 2, 3, key, value);
        assertThat(bytes.length).isLessThanOrEqualTo(MessageEncoder.MAX_DEAD_LETTER_BYTES);
        return JSON.readTree(bytes);
    }

    @Test
    void shouldStayWellInsideTheProducersRequestSize() {
        int maxRequest = (Integer) ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        assertThat(2L * MessageEncoder.MAX_DEAD_LETTER_BYTES).isLessThanOrEqualTo(maxRequest);
    }

    @Test
    void shouldTruncateAnOversizedValueAndSaySo() throws Exception {
        byte[] value = new byte[800 * 1024];
        Arrays.fill(value, (byte) 'x');
        JsonNode d = deadLetter("the value is too big", "k".getBytes(StandardCharsets.UTF_8), value);
        byte[] kept = Base64.getDecoder().decode(d.get("value_base64").asText());
        assertThat(kept).hasSize(MessageEncoder.DEAD_LETTER_VALUE_BYTES)
                .isEqualTo(Arrays.copyOf(value, MessageEncoder.DEAD_LETTER_VALUE_BYTES));
        assertThat(d.get("original_truncated").asBoolean()).isTrue();
        assertThat(d.get("original_value_bytes").asLong()).isEqualTo(800 * 1024);
        assertThat(d.get("original_key_bytes").asLong()).isEqualTo(1);
        assertThat(d.has("value_text")).isFalse();
        assertThat(d.get("key_text").asText()).isEqualTo("k");
    }

    @Test
    void shouldTruncateAHugeKeyAndGiveTheDeadLetterRecordNoKey() throws Exception {
        byte[] key = new byte[1 << 20];
        Arrays.fill(key, (byte) 'k');
        byte[] value = "{\"timestamp\":1,\"values\":[1]}".getBytes(StandardCharsets.UTF_8);
        JsonNode d = deadLetter("the key is too long", key, value);
        assertThat(Base64.getDecoder().decode(d.get("key_base64").asText())).hasSize(MessageEncoder.DEAD_LETTER_KEY_BYTES);
        assertThat(d.get("original_truncated").asBoolean()).isTrue();
        assertThat(d.get("original_key_bytes").asLong()).isEqualTo(1 << 20);
        assertThat(d.get("value_text").asText()).isEqualTo(new String(value, StandardCharsets.UTF_8));
        assertThat(MessageEncoder.deadLetterKey(key)).isNull();
        byte[] valid = "x".repeat(ObservationDecoder.MAX_KEY_BYTES).getBytes(StandardCharsets.UTF_8);
        assertThat(MessageEncoder.deadLetterKey(valid)).isSameAs(valid);
    }

    @Test
    void shouldKeepSmallRecordsWholeWithoutTruncationFields() throws Exception {
        JsonNode d = deadLetter("bad", "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        assertThat(d.has("original_truncated")).isFalse();
        assertThat(d.get("value_text").asText()).isEqualTo("v");
        assertThat(deadLetter("no key", null, null).get("key_base64").isNull()).isTrue();
    }

    @Test
    void shouldStayUnderTheBoundForTheWorstCaseOfEveryField() throws Exception {
        // control characters escape to six bytes each in JSON: the worst case for the texts and the detail
        byte[] controls = new byte[4096];
        Random rnd = new Random(13);
        for (int i = 0; i < controls.length; i++) {
            controls[i] = (byte) rnd.nextInt(32);
        }
        String detail = new String(controls, StandardCharsets.UTF_8).repeat(100);
        byte[] hugeValue = new byte[16 << 20];
        rnd.nextBytes(hugeValue);
        byte[] b = encoder.deadLetter(DeadLetterReason.UNPROCESSABLE, detail, "t".repeat(249), Integer.MAX_VALUE,
                Long.MIN_VALUE, Long.MAX_VALUE, Arrays.copyOf(controls, 1024), hugeValue);
        assertThat(b.length).isLessThanOrEqualTo(MessageEncoder.MAX_DEAD_LETTER_BYTES);
        b = encoder.deadLetter(DeadLetterReason.UNPROCESSABLE, detail, "t".repeat(249), 0, 0, 0, controls, controls);
        assertThat(b.length).isLessThanOrEqualTo(MessageEncoder.MAX_DEAD_LETTER_BYTES);
        assertThat(JSON.readTree(b).get("detail").asText()).hasSizeLessThan(MessageEncoder.DEAD_LETTER_DETAIL_CHARS + 40);
    }
}
