package io.beliefstream.eval.mv;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.returntypes.DiVector;
import io.beliefstream.eval.detect.RandomCutForestDetector;
import io.beliefstream.eval.detect.WindowedGaussianDetector;
import java.util.List;

/** The multivariate peers: Random Cut Forest on the D-dimensional points and windowed Gaussian per dimension. */
public final class MvDetectors {
    private MvDetectors() {
    }

    /** Both peers. */
    public static List<MvDetector.Factory> peers() {
        return List.of(randomCutForest(), windowedGaussian());
    }

    /**
     * Random Cut Forest on the D-dimensional rows, shingle 1, with {@link RandomCutForestDetector}'s NAB settings
     * (trees, sample size, seed). The score is the forest's raw anomaly score of the row before it is absorbed
     * (not scaled or capped: thresholds are searched on it); a dimension's contribution is its share of the
     * score from RCF's attribution, {@code high_i + low_i} of the {@link DiVector} (whose sum over i is the score).
     */
    public static MvDetector.Factory randomCutForest() {
        return new MvDetector.Factory() {
            @Override
            public String name() {
                return RandomCutForestDetector.NAME;
            }

            @Override
            public MvDetector create(int dims) {
                RandomCutForest forest = RandomCutForest.builder().dimensions(dims).shingleSize(1)
                        .numberOfTrees(RandomCutForestDetector.DEFAULT_TREES)
                        .sampleSize(RandomCutForestDetector.DEFAULT_SAMPLE_SIZE)
                        .randomSeed(RandomCutForestDetector.DEFAULT_SEED).parallelExecutionEnabled(false).build();
                float[] point = new float[dims];
                return (x, perDim) -> {
                    for (int i = 0; i < dims; i++) {
                        point[i] = (float) x[i];
                    }
                    if (perDim == null) {
                        // the score alone: the attribution walk builds bounding boxes and costs several times more
                        double raw = forest.getAnomalyScore(point);
                        forest.update(point);
                        return raw;
                    }
                    DiVector a = forest.getAnomalyAttribution(point);
                    double sum = 0;
                    for (int i = 0; i < dims; i++) {
                        perDim[i] = a.high[i] + a.low[i];
                        sum += perDim[i];
                    }
                    forest.update(point);
                    return sum;
                };
            }
        };
    }

    /**
     * NAB's windowed Gaussian ({@link WindowedGaussianDetector}, window 6400, step 100) run on each dimension on
     * its own; the row's score is the maximum over dimensions of the per-dimension score {@code 1 − Q(|z_i|)}, and a
     * dimension's contribution is its own score. Since {@code 1 − Q} saturates at 1 in double precision for
     * |z| > 8.3, rows are ranked by the tail instead: the returned score is {@code max_i |z_i|}, the same order as
     * the max of {@code 1 − Q(|z_i|)} (Q is decreasing) without the ties at 1.
     */
    public static MvDetector.Factory windowedGaussian() {
        return new MvDetector.Factory() {
            @Override
            public String name() {
                return WindowedGaussianDetector.NAME;
            }

            @Override
            public MvDetector create(int dims) {
                WindowedGaussianDetector[] per = new WindowedGaussianDetector[dims];
                for (int i = 0; i < dims; i++) {
                    per[i] = new WindowedGaussianDetector();
                }
                return (x, perDim) -> {
                    double max = 0;
                    for (int i = 0; i < dims; i++) {
                        double z = per[i].absZ(x[i]);
                        if (perDim != null) {
                            perDim[i] = z;
                        }
                        max = Math.max(max, z);
                    }
                    return max;
                };
            }
        };
    }
}
