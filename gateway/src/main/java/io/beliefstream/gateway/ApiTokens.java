package io.beliefstream.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens and their scopes, parsed from {@code gateway.tokens}: {@code token1:read,write;token2:read}. No token
 * at all ({@link #NONE}) turns authentication off; the gateway then warns loudly at start-up.
 */
public final class ApiTokens {
    /** What a token may do: {@code read} the API and live feeds, {@code write} observations and model changes. */
    public enum Scope {
        READ, WRITE
    }

    /** Authentication off. */
    public static final ApiTokens NONE = new ApiTokens(Map.of());
    /** Shortest accepted token, in characters. */
    public static final int MIN_TOKEN_LENGTH = 8;

    private final Map<String, Set<Scope>> tokens;

    private ApiTokens(Map<String, Set<Scope>> tokens) {
        this.tokens = tokens;
    }

    /**
     * Parses {@code token:scope[,scope...][;token:scope...]}; blank means {@link #NONE}.
     *
     * @throws IllegalArgumentException naming {@code gateway.tokens} (never echoing a token) when malformed
     */
    public static ApiTokens parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        Map<String, Set<Scope>> map = new LinkedHashMap<>();
        String[] entries = spec.split(";");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("gateway.tokens entry " + (i + 1)
                        + " must be token:scope[,scope...] with scopes read and write");
            }
            String token = entry.substring(0, colon).trim();
            if (token.length() < MIN_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 32 && c < 127 && c != ',')) {
                throw new IllegalArgumentException("gateway.tokens entry " + (i + 1) + ": a token must be at least "
                        + MIN_TOKEN_LENGTH + " printable ASCII characters without spaces or commas");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String s : entry.substring(colon + 1).split(",")) {
                try {
                    scopes.add(Scope.valueOf(s.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("gateway.tokens entry " + (i + 1) + ": unknown scope '"
                            + s.trim() + "' (known: read, write)");
                }
            }
            if (map.put(token, Set.copyOf(scopes)) != null) {
                throw new IllegalArgumentException("gateway.tokens entry " + (i + 1) + " repeats a token");
            }
        }
        return map.isEmpty() ? NONE : new ApiTokens(Map.copyOf(map));
    }

    /** Whether authentication is on. */
    public boolean enabled() {
        return !tokens.isEmpty();
    }

    public int size() {
        return tokens.size();
    }

    /** The scopes of {@code presented}, compared in constant time against every configured token; empty if unknown. */
    public Optional<Set<Scope>> scopes(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        Set<Scope> found = null;
        for (Map.Entry<String, Set<Scope>> e : tokens.entrySet()) {
            if (MessageDigest.isEqual(p, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public String toString() {
        return enabled() ? tokens.size() + " token(s)" : "auth off";
    }
}
