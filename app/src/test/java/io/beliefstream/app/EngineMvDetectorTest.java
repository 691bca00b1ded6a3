package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.eval.mv.MvDetector;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EngineMvDetectorTest {

    @Test
    void shouldScoreRowsThroughTheServingPathAndBlameTheShiftedDimension() {
        Settings settings = Settings.resolve(Map.of(), Map.of(), Optional.empty());
        MvDetector.Factory f = EngineMvDetector.factory(dims -> ModelLoader.load(settings, dims));
        assertThat(f.name()).isEqualTo("beliefstream");
        MvDetector d = f.create(3);
        Random rnd = new Random(7);
        double[] perDim = new double[3];
        double before = 0;
        double at = 0;
        int blamed = -1;
        for (int t = 0; t < 420; t++) {
            double[] x = new double[3];
            for (int k = 0; k < 3; k++) {
                x[k] = (k + 1) * 10 + Math.sin(t * (0.1 + 0.05 * k)) + 0.1 * rnd.nextGaussian();
            }
            if (t >= 400) {
                x[1] += 3;
            }
            double s = d.score(x, perDim);
            assertThat(s).isBetween(0.0, 1.0);
            if (t >= 300 && t < 400) {
                before = Math.max(before, s);
            }
            if (t >= 400 && s > at) {
                at = s;
                blamed = argmax(perDim);
            }
        }
        assertThat(at).as("the shift's score").isGreaterThan(0.999).isGreaterThan(before);
        assertThat(blamed).as("the shifted dimension is blamed").isEqualTo(1);
    }

    private static int argmax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }
}
