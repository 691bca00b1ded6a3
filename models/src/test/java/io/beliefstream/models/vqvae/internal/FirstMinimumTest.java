package io.beliefstream.models.vqvae.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FirstMinimumTest {

    @Test
    void shouldReturnTheFirstOfEqualMinimaWithinTheGivenRange() {
        float[] g = {-9, 3, 1, 2, 1, 5};
        assertThat(NearestCodeSearch.firstMinimum(g, 1, 5)).isEqualTo(1); // g[2] and g[4] are both 1
        assertThat(NearestCodeSearch.firstMinimum(g, 0, 6)).isZero();
        assertThat(NearestCodeSearch.firstMinimum(g, 5, 1)).isZero();
    }

    @Test
    void shouldSkipNaNsAndFallBackToZeroWhenEverythingIsNaN() {
        assertThat(NearestCodeSearch.firstMinimum(new float[] {Float.NaN, 4, 2, Float.NaN, 2}, 0, 5)).isEqualTo(2);
        assertThat(NearestCodeSearch.firstMinimum(new float[] {3, Float.NaN, 1}, 0, 3)).isEqualTo(2);
        assertThat(NearestCodeSearch.firstMinimum(new float[] {Float.NaN, Float.NaN}, 0, 2)).isZero();
    }
}
