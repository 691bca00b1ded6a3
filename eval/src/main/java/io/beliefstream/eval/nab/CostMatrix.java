package io.beliefstream.eval.nab;

/**
 * A NAB application profile's weights ({@code config/profiles.json}, {@code CostMatrix}). The true-negative
 * weight is carried for completeness; NAB's scoring never uses it.
 *
 * @param tpWeight weight of the earliest detection in a window (scaled by the window's sigmoid)
 * @param fpWeight weight of each detection outside every window (scaled by the sigmoid of its distance)
 * @param fnWeight cost of a window with no detection
 * @param tnWeight unused by NAB's scoring
 */
public record CostMatrix(double tpWeight, double fpWeight, double fnWeight, double tnWeight) {
    public CostMatrix {
        check("tpWeight", tpWeight);
        check("fpWeight", fpWeight);
        check("fnWeight", fnWeight);
        check("tnWeight", tnWeight);
    }

    private static void check(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be finite and non-negative, got " + v);
        }
    }
}
