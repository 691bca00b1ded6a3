package io.beliefstream.models.score;

import java.nio.ByteBuffer;

/**
 * The seasonal profile: how far each observation's value (its first dimension) lies from what the stream usually does
 * at that phase of its cycle. The service's default for univariate streams is a daily cycle of 24 hourly phases
 * ({@link #daily()}).
 *
 * <p>The cycle of length {@code P} is split into {@code B} phases, {@code k = ⌊B · (t mod P) / P⌋} for an observation
 * at time {@code t} with value {@code x}; each phase keeps an exponentially weighted mean {@code m_k} and variance
 * {@code v_k} of the values seen in it (Finch 2009, "Incremental calculation of weighted mean and variance"):
 *
 * <pre>
 *   z²_t = ((x_t − m_k) / σ_k)²,   σ_k = max(√v_k, 1e-9, 1e-3·|m_k|)       raw score (before the update)
 *   n_k ← n_k + 1,  c = (t − t_first) / P cycles so far (at least 1)
 *   a_k = min(1, max(1/n_k, c / (n_k · D)))                                 = 1 / (D cycles × visits per cycle)
 *   m_k ← m_k + a_k δ,  v_k ← (1 − a_k)(v_k + a_k δ²),  δ = x_t − m_k
 * </pre>
 *
 * so each phase remembers about {@code D} ({@link #windowPeriods}) cycles whatever the sampling rate. {@code z²} is
 * reported from {@link #warmupPeriods} cycles after the stream's first value (and once the phase holds two earlier
 * values), and is calibrated through the {@link ScoreNormaliserConfig.Transform#CUBE_ROOT cube root} of a squared
 * error. It is the evidence a forecaster without memory of the cycle lacks: a daily peak that comes every day is
 * usual for its hour, and a peak that does not come, or comes at half its height, or a stretch that stays flat where
 * the stream usually moves, is unusual for its hour even when each step is an ordinary step. Name {@code seasonal},
 * raw {@code seasonal_z2}.
 *
 * <p>Per-stream state ({@link Profile}): the first timestamp and per phase a count and two floats; binary form
 * {@code 16 + 12·B} bytes (24 phases: 304).
 *
 * @param periodMillis length of the cycle in milliseconds of the observations' timestamps; at least 1
 * @param buckets number of phases per cycle; 1 to {@value #MAX_BUCKETS}
 * @param windowPeriods time constant of each phase's statistics, in cycles (whatever the sampling rate); at least 1
 * @param warmupPeriods cycles since the stream's first value before the component reports (and at least three
 *     values in the phase); at least 1
 */
