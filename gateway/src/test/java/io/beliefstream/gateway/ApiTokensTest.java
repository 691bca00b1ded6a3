package io.beliefstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.gateway.ApiTokens.Scope;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void shouldParseTokensWithTheirScopes() {
        ApiTokens t = ApiTokens.parse(" ops-token-1:read,write ; view-token-1:read ;");
        assertThat(t.enabled()).isTrue();
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.scopes("ops-token-1")).contains(Set.of(Scope.READ, Scope.WRITE));
        assertThat(t.scopes("view-token-1")).contains(Set.of(Scope.READ));
        assertThat(t.scopes("view-token-2")).isEmpty();
        assertThat(t.scopes(null)).isEmpty();
        assertThat(t.toString()).doesNotContain("ops-token-1");
    }

    @Test
    void shouldTurnAuthenticationOffWhenNoTokenIsConfigured() {
        assertThat(ApiTokens.parse(null).enabled()).isFalse();
        assertThat(ApiTokens.parse("  ").enabled()).isFalse();
        assertThat(ApiTokens.parse(";").enabled()).isFalse();
    }

    @Test
    void shouldRefuseMalformedEntriesWithoutEchoingTheToken() {
        assertThatThrownBy(() -> ApiTokens.parse("secret-token-9"))
                .hasMessageStartingWith("gateway.tokens entry 1").hasMessageNotContaining("secret-token-9");
        assertThatThrownBy(() -> ApiTokens.parse("secret-token-9:admin"))
                .hasMessageContaining("unknown scope 'admin'").hasMessageNotContaining("secret-token-9");
        assertThatThrownBy(() -> ApiTokens.parse("short:read")).hasMessageContaining("at least 8");
        assertThatThrownBy(() -> ApiTokens.parse("secret-token-9:read;secret-token-9:write"))
                .hasMessageContaining("entry 2 repeats a token");
    }

    @Test
    void shouldValidateGatewayConfigNamingTheKey() {
        GatewayConfig ok = GatewayConfig.of("127.0.0.1", 0);
        assertThat(ok.maxBodyBytes()).isEqualTo(GatewayConfig.DEFAULT_MAX_BODY_BYTES);
        assertThatThrownBy(() -> ok.withMaxBodyBytes(10)).hasMessageStartingWith("gateway.max-body-bytes");
        assertThatThrownBy(() -> ok.withCorsOrigins(List.of("dash.example"))).hasMessageStartingWith("gateway.cors-origins");
        assertThatThrownBy(() -> ok.withView(0, 10)).hasMessageStartingWith("gateway.max-streams");
        assertThatThrownBy(() -> ok.withView(10, 1)).hasMessageStartingWith("gateway.points-per-stream");
        assertThatThrownBy(() -> GatewayConfig.of(" ", 80)).hasMessageStartingWith("http.host");
        assertThatThrownBy(() -> GatewayConfig.of("h", 70000)).hasMessageStartingWith("http.port");
        assertThat(ok.withCorsOrigins(List.of("*", "https://grafana.example:3000")).corsOrigins()).hasSize(2);
    }

    @Test
    void shouldRefuseANonLoopbackAddressWithoutTokensUnlessAllowedExplicitly() {
        // issue 13, finding 7: an open API on 0.0.0.0 was only a warning in the log
        GatewayConfig ok = GatewayConfig.of("127.0.0.1", 0);
        for (String open : List.of("0.0.0.0", "::", "10.0.0.7", "beliefstream.example", "128.0.0.1")) {
            assertThatThrownBy(() -> ok.withHost(open, false)).as(open).hasMessageStartingWith("http.host")
                    .hasMessageContaining("gateway.tokens").hasMessageContaining("gateway.allow-unauthenticated");
            assertThat(ok.withHost(open, true).allowUnauthenticated()).isTrue();
            assertThat(ok.withTokens(ApiTokens.parse("ops-token-0001:read,write")).withHost(open, false).host())
                    .isEqualTo(open);
        }
        for (String loopback : List.of("127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]")) {
            assertThat(ok.withHost(loopback, false).host()).isEqualTo(loopback);
        }
    }
}
