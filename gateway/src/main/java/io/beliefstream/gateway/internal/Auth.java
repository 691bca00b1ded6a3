package io.beliefstream.gateway.internal;

import io.beliefstream.gateway.ApiTokens;
import io.beliefstream.gateway.GatewayException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Bearer-token authorisation of one route: {@code Authorization: Bearer <token>}; a missing or unknown token is 401, a
 * known token without the route's scope is 403. Only the live feeds ({@code EventSource} cannot set headers) also
 * accept the token as the {@code access_token} query parameter (read scope): elsewhere a token in the address would end
 * up in access logs and browser histories for nothing, so it is refused like a missing one. With no token configured
 * everything passes.
 */
public final class Auth {
    private Auth() {}

    /** A header-only check ({@code Authorization: Bearer}). */
    public static Handler<RoutingContext> require(ApiTokens tokens, ApiTokens.Scope scope) {
        return require(tokens, scope, false);
    }

    /** The check of a live feed: the header, or the {@code access_token} query parameter (read scope only). */
    public static Handler<RoutingContext> requireForLiveFeed(ApiTokens tokens) {
        return require(tokens, ApiTokens.Scope.READ, true);
    }

    private static Handler<RoutingContext> require(ApiTokens tokens, ApiTokens.Scope scope, boolean queryToken) {
        return ctx -> {
            if (!tokens.enabled()) {
                ctx.next();
                return;
            }
            String presented = null;
            String header = ctx.request().getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                presented = header.substring(7).trim();
            } else if (queryToken) {
                presented = ctx.request().getParam("access_token");
            }
            if (presented == null || presented.isEmpty()) {
                ctx.fail(new GatewayException(401, "authentication required: send Authorization: Bearer <token>"
                        + (queryToken || ctx.request().getParam("access_token") == null ? ""
                                : " (?access_token= is taken by the live feeds only)")));
                return;
            }
            Set<ApiTokens.Scope> scopes = tokens.scopes(presented).orElse(null);
            if (scopes == null) {
                ctx.fail(new GatewayException(401, "unknown token"));
            } else if (!scopes.contains(scope)) {
                ctx.fail(new GatewayException(403, "this token lacks the '" + scope.name().toLowerCase(java.util.Locale.ROOT)
                        + "' scope", List.of("scopes of this token: " + scopes.stream()
                        .map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).sorted().toList())));
            } else {
                ctx.next();
            }
        };
    }
}
