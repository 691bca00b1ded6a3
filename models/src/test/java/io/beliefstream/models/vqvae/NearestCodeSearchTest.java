package io.beliefstream.models.vqvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.models.vqvae.internal.NearestCodeSearch;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NearestCodeSearchTest {

    /**
     * The documented rule, written out: the code with the smallest squared distance accumulated in double precision
     * in index order, ties to the lower index. Independent of any BLAS kernel.
     */
    private static int exactNearest(float[] codes, int k, int d, float[] z, int off) {
        int best = -1;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double diff = (double) z[off + j] - codes[i * d + j];
                s += diff * diff;
            }
            if (s < bestDist) {
                bestDist = s;
                best = i;
            }
        }
        return best;
    }

    @Test
    void shouldFindTheSameCodesAsTheExactSearchForEveryBatchSize() {
        int k = 40;
        int d = 7;
        Random rnd = new Random(8);
        float[] codes = TestArrays.gaussian(rnd, k * d);
        EmaCodebook cb = new EmaCodebook(CodebookConfig.of(k, d));
        cb.initialise(codes, 1f);
        NearestCodeSearch search = new NearestCodeSearch(cb, 100);
        NearestCodes publicSearch = new NearestCodes(cb, 100, 1); // the public API other modules use
        for (int batch : new int[] {1, 2, 3, 63, 64, 65, 100}) {
            float[] z = TestArrays.gaussian(rnd, batch * d);
            int[] got = new int[batch];
            int[] gotPublic = new int[batch];
            float[] q = new float[batch * d];
            search.assign(z, batch, got, q);
            publicSearch.assign(z, batch, gotPublic, null);
            for (int b = 0; b < batch; b++) {
                int want = exactNearest(codes, k, d, z, b * d);
                assertThat(got[b]).as("batch %d row %d", batch, b).isEqualTo(want);
                assertThat(gotPublic[b]).as("public search, batch %d row %d", batch, b).isEqualTo(want);
                for (int j = 0; j < d; j++) {
                    assertThat(q[b * d + j]).isEqualTo(codes[want * d + j]);
                }
            }
        }
    }

    @Test
    void shouldFindTheExactCodesAcrossBlocksOnOneAndTwoThreads() {
        int k = 64;
        int d = 9;
        Random rnd = new Random(11);
        float[] codes = TestArrays.gaussian(rnd, k * d);
        System.arraycopy(codes, 5 * d, codes, 40 * d, d); // codes 5 and 40 are equal: rows near them must get 5
        EmaCodebook cb = new EmaCodebook(CodebookConfig.of(k, d));
        cb.initialise(codes, 1f);
        int maxBatch = 3 * NearestCodeSearch.BLOCK_ROWS + 17;
        for (int threads = 1; threads <= NearestCodeSearch.MAX_THREADS; threads++) {
            NearestCodeSearch search = new NearestCodeSearch(cb, maxBatch, threads);
            assertThat(search.threads()).isEqualTo(threads);
            for (int batch : new int[] {1, NearestCodeSearch.BLOCK_ROWS - 1, NearestCodeSearch.BLOCK_ROWS,
                    NearestCodeSearch.BLOCK_ROWS + 1, 2 * NearestCodeSearch.BLOCK_ROWS + 5, maxBatch, maxBatch}) {
                float[] z = new float[batch * d];
                for (int b = 0; b < batch; b++) {
                    int near = b % 3 == 0 ? 40 : rnd.nextInt(k);
                    for (int j = 0; j < d; j++) {
                        z[b * d + j] = codes[near * d + j] + 0.3f * (float) rnd.nextGaussian();
                    }
                }
                int[] got = new int[batch];
                float[] q = new float[batch * d];
                search.assign(z, batch, got, q);
                for (int b = 0; b < batch; b++) {
                    int want = exactNearest(codes, k, d, z, b * d);
                    assertThat(got[b]).as("threads %d batch %d row %d", threads, batch, b).isEqualTo(want);
                    assertThat(got[b]).isNotEqualTo(40);
                    for (int j = 0; j < d; j++) {
                        assertThat(q[b * d + j]).isEqualTo(codes[want * d + j]);
                    }
                }
            }
        }
    }

    @Test
    void shouldAllocateNothingPerCall() {
        int k = 32;
        int d = 8;
        int batch = 2 * NearestCodeSearch.BLOCK_ROWS + 3;
        Random rnd = new Random(5);
        float[] codes = TestArrays.gaussian(rnd, k * d);
        float[] z = TestArrays.gaussian(rnd, batch * d);
        EmaCodebook cb = new EmaCodebook(CodebookConfig.of(k, d));
        cb.initialise(codes, 1f);
        NearestCodeSearch search = new NearestCodeSearch(cb, batch, 1); // every block on this thread
        int[] got = new int[batch];
        float[] q = new float[batch * d];
        long perCall = Allocations.perCall(() -> search.assign(z, batch, got, q), 2000, 100);
        assertThat(perCall).as("bytes allocated per call").isLessThan(64);
    }

    @Test
    void shouldRejectThreadCountsOutsideOneAndTwo() {
        EmaCodebook cb = new EmaCodebook(CodebookConfig.of(2, 1));
        assertThatThrownBy(() -> new NearestCodeSearch(cb, 4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NearestCodeSearch(cb, 4, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBreakTiesTowardsTheLowerIndexAndFollowCodebookChanges() {
        EmaCodebook cb = new EmaCodebook(new CodebookConfig(4, 2, 0.5, 1e-5, 0, 4, 16, 1));
        cb.initialise(new float[] {5, 5, 1, 1, 1, 1, -1, -1}, 1f);
        NearestCodeSearch search = new NearestCodeSearch(cb, 4);
        int[] codes = new int[2];
        search.assign(new float[] {1, 1, 0, 0}, 2, codes, null);
        assertThat(codes).containsExactly(1, 1); // codes 1 and 2 are equal; (0, 0) is equidistant from 1, 2 and 3
        cb.update(new float[] {-3, -3}, null, new int[] {3}, 1); // code 3 moves to (-2, -2)
        search.assign(new float[] {-2.1f, -2.1f}, 1, codes, null);
        assertThat(codes[0]).isEqualTo(3);
    }

    @Test
    void shouldDecideNearTiesByTheExactDistanceWhateverTheKernelsRounding() {
        // rows exactly on, or within float rounding of, the midpoint of two codes, and rows equal to a duplicated
        // code: the GEMM's scores of the two codes differ by its rounding only, which depends on the BLAS kernel
        int k = 512;
        int d = 16;
        Random rnd = new Random(21);
        float[] codes = TestArrays.gaussian(rnd, k * d);
        for (int dup = 0; dup < 8; dup++) {
            System.arraycopy(codes, dup * d, codes, (k - 1 - dup) * d, d);
        }
        EmaCodebook cb = new EmaCodebook(CodebookConfig.of(k, d));
        cb.initialise(codes, 1f);
        int batch = 2 * NearestCodeSearch.BLOCK_ROWS;
        float[] z = new float[batch * d];
        for (int b = 0; b < batch; b++) {
            int a = rnd.nextInt(k);
            int c = b % 2 == 0 ? k - 1 - rnd.nextInt(8) : rnd.nextInt(k);
            for (int j = 0; j < d; j++) {
                float mid = (codes[a * d + j] + codes[c * d + j]) / 2;
                z[b * d + j] = b % 4 == 1 ? codes[c * d + j] : b % 4 == 3 ? Math.nextUp(mid) : mid;
            }
        }
        for (int threads = 1; threads <= NearestCodeSearch.MAX_THREADS; threads++) {
            NearestCodeSearch search = new NearestCodeSearch(cb, batch, threads);
            int[] got = new int[batch];
            search.assign(z, batch, got, null);
            for (int b = 0; b < batch; b++) {
                assertThat(got[b]).as("threads %d row %d", threads, b).isEqualTo(exactNearest(codes, k, d, z, b * d));
            }
        }
        assertThat(NearestCodeSearch.exactDistance(new float[] {1, 2}, 0, new float[] {4, 6}, 0, 2)).isEqualTo(25.0);
    }
}
