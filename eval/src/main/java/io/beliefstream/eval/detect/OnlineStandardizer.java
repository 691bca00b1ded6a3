package io.beliefstream.eval.detect;

/**
 * Standardises each value with the mean and standard deviation of the values before it (Welford's running
 * moments), so no future value leaks in: {@code z_t = (x_t − mean_{<t}) / max(std_{<t}, minStd)}, clipped to
 * {@code ±clip}; the first value maps to 0.
 */
public final class OnlineStandardizer implements InputTransform {
    /** Floor on the standard deviation (a flat stream stays finite). */
    public static final double DEFAULT_MIN_STD = 1e-6;
    /** Bound on |z| so single-precision model inputs stay sane. */
    public static final double DEFAULT_CLIP = 50.0;

    private final double minStd;
    private final double clip;
    private long n;
    private double mean;
    private double m2;

    public OnlineStandardizer() {
        this(DEFAULT_MIN_STD, DEFAULT_CLIP);
    }

    public OnlineStandardizer(double minStd, double clip) {
        if (!(minStd > 0)) {
            throw new IllegalArgumentException("minStd must be positive, got " + minStd);
        }
        if (!(clip > 0)) {
            throw new IllegalArgumentException("clip must be positive, got " + clip);
        }
        this.minStd = minStd;
        this.clip = clip;
    }

    @Override
    public double apply(double value) {
        double z = 0.0;
        if (n > 0) {
            double std = n > 1 ? Math.sqrt(m2 / n) : 0.0;
            z = (value - mean) / Math.max(std, minStd);
            z = Math.max(-clip, Math.min(clip, z));
        }
        n++;
        double d = value - mean;
        mean += d / n;
        m2 += d * (value - mean);
        return z;
    }
}
