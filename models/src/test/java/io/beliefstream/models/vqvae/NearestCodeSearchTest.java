package io.beliefstream.models.vqvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.models.vqvae.internal.NearestCodeSearch;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NearestCodeSearchTest {

    @Test
    void shouldFindTheSameCodesAsTheExactSearchForEveryBatchSize() {
        int k = 40;
        int d = 7;
        Random rnd = new Random(8);
        float[] codes = TestArrays.gaussian(rnd, k * d);
        EmaCodebook cb = new EmaCodebook(CodebookConfig.of(k, d));
        cb.initialise(codes, 1f);
        NearestCodeSearch search = new NearestCodeSearch(cb, 100);
        for (int batch : new int[] {1, 2, 3, 63, 64, 65, 100}) {
            float[] z = TestArrays.gaussian(rnd, batch * d);
            int[] got = new int[batch];
            float[] q = new float[batch * d];
            search.assign(z, batch, got, q);
            for (int b = 0; b < batch; b++) {
                int want = cb.nearest(z, b * d);
                assertThat(got[b]).as("batch %d row %d", batch, b).isEqualTo(want);
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
                    int want = cb.nearest(z, b * d);
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
}
