package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatFormat} against Jackson's Schubfach writer ({@code NumberOutput.toString(float, true)}), the characters
 * the prediction JSON has always had. Every float was compared once (all 2^32 bit patterns, non-finite ones excepted:
 * {@code FloatFormatTest.main}: 0 mismatches, 5 min 52 s on 2 cores); the tests below sample them.
 */
class FloatFormatTest {

    private static String format(float v) {
        byte[] buf = new byte[FloatFormat.MAX_CHARS + 3];
        buf[0] = 'x';
        int end = FloatFormat.write(v, buf, 1);
        assertThat(end - 1).isLessThanOrEqualTo(FloatFormat.MAX_CHARS);
        assertThat(buf[0]).as("nothing written before pos").isEqualTo((byte) 'x');
        return new String(buf, 1, end - 1, StandardCharsets.US_ASCII);
    }

    private static void check(float v) {
        assertThat(format(v)).as("bits %08x", Float.floatToRawIntBits(v)).isEqualTo(NumberOutput.toString(v, true));
    }

    @Test
    void shouldWriteTheEdgesAsJacksonDoes() {
        float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 1f, -1f, 0.1f,
            0.2f, 0.3f, 1e-3f, 9.999999e-4f, 1e7f, 9999999f, 1.0E7f, 16777216f, 16777217f, 3.4028235e38f, 1.17549435E-38f,
            2e-44f, 1.4e-45f, 123456789f, 0.001f, 0.0009999f, 100f, 1e-10f, 1e10f, 33554432f, (float) Math.PI,
            8.41E21f, 2.82879384806159E17f, 1.07296725E9f, 9.58E-43f, 1.0E23f, 4.7223665E21f};
        for (float v : edges) {
            check(v);
            check(-v);
        }
        for (int t = 1; t < 64; t++) { // the smallest subnormals, where the tiny-value correction applies
            check(Float.intBitsToFloat(t));
        }
        for (int e = -149; e <= 127; e++) { // powers of two: the asymmetric rounding interval
            float p = (float) Math.scalb(1.0, e);
            check(p);
            check(Math.nextUp(p));
            check(Math.nextDown(p));
        }
        for (int i = -100_000; i <= 100_000; i++) {
            check(i);
            check(i / 1000f);
        }
    }

    @Test
    void shouldWriteRandomFloatsAsJacksonDoes() {
        SplittableRandom rnd = new SplittableRandom(2026);
        for (int i = 0; i < 2_000_000; i++) {
            float v = Float.intBitsToFloat(rnd.nextInt());
            if (Float.isFinite(v)) {
                check(v);
            }
        }
    }

    @Test
    void shouldRefuseWhatIsNotFinite() {
        assertThatThrownBy(() -> FloatFormat.write(Float.NaN, new byte[32], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FloatFormat.write(Float.NEGATIVE_INFINITY, new byte[32], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The exhaustive comparison: every finite float, on all processors. Run with
     * {@code java -cp <streams test classpath> io.beliefstream.streams.internal.FloatFormatTest}.
     */
    public static void main(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        long[] mismatches = new long[threads];
        Thread[] workers = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            int id = w;
            workers[w] = new Thread(() -> {
                byte[] buf = new byte[FloatFormat.MAX_CHARS];
                for (long b = id; b <= 0xFFFF_FFFFL; b += threads) {
                    float v = Float.intBitsToFloat((int) b);
                    if (!Float.isFinite(v)) {
                        continue;
                    }
                    int end = FloatFormat.write(v, buf, 0);
                    String expected = NumberOutput.toString(v, true);
                    boolean same = end == expected.length();
                    for (int i = 0; same && i < end; i++) {
                        same = buf[i] == expected.charAt(i);
                    }
                    if (!same) {
                        if (mismatches[id]++ < 10) {
                            System.out.printf("%08x: %s, expected %s%n", b,
                                    new String(buf, 0, end, StandardCharsets.US_ASCII), expected);
                        }
                    }
                }
            });
            workers[w].start();
        }
        long total = 0;
        for (int w = 0; w < threads; w++) {
            workers[w].join();
            total += mismatches[w];
        }
        System.out.println("finite floats compared: all 2^32 bit patterns but NaNs and infinities; mismatches: "
                + total);
        if (total != 0) {
            System.exit(1);
        }
    }
}
