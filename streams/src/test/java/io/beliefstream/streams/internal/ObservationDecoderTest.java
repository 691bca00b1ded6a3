package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.streams.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObservationDecoderTest {
    private final ObservationDecoder decoder = new ObservationDecoder(1024);

    private ObservationDecoder.Result decode(String key, String value) {
        return decoder.decode(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), 3, 42);
    }

    @Test
    void shouldDecodeEpochMillisAndIsoTimestamps() {
        var a = decode("s1", "{\"timestamp\": 1700000000000, \"values\": [1.5, -2]}");
        assertThat(a.reason()).isNull();
        assertThat(a.observation().streamId()).isEqualTo("s1");
        assertThat(a.observation().timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(a.observation().values()).containsExactly(1.5f, -2f);
        assertThat(a.observation().partition()).isEqualTo(3);
        assertThat(a.observation().offset()).isEqualTo(42);

        var b = decode("s1", "{\"schema\":\"beliefstream.observation/v1\",\"values\":[3],\"timestamp\":\"2024-01-31T12:00:00Z\",\"extra\":{\"a\":[1]}}");
        assertThat(b.reason()).isNull();
        assertThat(b.observation().timestamp()).isEqualTo(1_706_702_400_000L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no key                  |       | {\"timestamp\":1,\"values\":[1]}     | BAD_KEY",
        "not json                | k     | hello                              | MALFORMED_JSON",
        "truncated json          | k     | {\"timestamp\":1,\"values\":[1       | MALFORMED_JSON",
        "array not object        | k     | [1,2]                              | MALFORMED_JSON",
        "trailing garbage        | k     | {\"timestamp\":1,\"values\":[1]} x   | MALFORMED_JSON",
        "missing timestamp       | k     | {\"values\":[1]}                    | MISSING_FIELD",
        "missing values          | k     | {\"timestamp\":1}                   | MISSING_FIELD",
        "string value            | k     | {\"timestamp\":1,\"values\":[\"1\"]} | INVALID_FIELD",
        "bad iso timestamp       | k     | {\"timestamp\":\"yesterday\",\"values\":[1]} | INVALID_FIELD",
        "bool timestamp          | k     | {\"timestamp\":true,\"values\":[1]}  | INVALID_FIELD",
        "unknown schema          | k     | {\"schema\":\"v9\",\"timestamp\":1,\"values\":[1]} | INVALID_FIELD",
        "NaN literal             | k     | {\"timestamp\":1,\"values\":[NaN]}   | NON_FINITE",
        "Infinity literal        | k     | {\"timestamp\":1,\"values\":[-Infinity]} | NON_FINITE",
        "float overflow          | k     | {\"timestamp\":1,\"values\":[1e39]}  | NON_FINITE",
        "empty values            | k     | {\"timestamp\":1,\"values\":[]}      | WRONG_DIMENSION",
        "far-future iso (#13)    | k     | {\"timestamp\":\"+300000000-01-01T00:00:00Z\",\"values\":[1]} | INVALID_FIELD",
        "far-past iso            | k     | {\"timestamp\":\"-300000000-01-01T00:00:00Z\",\"values\":[1]} | INVALID_FIELD",
        "year 10000 iso          | k     | {\"timestamp\":\"+10000-01-01T00:00:00Z\",\"values\":[1]} | INVALID_FIELD",
        "millis past year 9999   | k     | {\"timestamp\":253402300800000,\"values\":[1]} | INVALID_FIELD",
        "min long millis         | k     | {\"timestamp\":-9223372036854775808,\"values\":[1]} | INVALID_FIELD",
        "millis beyond long      | k     | {\"timestamp\":99999999999999999999,\"values\":[1]} | INVALID_FIELD",
        "float max (#13)         | k     | {\"timestamp\":1,\"values\":[3.4e38]} | OUT_OF_RANGE",
        "minus float max (#13)   | k     | {\"timestamp\":1,\"values\":[-3.4e38]} | OUT_OF_RANGE",
        "just beyond the bound   | k     | {\"timestamp\":1,\"values\":[1.0000001e15]} | OUT_OF_RANGE",
    })
    void shouldRefuseBadRecordsWithTheirReason(String name, String key, String value, DeadLetterReason expected) {
        var r = decode(key, value);
        assertThat(r.observation()).isNull();
        assertThat(r.reason()).isEqualTo(expected);
        assertThat(r.detail()).isNotBlank();
    }

    @Test
    void shouldRefuseOversizedValuesAndBadKeys() {
        String big = "{\"timestamp\":1,\"values\":[" + "1,".repeat(600) + "1]}";
        assertThat(decode("k", big).reason()).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(decode("k", null).reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(decode("a\u0001b", "{\"timestamp\":1,\"values\":[1]}").reason()).isEqualTo(DeadLetterReason.BAD_KEY);
        assertThat(decoder.decode(new byte[] {(byte) 0xC3, (byte) 0x28},
                "{\"timestamp\":1,\"values\":[1]}".getBytes(StandardCharsets.UTF_8), 0, 0).reason())
                .isEqualTo(DeadLetterReason.BAD_KEY);
        assertThat(decode("x".repeat(300), "{\"timestamp\":1,\"values\":[1]}").reason())
                .isEqualTo(DeadLetterReason.BAD_KEY);
    }

    @Test
    void shouldDecodeAsciiAndNonAsciiKeysAlikeAndKeepDecodingAfterABadOne() {
        byte[] value = "{\"timestamp\":1,\"values\":[1]}".getBytes(StandardCharsets.UTF_8);
        for (String id : new String[] {"plain-ascii", "ünïcødé-流", "emoji-\uD83D\uDE00", "~tilde"}) {
            assertThat(decoder.decode(new byte[] {(byte) 0xE6, (byte) 0xB5}, value, 0, 0).reason())
                    .as("truncated multi-byte key").isEqualTo(DeadLetterReason.BAD_KEY);
            assertThat(decoder.decode(id.getBytes(StandardCharsets.UTF_8), value, 0, 0).observation().streamId())
                    .isEqualTo(id);
        }
    }

    @Test
    void shouldAcceptTheEdgesOfTheValueAndTimestampRanges() {
        var r = decode("k", "{\"timestamp\":\"9999-12-31T23:59:59.999Z\",\"values\":[1e15, -1e15, 1.4e-45, 0]}");
        assertThat(r.reason()).isNull();
        assertThat(r.observation().timestamp()).isEqualTo(ObservationDecoder.MAX_TIMESTAMP_MILLIS);
        assertThat(r.observation().values()).containsExactly(1e15f, -1e15f, Float.MIN_VALUE, 0f);
        var early = decode("k", "{\"timestamp\":\"0001-01-01T00:00:00Z\",\"values\":[1]}");
        assertThat(early.observation().timestamp()).isEqualTo(ObservationDecoder.MIN_TIMESTAMP_MILLIS);
        assertThat(decode("k", "{\"timestamp\":" + ObservationDecoder.MIN_TIMESTAMP_MILLIS + ",\"values\":[1]}")
                .reason()).isNull();
    }

    @Test
    void shouldQuoteAtMostAShortPieceOfAHugeTimestampInTheDetail() {
        ObservationDecoder wide = new ObservationDecoder(1 << 20);
        String ts = "9".repeat(200_000);
        var r = wide.decode("k".getBytes(StandardCharsets.UTF_8),
                ("{\"timestamp\":\"" + ts + "\",\"values\":[1]}").getBytes(StandardCharsets.UTF_8), 0, 0);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(r.detail()).hasSizeLessThan(ObservationDecoder.MAX_QUOTE_CHARS + 200).contains("200000 characters");
    }
}
