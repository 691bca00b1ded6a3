package io.beliefstream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ObservationValidatorTest {
    private final ObservationValidator validator = new ObservationValidator(4096);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAcceptAWellFormedObservation() {
        ObservationValidator.Outcome o = validator.validate(utf8("s-1"), utf8("{\"timestamp\":1000,\"values\":[1.5,-2]}"));

        assertThat(o.valid()).isTrue();
        assertThat(o.reason()).isNull();
        assertThat(o.observation().timestamp()).isEqualTo(1000L);
        assertThat(o.observation().values()).containsExactly(1.5f, -2f);
    }

    @Test
    void shouldRefuseWhatTheEngineWouldDeadLetterWithItsReason() {
        assertThat(validator.validate(null, utf8("{\"timestamp\":1,\"values\":[1]}")).reason())
                .isEqualTo(DeadLetterReason.BAD_KEY);
        assertThat(validator.validate(utf8("s"), utf8("{\"timestamp\":1,\"values\":[1]")).reason())
                .isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(validator.validate(utf8("s"), utf8("{\"timestamp\":1,\"values\":[NaN]}")).reason())
                .isEqualTo(DeadLetterReason.NON_FINITE);
        ObservationValidator.Outcome big = validator.validate(utf8("s"), new byte[5000]);
        assertThat(big.reason()).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(big.valid()).isFalse();
        assertThat(big.observation()).isNull();
        assertThat(big.detail()).isNotBlank();
    }
}
