package io.beliefstream.streams.internal;

import java.math.BigInteger;

/**
 * Writes a finite float as the shortest decimal that rounds back to it, straight into a byte array: the characters
 * of {@code Float.toString} from Java 19 on, which Jackson's fast writer ({@code NumberOutput.toString(float, true)})
 * also produces, without building a String (the engine formats ~20 floats per prediction, and the String and its copy
 * were a fifth of that cost).
 *
 * <p>The algorithm is Schubfach: R. Giulietti, "The Schubfach way to render doubles" (2020), sections 8–10, for the
 * float format (precision 24, 9 output digits). The 63-bit approximations {@code g} of the powers of ten are computed
 * exactly with {@link BigInteger} when the class loads: {@code 10^-k = β·2^r} with {@code 2^125 ≤ β < 2^126}, and
 * {@code g} is the upper 63 bits of {@code floor(β) + 1}. Checked against Jackson's writer for every float
 * ({@code FloatFormatTest} samples them; the exhaustive check is described there).
 */
final class FloatFormat {
    /** The longest output: {@code -1.23456789E-38} has 15 characters. */
    static final int MAX_CHARS = 15;

    private static final int P = 24;
    private static final int Q_MIN = -149;
    private static final int C_MIN = 1 << (P - 1);
    private static final int C_TINY = 8;
    private static final int H = 9;
    private static final long MASK_32 = 0xFFFF_FFFFL;
    private static final int MASK_28 = (1 << 28) - 1;
    /** The range of {@code k} the float format needs. */
    private static final int K_MIN = -45;
    private static final int K_MAX = 39;
    private static final long[] G1 = powersOfTen();
    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000};

    private FloatFormat() {}

    /**
     * Writes {@code v}, which must be finite, at {@code buf[pos]}; the array must have {@link #MAX_CHARS} bytes free
     * there.
     *
     * @return the position after the last character written
     */
    static int write(float v, byte[] buf, int pos) {
        int bits = Float.floatToRawIntBits(v);
        int t = bits & (C_MIN - 1);
        int bq = (bits >>> (P - 1)) & 0xFF;
        if (bq == 0xFF) {
            throw new IllegalArgumentException("not finite: " + v);
        }
        if (bits < 0) {
            buf[pos++] = '-';
        }
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq;
            int c = C_MIN | t;
            if (0 < mq && mq < P) { // an integer below 2^24: written as it is
                int f = c >> mq;
                if (f << mq == c) {
                    return chars(f, 0, buf, pos);
                }
            }
            return decimal(-mq, c, 0, buf, pos);
        }
        if (t != 0) { // subnormal
            return t < C_TINY ? decimal(Q_MIN, 10 * t, -1, buf, pos) : decimal(Q_MIN, t, 0, buf, pos);
        }
        buf[pos] = '0';
        buf[pos + 1] = '.';
        buf[pos + 2] = '0';
        return pos + 3;
    }

    /** The decimal for {@code c·2^q} (section 9 of the paper); {@code dk} corrects the exponent of tiny subnormals. */
    private static int decimal(int q, int c, int dk, byte[] buf, int pos) {
        int out = c & 1;
        long cb = (long) c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else { // the rounding interval is asymmetric at a power of two
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 33;
        long g = G1[k - K_MIN] + 1;
        int vb = rop(g, cb << h);
        int vbl = rop(g, cbl << h);
        int vbr = rop(g, cbr << h);
        int s = vb >> 2;
        if (s >= 100) {
            int sp10 = 10 * (int) (s * 1_717_986_919L >>> 34); // 10·floor(s / 10)
            int tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return chars(upin ? sp10 : tp10, k, buf, pos);
            }
        }
        int t = s + 1;
        boolean uin = vbl + out <= s << 2;
        boolean win = (t << 2) + out <= vbr;
        if (uin != win) {
            return chars(uin ? s : t, k + dk, buf, pos);
        }
        int cmp = vb - ((s + t) << 1); // both in the interval: the closer one, the even one on a tie
        return chars(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, k + dk, buf, pos);
    }

    /** Round to odd of {@code g·cp / 2^127}, as in the paper's section 9. */
    private static int rop(long g, long cp) {
        long x1 = Math.multiplyHigh(g, cp);
        long vbp = x1 >>> 31;
        return (int) (vbp | ((x1 & MASK_32) + MASK_32) >>> 32);
    }

    /** Writes {@code f·10^e} in Java's format (section 10 of the paper). */
    private static int chars(int f, int e, byte[] buf, int pos) {
        int len = flog10pow2(Integer.SIZE - Integer.numberOfLeadingZeros(f));
        if (f >= POW10[len]) {
            len += 1;
        }
        f *= POW10[H - len]; // now 10^8 <= f < 10^9 and the value is 0.f·10^e
        e += len;
        int h = (int) (f * 1_441_151_881L >>> 57); // floor(f / 10^8)
        int l = f - 100_000_000 * h;
        if (0 < e && e <= 7) {
            return plain(h, l, e, buf, pos);
        }
        if (-3 < e && e <= 0) {
            return leadingZeroes(h, l, e, buf, pos);
        }
        return scientific(h, l, e, buf, pos);
    }

    /** {@code 0 < e <= 7}: digits, the point after {@code e} of them, at least one digit after it. */
    private static int plain(int h, int l, int e, byte[] buf, int pos) {
        buf[pos++] = (byte) ('0' + h);
        int y = y(l);
        int i = 1;
        for (; i < e; i++) {
            int t = 10 * y;
            buf[pos++] = (byte) ('0' + (t >>> 28));
            y = t & MASK_28;
        }
        buf[pos++] = '.';
        for (; i <= 8; i++) {
            int t = 10 * y;
            buf[pos++] = (byte) ('0' + (t >>> 28));
            y = t & MASK_28;
        }
        return trimZeroes(buf, pos);
    }

    /** {@code -3 < e <= 0}: {@code 0.}, {@code -e} zeroes, the digits. */
    private static int leadingZeroes(int h, int l, int e, byte[] buf, int pos) {
        buf[pos++] = '0';
        buf[pos++] = '.';
        for (; e < 0; e++) {
            buf[pos++] = '0';
        }
        buf[pos++] = (byte) ('0' + h);
        pos = eightDigits(l, buf, pos);
        return trimZeroes(buf, pos);
    }

    /** Otherwise: {@code d.dddE±x}. */
    private static int scientific(int h, int l, int e, byte[] buf, int pos) {
        buf[pos++] = (byte) ('0' + h);
        buf[pos++] = '.';
        pos = eightDigits(l, buf, pos);
        pos = trimZeroes(buf, pos);
        buf[pos++] = 'E';
        int x = e - 1;
        if (x < 0) {
            buf[pos++] = '-';
            x = -x;
        }
        if (x >= 10) {
            int d = x * 103 >>> 10; // floor(x / 10) for x < 100
            buf[pos++] = (byte) ('0' + d);
            x -= 10 * d;
        }
        buf[pos++] = (byte) ('0' + x);
        return pos;
    }

    /** The 8 digits of {@code m < 10^8}, left to right (Bouvier and Zimmermann's algorithm 1, b = 10, k = 8, n = 28). */
    private static int eightDigits(int m, byte[] buf, int pos) {
        int y = y(m);
        for (int i = 0; i < 8; i++) {
            int t = 10 * y;
            buf[pos++] = (byte) ('0' + (t >>> 28));
            y = t & MASK_28;
        }
        return pos;
    }

    /** Drops trailing zeroes, but keeps the one right after the point. */
    private static int trimZeroes(byte[] buf, int end) {
        int last = end - 1;
        while (buf[last] == '0') {
            last--;
        }
        if (buf[last] == '.') {
            last++;
        }
        return last + 1;
    }

    /** {@code floor((a + 1)·2^28 / 10^8) - 1} for {@code a < 10^8}. */
    private static int y(int a) {
        return (int) (Math.multiplyHigh((long) (a + 1) << 28, 193_428_131_138_340_668L) >>> 20) - 1;
    }

    /** floor(q·log10(2)) for |q| ≤ 5,456,721 (the paper's table, section 10). */
    private static int flog10pow2(int q) {
        return (int) (q * 661_971_961_083L >> 41);
    }

    /** floor(log10(3/4·2^q)). */
    private static int flog10threeQuartersPow2(int q) {
        return (int) (q * 661_971_961_083L + -274_743_187_321L >> 41);
    }

    /** floor(e·log2(10)). */
    private static int flog2pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }


    /**
     * For each {@code k} in {@code [K_MIN, K_MAX]}: with {@code 10^-k = β·2^r} and {@code 2^125 ≤ β < 2^126}, the
     * upper 63 bits of {@code g = floor(β) + 1}, i.e. {@code floor(g / 2^63)}.
     */
    private static long[] powersOfTen() {
        long[] g1 = new long[K_MAX - K_MIN + 1];
        for (int k = K_MIN; k <= K_MAX; k++) {
            BigInteger num = k <= 0 ? BigInteger.TEN.pow(-k) : BigInteger.ONE;
            BigInteger den = k <= 0 ? BigInteger.ONE : BigInteger.TEN.pow(k);
            int r = flog2pow10(-k) - 125; // floor(log2(10^-k)) - 125
            BigInteger beta = r >= 0 ? num.divide(den.shiftLeft(r)) : num.shiftLeft(-r).divide(den);
            BigInteger g = beta.add(BigInteger.ONE);
            if (g.bitLength() != 126) {
                throw new IllegalStateException("power of ten table: k = " + k + ", " + g.bitLength() + " bits");
            }
            g1[k - K_MIN] = g.shiftRight(63).longValueExact();
        }
        return g1;
    }
}
