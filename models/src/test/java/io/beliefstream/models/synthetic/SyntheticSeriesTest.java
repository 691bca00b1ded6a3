package io.beliefstream.models.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticSeriesTest {

    @Test
    void shouldGenerateReproducibleOscillatorsWithTheConfiguredNoise() {
        HarmonicOscillator noiseFree = new HarmonicOscillator(20, 20, 1, 1, 0, 0);
        float[][] s = noiseFree.generate(1, 400, 3).get(0);
        double max = 0;
        for (float[] v : s) {
            max = Math.max(max, Math.abs(v[0]));
        }
        // the symplectic scheme keeps the amplitude bounded close to 1 (no drift, no blow-up)
        assertThat(max).isBetween(0.9, 1.2);
        // period 20: the series repeats approximately after 20 steps
        double err = 0;
        for (int t = 0; t < 300; t++) {
            err += Math.abs(s[t][0] - s[t + 20][0]);
        }
        assertThat(err / 300).isLessThan(0.15);
        List<float[][]> a = HarmonicOscillator.defaults().generate(3, 50, 9);
        List<float[][]> b = HarmonicOscillator.defaults().generate(3, 50, 9);
        assertThat(a.get(2)).isDeepEqualTo(b.get(2));
        assertThat(HarmonicOscillator.defaults().generate(1, 50, 10).get(0)).isNotEqualTo(a.get(0));
    }

    @Test
    void shouldGenerateMixturesOfManyScales() {
        List<float[][]> m = SyntheticMixture.defaults().generate(50, 200, 1);
        double minStd = Double.MAX_VALUE;
        double maxStd = 0;
        for (float[][] s : m) {
            double mean = 0;
            for (float[] v : s) {
                mean += v[0];
            }
            mean /= s.length;
            double var = 0;
            for (float[] v : s) {
                var += (v[0] - mean) * (v[0] - mean);
                assertThat(Float.isFinite(v[0])).isTrue();
            }
            double std = Math.sqrt(var / s.length);
            minStd = Math.min(minStd, std);
            maxStd = Math.max(maxStd, std);
        }
        assertThat(maxStd / minStd).isGreaterThan(100);
        assertThat(SyntheticMixture.defaults().generate(2, 20, 5).get(1))
                .isDeepEqualTo(SyntheticMixture.defaults().generate(2, 20, 5).get(1));
    }

    @Test
    void shouldRejectInvalidRecipes() {
        assertThatThrownBy(() -> new HarmonicOscillator(2, 30, 1, 1, 0, 0)).hasMessageContaining("periodMin");
        assertThatThrownBy(() -> new SyntheticMixture(4, 500, 1.5, 0, 0)).hasMessageContaining("trendProbability");
    }
}
