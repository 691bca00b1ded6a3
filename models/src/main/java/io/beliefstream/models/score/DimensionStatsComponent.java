package io.beliefstream.models.score;

import java.nio.ByteBuffer;

/**
 * A component whose own per-stream state is the {@link DimensionStats} of its per-dimension parts: on a multivariate
 * stream they say which dimensions an anomaly comes from (docs/schemas.md, {@code anomaly.dimensions}).
 */
interface DimensionStatsComponent extends AnomalyComponent {
    /** The streams' dimension; at least 1. */
    int dims();

    @Override
    default DimensionStats newState() {
        return DimensionStats.forDims(dims());
    }

    @Override
    default DimensionStats readState(ByteBuffer in) {
        return DimensionStats.read(in, dims());
    }
}
