package io.beliefstream.gateway.internal;

import io.beliefstream.gateway.GatewayException;
import io.beliefstream.streams.DeadLetterReason;
import io.vertx.core.Handler;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that run before a request reaches its handler, each refusing with a 4xx through {@link Errors}.
 * <ul>
 *   <li>{@link #strictQuery}: the query string must be valid percent-encoded UTF-8. Netty's decoder would turn a bad
 *       escape into an exception (a 500) and invalid bytes into U+FFFD, so {@code ?stream=%FF} and
 *       {@code ?stream=%EF%BF%BD} would name one stream.</li>
 *   <li>{@link #origins}: a request whose {@code Origin} is neither the gateway's own nor in
 *       {@code gateway.cors-origins} is 403, whatever the route, before authentication. A browser sends
 *       {@code Origin} on every cross-origin request and every POST, so no page elsewhere can make the operator's
 *       browser change anything; same-origin requests (the dashboard) pass.</li>
 *   <li>{@link #contentType}: a POST needs a JSON media type (415 otherwise, a missing header included). The types a
 *       page can send cross-origin without a CORS preflight are only {@code text/plain}, form encodings and none at
 *       all, so with this check the browser asks first, and the origin check above answers.</li>
 * </ul>
 */
public final class RequestGuards {
    private static final String QUERY_KEY = "beliefstream.query";
    private static final int MAX_ECHO = 80;

    private RequestGuards() {}

    /** Decodes the whole query string strictly, or fails the request with 400. */
    public static void strictQuery(RoutingContext ctx) {
        String raw = ctx.request().query();
        Map<String, String> params = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String part : raw.split("&")) {
                int eq = part.indexOf('=');
                String name = decode(eq < 0 ? part : part.substring(0, eq));
                String value = eq < 0 ? "" : decode(part.substring(eq + 1));
                if (name == null || value == null) {
                    String shown = name == null ? clip(eq < 0 ? part : part.substring(0, eq)) : name;
                    boolean key = "stream".equals(name);
                    ctx.fail(new GatewayException(400, "query parameter '" + shown + "' is not percent-encoded UTF-8",
                            key ? List.of(Map.of("reason", DeadLetterReason.BAD_KEY.name(),
                                    "detail", ObservationIngest.KEY_NOT_UTF8)) : List.of()));
                    return;
                }
                params.putIfAbsent(name, value);
            }
        }
        ctx.put(QUERY_KEY, params);
        ctx.next();
    }

    /** A query parameter as {@link #strictQuery} decoded it (the first of its name), or null. */
    public static String queryParam(RoutingContext ctx, String name) {
        Map<String, String> params = ctx.get(QUERY_KEY);
        return params == null ? null : params.get(name);
    }

    /**
     * Percent-decoding ({@code +} as a space) to strict UTF-8; null for a bad escape or bytes that are not UTF-8.
     * Characters above U+007F in the raw string stand for the request line's bytes (Netty reads it as ISO-8859-1).
     */
    static String decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c > 0xFF) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        byte[] b = bytes.toByteArray();
        return ObservationIngest.strictUtf8(b, 0, b.length);
    }

    /**
     * The origin check; {@code cors}, when CORS is configured, answers preflights and adds the headers for the
     * allowed origins.
     */
    public static Handler<RoutingContext> origins(List<String> allowed, CorsHandler cors) {
        boolean any = allowed.contains("*");
        Set<String> exact = new TreeSet<>();
        allowed.forEach(o -> exact.add(o.toLowerCase(Locale.ROOT)));
        return ctx -> {
            String origin = ctx.request().getHeader("Origin");
            if (origin == null || sameOrigin(origin, ctx.request().authority())) {
                ctx.next();
            } else if (any || exact.contains(origin.toLowerCase(Locale.ROOT))) {
                cors.handle(ctx);
            } else {
                ctx.fail(new GatewayException(403, "origin '" + clip(origin) + "' may not call this API: only the "
                        + "gateway's own origin and those in gateway.cors-origins may"));
            }
        };
    }

    /**
     * Whether {@code origin} ({@code scheme://host[:port]}) names the server the request was sent to: its
     * {@code Host} header, or {@code :authority} over HTTP/2.
     */
    static boolean sameOrigin(String origin, HostAndPort authority) {
        if (authority == null || authority.host() == null || authority.host().isEmpty()) {
            return false;
        }
        try {
            URI o = new URI(origin);
            String scheme = o.getScheme() == null ? "" : o.getScheme().toLowerCase(Locale.ROOT);
            int dflt = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -2;
            if (dflt == -2 || o.getHost() == null || o.getRawPath() != null && !o.getRawPath().isEmpty()) {
                return false;
            }
            int oPort = o.getPort() < 0 ? dflt : o.getPort();
            int hPort = authority.port() < 0 ? dflt : authority.port();
            String host = authority.host().startsWith("[") ? authority.host() : authority.host().contains(":")
                    ? "[" + authority.host() + "]" : authority.host();
            return o.getHost().equalsIgnoreCase(host) && oPort == hPort;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The request's media type (lower case, parameters dropped), or null without a Content-Type header. */
    public static String mediaType(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type == null ? null : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** Refuses with 415 a request whose media type is missing or not one of {@code allowed}. */
    public static Handler<RoutingContext> contentType(Set<String> allowed) {
        String listed = String.join(", ", new TreeSet<>(allowed));
        return ctx -> {
            String type = mediaType(ctx);
            if (type != null && allowed.contains(type)) {
                ctx.next();
            } else {
                ctx.fail(new GatewayException(415, "Content-Type must be one of " + listed + "; got "
                        + (type == null ? "none" : "'" + clip(type) + "'")));
            }
        };
    }

    private static String clip(String s) {
        return s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...";
    }
}
