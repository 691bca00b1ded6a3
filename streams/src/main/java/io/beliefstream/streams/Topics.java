package io.beliefstream.streams;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The service's topic names, all sharing one configurable prefix: {@code <prefix>observations} (in),
 * {@code predictions}, {@code metrics}, {@code dead-letter} (out), {@code state} and {@code codebooks} (compacted).
 */
public record Topics(String prefix) {
    /** Default prefix. */
    public static final String DEFAULT_PREFIX = "beliefstream.";
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

    public Topics {
        Objects.requireNonNull(prefix, "prefix");
        if (!LEGAL.matcher(prefix).matches() || prefix.length() > 200) {
            throw new IllegalArgumentException(
                    "topics.prefix may hold only letters, digits, '.', '_' and '-' (at most 200), got '" + prefix + "'");
        }
    }

    public String observations() {
        return prefix + "observations";
    }

    public String predictions() {
        return prefix + "predictions";
    }

    public String metrics() {
        return prefix + "metrics";
    }

    public String deadLetter() {
        return prefix + "dead-letter";
    }

    public String state() {
        return prefix + "state";
    }

    public String codebooks() {
        return prefix + "codebooks";
    }

    /** Every topic the service uses. */
    public List<String> all() {
        return List.of(observations(), predictions(), metrics(), deadLetter(), state(), codebooks());
    }

    /** Topics that must be log-compacted. */
    public List<String> compacted() {
        return List.of(state(), codebooks());
    }
}
