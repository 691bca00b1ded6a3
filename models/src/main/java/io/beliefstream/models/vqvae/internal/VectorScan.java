package io.beliefstream.models.vqvae.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The first-minimum scan of {@link NearestCodeSearch} with the incubating vector API ({@code jdk.incubator.vector},
 * 16 float lanes with AVX-512): lane {@code l} keeps the first minimum of the scores {@code l, l + L, l + 2L, …} (a
 * strict {@code <} comparison, as in the scalar scan), then the smallest lane value wins and, among lanes holding an
 * equal value ({@code ==}, so {@code -0.0} and {@code 0.0} tie), the lowest index: exactly the scalar
 * {@link NearestCodeSearch#firstMinimum} result. Rows holding a NaN in a lane's result, and row lengths that are not a
 * multiple of the lane count, go to the scalar scan.
 *
 * <p>Only loaded when the JVM runs with {@code --add-modules jdk.incubator.vector}
 * ({@link NearestCodeSearch#VECTOR_SCAN}); 2.5–3× faster
 * than the scalar scan for K = 512 on this machine ({@code docs/notes/vqvae.md}).
 */
final class VectorScan {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();

    private VectorScan() {}

    /** Index of the first minimum of {@code g[off .. off + n)}, as {@link NearestCodeSearch#firstMinimum}. */
    static int firstMinimum(float[] g, int off, int n) {
        if (I.length() != LANES || n < 2 * LANES || n % LANES != 0) {
            return NearestCodeSearch.firstMinimum(g, off, n);
        }
        FloatVector best = FloatVector.fromArray(F, g, off);
        IntVector current = IntVector.zero(I).addIndex(1);
        IntVector index = current;
        IntVector step = IntVector.broadcast(I, LANES);
        for (int i = LANES; i < n; i += LANES) {
            current = current.add(step);
            FloatVector v = FloatVector.fromArray(F, g, off + i);
            VectorMask<Float> lower = v.compare(VectorOperators.LT, best);
            best = best.blend(v, lower);
            index = index.blend(current, lower.cast(I));
        }
        if (best.test(VectorOperators.IS_NAN).anyTrue()) {
            return NearestCodeSearch.firstMinimum(g, off, n);
        }
        float min = best.reduceLanes(VectorOperators.MIN);
        VectorMask<Integer> holders = best.compare(VectorOperators.EQ, min).cast(I);
        return index.blend(IntVector.broadcast(I, Integer.MAX_VALUE), holders.not()).reduceLanes(VectorOperators.MIN);
    }

    /** Number of values of {@code g[off .. off + n)} at most {@code threshold}, as {@link NearestCodeSearch#countAtMost}. */
    static int countAtMost(float[] g, int off, int n, float threshold) {
        if (n % LANES != 0) {
            return NearestCodeSearch.countAtMost(g, off, n, threshold);
        }
        int c = 0;
        for (int i = 0; i < n; i += LANES) {
            c += FloatVector.fromArray(F, g, off + i).compare(VectorOperators.LE, threshold).trueCount();
        }
        return c;
    }
}
