package io.beliefstream.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.gateway.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parsing and validation only: no record is sent (the producer never connects). */
class ObservationIngestTest {
    private final ObservationIngest ingest = new ObservationIngest("127.0.0.1:1", "obs", 2, 256);

    @AfterEach
    void close() {
        ingest.close();
    }

    @Test
    void shouldTurnEachRecordIntoAKeyedValueWithoutTheStreamField() {
        ObservationIngest.Batch b = ingest.parse(Buffer.buffer("[{\"stream\":\"s1\",\"timestamp\":\"2024-01-31T12:00:00Z\","
                + "\"values\":[1,2]},{\"stream\":\"s2\",\"timestamp\":5,\"values\":[3.5,-1e3],\"note\":\"kept\"}]"),
                false, null);
        assertThat(b.errors()).isEmpty();
        assertThat(b.records()).hasSize(2);
        assertThat(new String(b.records().get(0).key(), StandardCharsets.UTF_8)).isEqualTo("s1");
        JsonObject v = new JsonObject(Buffer.buffer(b.records().get(1).value()));
        assertThat(v.containsKey("stream")).isFalse();
        assertThat(v.getLong("timestamp")).isEqualTo(5);
        assertThat(b.records()).allSatisfy(r -> assertThat(r.topic()).isEqualTo("obs"));
    }

    @Test
    void shouldReportEveryBadRecordWithTheEnginesReasons() {
        String big = "x".repeat(300);
        ObservationIngest.Batch b = ingest.parse(Buffer.buffer("[{\"stream\":\"ok\",\"timestamp\":1,\"values\":[1,2]},"
                + "{\"stream\":\"a\\u0001b\",\"timestamp\":1,\"values\":[1,2]},"
                + "{\"stream\":\"s\",\"timestamp\":1,\"values\":[1,2],\"pad\":\"" + big + "\"},"
                + "{\"stream\":\"s\",\"timestamp\":true,\"values\":[1,2]},"
                + "{\"stream\":\"s\",\"timestamp\":1,\"values\":[]},"
                + "{\"stream\":\"s\",\"timestamp\":1,\"values\":[1,2],\"schema\":\"other/v9\"},"
                + "7]"), false, null);
        assertThat(b.records()).isEmpty();
        assertThat(b.errors()).extracting(e -> e.index() + ":" + e.reason()).containsExactly("1:BAD_KEY",
                "2:OVERSIZED", "3:INVALID_FIELD", "4:WRONG_DIMENSION", "5:INVALID_FIELD", "6:MALFORMED_JSON");
    }

    @Test
    void shouldRefuseBodiesThatAreNotJsonOrHoldNothing() {
        assertThatThrownBy(() -> ingest.parse(Buffer.buffer("hello"), false, null))
                .isInstanceOf(GatewayException.class).hasMessageContaining("JSON object, a JSON array");
        assertThatThrownBy(() -> ingest.parse(Buffer.buffer("[]"), false, null)).hasMessageContaining("no observation");
        assertThatThrownBy(() -> ingest.parse(Buffer.buffer("\n\n"), true, null)).hasMessageContaining("no observation");
        assertThatThrownBy(() -> ingest.parse(Buffer.buffer("{\"a\":"), false, null))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void shouldRefuseIdsAndBodiesThatAreNotUtf8InsteadOfRewritingThem() {
        // issue 13, finding 5: "a\ud800b" became "a?b", raw FF FE became two U+FFFD
        ObservationIngest.Batch b = ingest.parse(Buffer.buffer("[{\"stream\":\"a\\ud800b\",\"timestamp\":1,"
                + "\"values\":[1,2]},{\"stream\":\"\\ud83d\\ude00\",\"timestamp\":1,\"values\":[1,2]}]"), false, null);
        assertThat(b.errors()).extracting(e -> e.index() + ":" + e.reason() + ":" + e.detail())
                .containsExactly("0:BAD_KEY:the key is not valid UTF-8");
        byte[] raw = "{\"stream\":\"a\u0000\u0000b\",\"timestamp\":1,\"values\":[1,2]}".getBytes(StandardCharsets.UTF_8);
        raw[12] = (byte) 0xff;
        raw[13] = (byte) 0xfe;
        assertThatThrownBy(() -> ingest.parse(Buffer.buffer(raw), false, null)).isInstanceOf(GatewayException.class)
                .hasMessageContaining("not valid UTF-8");
        byte[] lines = ("{\"stream\":\"ok\",\"timestamp\":1,\"values\":[1,2]}\n"
                + new String(raw, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ingest.parse(Buffer.buffer(lines), true, null).errors()).extracting(e -> e.index() + ":" + e.reason())
                .containsExactly("1:MALFORMED_JSON");
    }

    @Test
    void shouldRefuseATimestampBeyondEpochMillisecondsAsInvalidField() {
        // issue 13, finding 3a: Instant.parse accepts year +300000000, toEpochMilli overflowed (a 500)
        ObservationIngest.Batch b = ingest.parse(Buffer.buffer("{\"stream\":\"s\",\"timestamp\":"
                + "\"+300000000-01-01T00:00:00Z\",\"values\":[1,2]}"), false, null);
        assertThat(b.errors()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("INVALID_FIELD");
            assertThat(e.detail()).contains("is outside");
        });
    }

    @Test
    void shouldUseTheDefaultStreamForNdjsonLinesWithoutOne() {
        ObservationIngest.Batch b = ingest.parse(Buffer.buffer("{\"timestamp\":1,\"values\":[1,2]}\r\n"
                + "{\"stream\":\"own\",\"timestamp\":2,\"values\":[1,2]}\n"), true, "dflt");
        assertThat(b.errors()).isEmpty();
        assertThat(b.records()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("dflt", "own");
    }
}
