package io.beliefstream.models.vqvae.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorScanTest {

    @Test
    void shouldFindTheSameFirstMinimumAsTheScalarScan() {
        assumeTrue(NearestCodeSearch.VECTOR_SCAN, "the JVM runs without jdk.incubator.vector");
        Random rnd = new Random(11);
        for (int n : new int[] {1, 7, 16, 32, 48, 100, 256, 512, 1024}) {
            for (int trial = 0; trial < 400; trial++) {
                float[] g = new float[n + 3];
                int kind = trial % 5;
                for (int i = 0; i < g.length; i++) {
                    // kind 1: few distinct values (many ties); 2: ±0; 3: some NaNs; 4: infinities
                    g[i] = switch (kind) {
                        case 1 -> rnd.nextInt(4);
                        case 2 -> rnd.nextBoolean() ? 0f : -0f;
                        case 3 -> rnd.nextInt(20) == 0 ? Float.NaN : (float) rnd.nextGaussian();
                        case 4 -> rnd.nextInt(3) == 0 ? Float.POSITIVE_INFINITY : (float) rnd.nextGaussian() * 1e3f;
                        default -> (float) rnd.nextGaussian();
                    };
                }
                if (kind == 3 && trial % 10 == 3) {
                    java.util.Arrays.fill(g, Float.NaN);
                }
                assertThat(VectorScan.firstMinimum(g, 3, n)).as("n %d trial %d", n, trial)
                        .isEqualTo(NearestCodeSearch.firstMinimum(g, 3, n));
            }
        }
    }
}
