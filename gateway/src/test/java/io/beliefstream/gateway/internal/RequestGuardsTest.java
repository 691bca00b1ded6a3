package io.beliefstream.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.Test;

class RequestGuardsTest {

    @Test
    void shouldPercentDecodeStrictUtf8AndRefuseBadEscapesAndBytes() {
        assertThat(RequestGuards.decode("boiler-7")).isEqualTo("boiler-7");
        assertThat(RequestGuards.decode("a+b%20c%C3%A9%F0%9F%98%80")).isEqualTo("a b c\u00e9\ud83d\ude00");
        assertThat(RequestGuards.decode("%EF%BF%BD")).isEqualTo("\ufffd");
        assertThat(RequestGuards.decode("\u00c3\u00a9")).as("raw UTF-8 bytes of the request line").isEqualTo("\u00e9");
        assertThat(RequestGuards.decode("%FF%FE")).isNull();
        assertThat(RequestGuards.decode("%ED%A0%80")).as("an encoded lone surrogate").isNull();
        assertThat(RequestGuards.decode("%E2%82")).as("a truncated sequence").isNull();
        assertThat(RequestGuards.decode("%zz")).isNull();
        assertThat(RequestGuards.decode("%4")).isNull();
        assertThat(RequestGuards.decode("\u00ff")).as("a raw byte FF").isNull();
    }

    @Test
    void shouldTellTheGatewaysOwnOriginFromOthers() {
        HostAndPort local = HostAndPort.create("127.0.0.1", 8080);
        assertThat(RequestGuards.sameOrigin("http://127.0.0.1:8080", local)).isTrue();
        assertThat(RequestGuards.sameOrigin("HTTP://127.0.0.1:8080", local)).isTrue();
        assertThat(RequestGuards.sameOrigin("http://127.0.0.1:8081", local)).isFalse();
        assertThat(RequestGuards.sameOrigin("http://localhost:8080", local)).isFalse();
        assertThat(RequestGuards.sameOrigin("null", local)).isFalse();
        assertThat(RequestGuards.sameOrigin("http://127.0.0.1:8080/x", local)).isFalse();
        assertThat(RequestGuards.sameOrigin("https://beliefstream.example", HostAndPort.create("beliefstream.example", -1)))
                .isTrue();
        assertThat(RequestGuards.sameOrigin("http://beliefstream.example", HostAndPort.create("beliefstream.example", 80)))
                .isTrue();
        assertThat(RequestGuards.sameOrigin("https://beliefstream.example", HostAndPort.create("beliefstream.example", 80)))
                .isFalse();
        assertThat(RequestGuards.sameOrigin("http://[::1]:8080", HostAndPort.create("::1", 8080))).isTrue();
        assertThat(RequestGuards.sameOrigin("http://127.0.0.1:8080", null)).isFalse();
    }
}