public record SeasonalComponent(long periodMillis, int buckets, double windowPeriods, double warmupPeriods)
        implements AnomalyComponent {
    /** Upper bound on {@code buckets} (state size: 12 bytes per bucket). */
    public static final int MAX_BUCKETS = 1024;
    /** Default cycle: one day, the dominant cycle of most production metrics (load, traffic, temperature). */
    public static final long DEFAULT_PERIOD_MILLIS = 86_400_000L;
    /** Default phases: 24, one per hour of the day. */
    public static final int DEFAULT_BUCKETS = 24;
    /** Default time constant: 14 cycles (two weeks of days), so a changed daily pattern is learnt in days. */
    public static final double DEFAULT_WINDOW_PERIODS = 14;
    /** Default warm-up: 3 cycles, so each phase has seen at least three cycles' worth of spread. */
    public static final double DEFAULT_WARMUP_PERIODS = 3;

    public SeasonalComponent {
        if (periodMillis < 1) {
            throw new IllegalArgumentException("seasonal.periodMillis must be at least 1, got " + periodMillis);
        }
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException(
                    "seasonal.buckets must be in [1, " + MAX_BUCKETS + "], got " + buckets);
        }
        if (!(windowPeriods >= 1) || Double.isInfinite(windowPeriods)) {
            throw new IllegalArgumentException(
                    "seasonal.windowPeriods must be at least 1 and finite, got " + windowPeriods);
        }
        if (!(warmupPeriods >= 1) || Double.isInfinite(warmupPeriods)) {
            throw new IllegalArgumentException(
                    "seasonal.warmupPeriods must be at least 1 and finite, got " + warmupPeriods);
        }
    }

    /** The default daily profile: 24 hourly phases, 14-day time constant, 3-day warm-up. */
    public static SeasonalComponent daily() {
        return new SeasonalComponent(DEFAULT_PERIOD_MILLIS, DEFAULT_BUCKETS, DEFAULT_WINDOW_PERIODS,
                DEFAULT_WARMUP_PERIODS);
    }

    /** The same profile over another cycle length. */
    public SeasonalComponent withPeriod(long period) {
        return new SeasonalComponent(period, buckets, windowPeriods, warmupPeriods);
    }

    @Override
    public String name() {
        return "seasonal";
    }

    @Override
    public String rawName() {
        return "seasonal_z2";
    }

    @Override
    public ScoreNormaliserConfig.Transform transform() {
        return ScoreNormaliserConfig.Transform.CUBE_ROOT;
    }

    @Override
    public Profile newState() {
        return new Profile(buckets, periodMillis);
    }

    /**
     * Scores the first value of stream {@code b}'s observation against its phase of the profile ({@code z²}, or
     * {@code NaN} while warming up or for a non-finite value), then folds it into that phase (class comment).
     */
    @Override
    public float measure(AnomalyInputs in, int b, State own) {
        if (in.timestamps() == null || in.values() == null) {
            return Float.NaN;
        }
        return ((Profile) own).update(in.timestamps()[b], in.firstValue(b), this);
    }

    /** Reads a {@link Profile}; {@code null} when it has other phases or another cycle length. */
    @Override
    public Profile readState(ByteBuffer in) {
        int n = in.getInt();
        long period = n == 0 ? 0 : in.getLong();
        if (n != buckets || period != periodMillis) {
            return null;
        }
        Profile p = newState();
        p.first = in.getLong();
        for (int k = 0; k < n; k++) {
            p.count[k] = in.getInt();
            p.stats[2 * k] = in.getFloat();
            p.stats[2 * k + 1] = in.getFloat();
        }
        return p;
    }

    /**
     * A stream's profile: its first timestamp and per phase a count, mean and variance of the values. Binary form
     * (big-endian, the layout of the profile section of the normaliser's state version 3): phases (int), cycle length
     * (long), first timestamp (long), per phase count (int), mean and variance (floats).
     */
    public static final class Profile implements State {
        /** Timestamp of the stream's first value seen by the profile; {@link Long#MIN_VALUE} before it. */
        private long first = Long.MIN_VALUE;
        private final int[] count;
        /** Per phase: mean, variance. */
        private final float[] stats;
        private final long periodMillis;

        Profile(int buckets, long periodMillis) {
            this.count = new int[buckets];
            this.stats = new float[2 * buckets];
            this.periodMillis = periodMillis;
        }

        float update(long t, float x, SeasonalComponent p) {
            if (!Float.isFinite(x)) {
                return Float.NaN;
            }
            if (first == Long.MIN_VALUE) {
                first = t;
            }
            long period = p.periodMillis();
            int k = (int) Math.min(p.buckets() - 1, (double) Math.floorMod(t, period) / period * p.buckets());
            int n = count[k] == Integer.MAX_VALUE ? count[k] : ++count[k];
            double mean = stats[2 * k];
            double var = stats[2 * k + 1];
            // backward timestamps give negative elapsed time: count at least one cycle
            double cycles = Math.max(1, (double) (t - first) / period);
            float z2 = Float.NaN;
            double delta = x - mean;
            if (n > 2 && cycles >= p.warmupPeriods()) {
                double std = Math.max(Math.sqrt(var), Math.max(ScoreNormaliser.MIN_STD,
                        ScoreNormaliser.MIN_RELATIVE_STD * Math.abs(mean)));
                double z = delta / std;
                z2 = (float) (z * z);
            }
            double a = Math.min(1, Math.max(1.0 / n, cycles / (n * p.windowPeriods())));
            mean += a * delta;
            var = (1 - a) * (var + a * delta * delta);
            stats[2 * k] = (float) mean;
            stats[2 * k + 1] = (float) var;
            return z2;
        }

        /** Values phase {@code k} has absorbed. */
        public int count(int k) {
            return count[k];
        }

        @Override
        public int serializedSize() {
            return 20 + 12 * count.length;
        }

        @Override
        public void writeTo(ByteBuffer out) {
            out.putInt(count.length);
            out.putLong(periodMillis);
            out.putLong(first);
            for (int k = 0; k < count.length; k++) {
                out.putInt(count[k]);
                out.putFloat(stats[2 * k]);
                out.putFloat(stats[2 * k + 1]);
            }
        }

        @Override
        public boolean isFinite() {
            for (float v : stats) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public long heapBytes() {
            return 16 + 8 + 8 + 8 + 8 + (16 + 4L * count.length) + (16 + 8L * count.length);
        }
    }
}
