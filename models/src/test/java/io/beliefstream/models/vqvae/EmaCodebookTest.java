package io.beliefstream.models.vqvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.CodebookStats;
import io.beliefstream.models.ModelException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmaCodebookTest {

    @Test
    void shouldApplyOneEmaStepExactlyAsHandComputed() {
        // K = 2, D = 2, γ = 0.9, ε = 1e-5, no restarts.
        EmaCodebook cb = new EmaCodebook(new CodebookConfig(2, 2, 0.9, 1e-5, 0, 4, 16, 1));
        cb.initialise(new float[] {0, 0, 2, 2}, 1f); // N = (1, 1), m0 = (0, 0), m1 = (2, 2)
        float[] z = {1, 0, 0, 1, 3, 3};
        int[] codes = {0, 0, 1};
        cb.update(z, null, codes, 3);
        // n = (2, 1); Σz: code 0 → (1, 1), code 1 → (3, 3)
        // N0 = 0.9·1 + 0.1·2 = 1.1; N1 = 0.9·1 + 0.1·1 = 1.0
        // m0 = 0.9·(0, 0) + 0.1·(1, 1) = (0.1, 0.1); m1 = 0.9·(2, 2) + 0.1·(3, 3) = (2.1, 2.1)
        // Ñ0 = (1.1 + 1e-5) / (2.1 + 2e-5) · 2.1 = 1.099999523814059; Ñ1 = 1.0000004761859411
        // e0 = 0.1 / Ñ0 = 0.09090913026331796; e1 = 2.1 / Ñ1 = 2.09999900001
        assertThat(cb.counts()[0]).isCloseTo(1.1f, within(1e-6f));
        assertThat(cb.counts()[1]).isCloseTo(1.0f, within(1e-6f));
        assertThat(cb.sums()[0]).isCloseTo(0.1f, within(1e-6f));
        assertThat(cb.sums()[3]).isCloseTo(2.1f, within(1e-6f));
        float[] e = cb.codes();
        assertThat((double) e[0]).isCloseTo(0.09090913026331796, within(1e-6));
        assertThat((double) e[1]).isCloseTo(0.09090913026331796, within(1e-6));
        assertThat((double) e[2]).isCloseTo(2.09999900001, within(1e-6));
        assertThat((double) e[3]).isCloseTo(2.09999900001, within(1e-6));
        // quantisation error of the batch: (1 + 1 + 2) / 3
        assertThat(cb.stats().meanQuantisationError()).isCloseTo(4.0 / 3, within(1e-6));
        assertThat(cb.stats().updates()).isEqualTo(1);
    }

    @Test
    void shouldGiveTheSameCodebookOnOneAndTwoUpdateThreads() {
        // a high dead fraction forces many restarts; some rows are skipped, some not quantised yet, batches vary
        long restarts = 0;
        for (int[] kd : new int[][] {{128, 16}, {37, 5}, {3, 2}}) {
            CodebookConfig cfg = new CodebookConfig(kd[0], kd[1], 0.9, 1e-5, 0.2, 2, 300, 5);
            int d = kd[1];
            EmaCodebook one = new EmaCodebook(cfg);
            EmaCodebook two = new EmaCodebook(cfg);
            two.setUpdateThreads(2);
            assertThat(two.updateThreads()).isEqualTo(2);
            Random rnd = new Random(3);
            for (int it = 0; it < 120; it++) {
                int batch = 1 + rnd.nextInt(700);
                float[] z = new float[batch * d];
                for (int i = 0; i < z.length; i++) {
                    z[i] = (float) (rnd.nextGaussian() * (1 + (i / d) % 5));
                }
                boolean[] valid = new boolean[batch];
                int[] assigned = new int[batch];
                for (int b = 0; b < batch; b++) {
                    valid[b] = rnd.nextInt(10) != 0;
                    assigned[b] = rnd.nextInt(12) == 0 ? -1 : one.nearest(z, b * d);
                }
                boolean[] v = it % 7 == 0 ? null : valid;
                one.update(z, v, assigned.clone(), batch);
                two.update(z, v, assigned.clone(), batch);
                assertThat(two.snapshot()).as("snapshot after update %d", it).isEqualTo(one.snapshot());
                assertThat(two.codes()).as("codes after update %d", it).isEqualTo(one.codes());
            }
            assertThat(two.stats()).isEqualTo(one.stats());
            restarts += one.stats().restarts();
        }
        assertThat(restarts).as("restarts exercised").isGreaterThan(10);
        assertThatThrownBy(() -> new EmaCodebook(CodebookConfig.of(4, 2)).setUpdateThreads(3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNotAllocatePerUpdateOnTwoThreads() {
        int k = 64;
        int d = 8;
        int batch = 256;
        EmaCodebook cb = new EmaCodebook(CodebookConfig.of(k, d));
        cb.setUpdateThreads(2);
        Random rnd = new Random(4);
        float[] codes = TestArrays.gaussian(rnd, k * d);
        float[] z = TestArrays.gaussian(rnd, batch * d);
        cb.initialise(codes, 4f);
        int[] assigned = new int[batch];
        for (int b = 0; b < batch; b++) {
            assigned[b] = cb.nearest(z, b * d);
        }
        long perCall = Allocations.perCall(() -> cb.update(z, null, assigned, batch), 1000, 100);
        assertThat(perCall).as("bytes allocated per update").isLessThan(64);
    }

    @Test
    void shouldLookUpTheNearestCodeWhenARowIsNotQuantisedYet() {
        EmaCodebook cb = new EmaCodebook(new CodebookConfig(2, 1, 0.5, 1e-5, 0, 4, 16, 1));
        cb.initialise(new float[] {0, 10}, 1f);
        cb.update(new float[] {9}, null, new int[] {-1}, 1);
        // code 1: N = 0.5 + 0.5 = 1, m = 5 + 4.5 = 9.5
        assertThat(cb.sums()[1]).isCloseTo(9.5f, within(1e-6f));
        assertThat(cb.sums()[0]).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void shouldBreakTiesTowardsTheLowerIndex() {
        EmaCodebook cb = new EmaCodebook(new CodebookConfig(3, 1, 0.9, 1e-5, 0, 4, 16, 1));
        cb.initialise(new float[] {1, -1, 1}, 1f);
        assertThat(cb.nearest(new float[] {0}, 0)).isZero();
        assertThat(cb.nearest(new float[] {1}, 0)).isZero();
    }

    @Test
    void shouldConvergeToWellSeparatedClusterCentresFromAnEmptyCodebook() {
        int clusters = 8;
        int dim = 4;
        Random rnd = new Random(7);
        float[] centres = randomCentres(rnd, clusters, dim, 10f);
        EmaCodebook cb = new EmaCodebook(CodebookConfig.of(clusters, dim));
        int batch = 64;
        float[] z = new float[batch * dim];
        int[] codes = new int[batch];
        for (int t = 0; t < 600; t++) {
            sampleClusters(rnd, centres, clusters, dim, 0.3f, z, batch);
            for (int b = 0; b < batch; b++) {
                codes[b] = cb.nearest(z, b * dim);
            }
            cb.update(z, null, codes, batch);
        }
        assertThat(cb.initialised()).isTrue();
        float[] e = cb.codes();
        for (int c = 0; c < clusters; c++) {
            assertThat(distanceToNearestCode(centres, c, e, clusters, dim))
                    .as("cluster %d centre to nearest code", c).isLessThan(0.05);
        }
        CodebookStats s = cb.stats();
        assertThat(s.liveCodes()).isEqualTo(clusters);
        assertThat(s.perplexity()).isGreaterThan(clusters * 0.9);
        // each point is about σ²·D = 0.36 from its centre
        assertThat(s.meanQuantisationError()).isBetween(0.25, 0.5);
    }

    @Test
    void shouldReviveCodesInitialisedFarFromTheData() {
        int clusters = 4;
        int dim = 3;
        int size = 8;
        Random rnd = new Random(11);
        float[] centres = randomCentres(rnd, clusters, dim, 10f);
        float[] init = new float[size * dim];
        for (int c = 0; c < clusters; c++) {
            System.arraycopy(centres, c * dim, init, c * dim, dim);
        }
        Arrays.fill(init, clusters * dim, size * dim, 1000f); // four codes far from every cluster
        EmaCodebook cb = new EmaCodebook(CodebookConfig.of(size, dim));
        cb.initialise(init, 8f);
        assertThat(cb.stats().restarts()).isZero();
        int batch = 32;
        float[] z = new float[batch * dim];
        int[] codes = new int[batch];
        for (int t = 0; t < 1500; t++) {
            sampleClusters(rnd, centres, clusters, dim, 0.5f, z, batch);
            for (int b = 0; b < batch; b++) {
                codes[b] = cb.nearest(z, b * dim);
            }
            cb.update(z, null, codes, batch);
        }
        CodebookStats s = cb.stats();
        assertThat(s.restarts()).isGreaterThanOrEqualTo(4);
        assertThat(s.liveCodes()).isEqualTo(size);
        float[] e = cb.codes();
        for (int i = 0; i < size; i++) {
            assertThat(distanceToNearestCode(e, i, centres, clusters, dim))
                    .as("code %d to nearest cluster centre", i).isLessThan(2.0);
        }
    }

    @Test
    void shouldNotLearnWhileFrozen() {
        EmaCodebook cb = new EmaCodebook(new CodebookConfig(2, 2, 0.9, 1e-5, 0.01, 4, 16, 1));
        cb.initialise(new float[] {0, 0, 2, 2}, 1f);
        float[] before = cb.codes();
        cb.setFrozen(true);
        cb.update(new float[] {5, 5, 5, 5}, null, new int[] {1, 1}, 2);
        assertThat(cb.codes()).containsExactly(before);
        assertThat(cb.stats().updates()).isZero();
        assertThat(cb.stats().frozen()).isTrue();
        cb.setFrozen(false);
        cb.update(new float[] {5, 5, 5, 5}, null, new int[] {1, 1}, 2);
        assertThat(cb.codes()[2]).isGreaterThan(2f);
    }

    @Test
    void shouldRestoreASnapshotAndContinueIdentically() {
        Random rnd = new Random(3);
        float[] centres = randomCentres(rnd, 4, 2, 5f);
        EmaCodebook a = new EmaCodebook(new CodebookConfig(6, 2, 0.95, 1e-5, 0.01, 2, 64, 5));
        int batch = 8;
        float[] z = new float[batch * 2];
        int[] codes = new int[batch];
        for (int t = 0; t < 20; t++) {
            feed(a, rnd, centres, z, codes, batch);
        }
        byte[] snap = a.snapshot();
        assertThat(snap).hasSize(a.snapshotSize());
        assertThat(snap.length).isLessThan(100 + 4 * 6 * 4);
        EmaCodebook b = new EmaCodebook(new CodebookConfig(6, 2, 0.95, 1e-5, 0.01, 2, 64, 5));
        b.restore(snap);
        assertThat(b.codes()).containsExactly(a.codes());
        assertThat(b.stats()).isEqualTo(a.stats());
        long seed = 99;
        Random r1 = new Random(seed);
        Random r2 = new Random(seed);
        for (int t = 0; t < 5; t++) {
            feed(a, r1, centres, z, codes, batch);
            feed(b, r2, centres, z, codes, batch);
        }
        assertThat(b.codes()).containsExactly(a.codes());
        assertThat(b.snapshot()).containsExactly(a.snapshot());
    }

    @Test
    void shouldSnapshotAnEmptyCodebookMidwayThroughInitialisation() {
        CodebookConfig cfg = new CodebookConfig(4, 2, 0.9, 1e-5, 0.01, 2, 16, 5);
        EmaCodebook a = new EmaCodebook(cfg);
        a.update(new float[] {1, 1, 2, 2, 3, 3}, null, new int[] {-1, -1, -1}, 3);
        assertThat(a.initialised()).isFalse();
        EmaCodebook b = new EmaCodebook(cfg);
        b.restore(a.snapshot());
        float[] more = {10, 10, 11, 11, 12, 12, 13, 13, 14, 14};
        a.update(more, null, new int[5], 5);
        b.update(more, null, new int[5], 5);
        assertThat(a.initialised()).isTrue();
        assertThat(b.codes()).containsExactly(a.codes());
    }

    @Test
    void shouldRefuseSnapshotsOfAnotherShapeOrVersionOrLength() {
        EmaCodebook a = new EmaCodebook(CodebookConfig.of(4, 2));
        a.initialise(new float[8], 1f);
        byte[] snap = a.snapshot();
        assertThatThrownBy(() -> new EmaCodebook(CodebookConfig.of(5, 2)).restore(snap))
                .isInstanceOf(ModelException.class).hasMessageContaining("4 × 2");
        byte[] badVersion = snap.clone();
        badVersion[0] = 9;
        assertThatThrownBy(() -> new EmaCodebook(CodebookConfig.of(4, 2)).restore(badVersion))
                .isInstanceOf(ModelException.class).hasMessageContaining("version 9");
        assertThatThrownBy(() -> new EmaCodebook(CodebookConfig.of(4, 2)).restore(Arrays.copyOf(snap, 20)))
                .isInstanceOf(ModelException.class).hasMessageContaining("truncated");
    }

    @Test
    void shouldRejectBadConfigNamingTheField() {
        assertThatThrownBy(() -> new CodebookConfig(0, 2, 0.99, 1e-5, 0.01, 4, 16, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
        assertThatThrownBy(() -> new CodebookConfig(2, 2, 1.0, 1e-5, 0.01, 4, 16, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decay");
        assertThatThrownBy(() -> new CodebookConfig(2, 2, 0.99, 0, 0.01, 4, 16, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> new CodebookConfig(2, 2, 0.99, 1e-5, 1.5, 4, 16, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadFraction");
    }

    private static void feed(EmaCodebook cb, Random rnd, float[] centres, float[] z, int[] codes, int batch) {
        sampleClusters(rnd, centres, centres.length / 2, 2, 0.3f, z, batch);
        for (int b = 0; b < batch; b++) {
            codes[b] = cb.nearest(z, b * 2);
        }
        cb.update(z, null, codes, batch);
    }

    static float[] randomCentres(Random rnd, int n, int dim, float spread) {
        float[] c = new float[n * dim];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) ((rnd.nextDouble() * 2 - 1) * spread);
        }
        return c;
    }

    static void sampleClusters(Random rnd, float[] centres, int clusters, int dim, float sigma, float[] z, int batch) {
        for (int b = 0; b < batch; b++) {
            int c = rnd.nextInt(clusters);
            for (int j = 0; j < dim; j++) {
                z[b * dim + j] = centres[c * dim + j] + sigma * (float) rnd.nextGaussian();
            }
        }
    }

    static double distanceToNearestCode(float[] points, int p, float[] codes, int k, int dim) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            best = Math.min(best, Math.sqrt(EmaCodebook.squaredDistance(points, p * dim, codes, i * dim, dim)));
        }
        return best;
    }
}
