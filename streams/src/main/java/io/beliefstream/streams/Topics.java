package io.beliefstream.streams;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The service's topic names, all sharing one configurable prefix: {@code <prefix>observations} (in),
 * {@code predictions}, {@code metrics}, {@code dead-letter} (out), {@code state} and {@code codebooks} (compacted).
 *
 * @param prefix the prefix of every topic
 * @param sharedPredictions the predictions topic when it is not the prefix's own ({@code null}: {@code
 *     <prefix>predictions}): a second engine serving streams of another dimension (the demo's multivariate stream)
 *     publishes into the same predictions topic as the first, so one gateway shows both
 */
public record Topics(String prefix, String sharedPredictions) {
    /** Default prefix. */
    public static final String DEFAULT_PREFIX = "beliefstream.";
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

    public Topics {
        Objects.requireNonNull(prefix, "prefix");
        if (!LEGAL.matcher(prefix).matches() || prefix.length() > 200) {
            throw new IllegalArgumentException(
                    "topics.prefix may hold only letters, digits, '.', '_' and '-' (at most 200), got '" + prefix + "'");
        }
        if (sharedPredictions != null && (!LEGAL.matcher(sharedPredictions).matches() || sharedPredictions.isEmpty()
                || sharedPredictions.length() > 249)) {
            throw new IllegalArgumentException("the shared predictions topic may hold only letters, digits, '.', '_' "
                    + "and '-' (1 to 249), got '" + sharedPredictions + "'");
        }
    }

    /** Every topic under {@code prefix}. */
    public Topics(String prefix) {
        this(prefix, null);
    }

    /** These topics with the predictions going to {@code predictions} instead. */
    public Topics withPredictions(String predictions) {
        return new Topics(prefix, predictions);
    }

    public String observations() {
        return prefix + "observations";
    }

    public String predictions() {
        return sharedPredictions != null ? sharedPredictions : prefix + "predictions";
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
