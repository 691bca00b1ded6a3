package io.beliefstream.eval.detect;

import com.amazon.randomcutforest.RandomCutForest;

/**
 * Amazon's Random Cut Forest (randomcutforest-core, via {@code randomcutforest-parkservices} 4.4.0) as a streaming
 * detector, configured as in NAB's RCF entry and the project's stack notes: shingle 1, {@value #DEFAULT_TREES}
 * trees, {@value #DEFAULT_SAMPLE_SIZE} samples per tree. Each value is scored by the forest's raw anomaly score
 * (before the forest learns it) divided by {@value #DEFAULT_SCORE_SCALE} and capped at 1; the forest scores 0 until
 * it has seen enough points. The forest stores float32 points, so values go in as floats (−0.0 as 0.0).
 */
public final class RandomCutForestDetector implements AnomalyDetector {
    /** Trees in the forest. */
    public static final int DEFAULT_TREES = 100;
    /** Points sampled per tree. */
    public static final int DEFAULT_SAMPLE_SIZE = 256;
    /** Raw scores are divided by this to map them into [0, 1] (capped). */
    public static final double DEFAULT_SCORE_SCALE = 8.0;
    /** Seed of every forest, so runs repeat. */
    public static final long DEFAULT_SEED = 42L;
    /** Name used in results. */
    public static final String NAME = "randomCutForest";

    private final RandomCutForest forest;
    private final double scale;
    private final float[] point = new float[1];

    public RandomCutForestDetector(long seed) {
        this(DEFAULT_TREES, DEFAULT_SAMPLE_SIZE, DEFAULT_SCORE_SCALE, seed);
    }

    public RandomCutForestDetector(int trees, int sampleSize, double scoreScale, long seed) {
        if (trees < 1) {
            throw new IllegalArgumentException("trees must be at least 1, got " + trees);
        }
        if (sampleSize < 2) {
            throw new IllegalArgumentException("sampleSize must be at least 2, got " + sampleSize);
        }
        if (!(scoreScale > 0)) {
            throw new IllegalArgumentException("scoreScale must be positive, got " + scoreScale);
        }
        this.forest = RandomCutForest.builder().dimensions(1).shingleSize(1).numberOfTrees(trees)
                .sampleSize(sampleSize).randomSeed(seed).parallelExecutionEnabled(false).build();
        this.scale = scoreScale;
    }

    /** A factory of NAB-configured forests, each seeded with {@link #DEFAULT_SEED}. */
    public static DetectorFactory factory() {
        return new DetectorFactory() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public AnomalyDetector create(SeriesInfo info) {
                return new RandomCutForestDetector(DEFAULT_SEED);
            }
        };
    }

    @Override
    public double score(long timestampMillis, double value) {
        // + 0.0f turns −0.0 into 0.0: the forest refuses a bounding box [−0.0, 0.0] ("the union is a single point"),
        // which a series holding both zeros builds (UCR has such series)
        point[0] = (float) value + 0.0f;
        double raw = forest.getAnomalyScore(point);
        forest.update(point);
        return Math.min(1.0, raw / scale);
    }
}
