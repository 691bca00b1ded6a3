package io.beliefstream.models.scorer.internal;

import io.beliefstream.models.CodebookStats;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.OnlineCodebook;
import io.beliefstream.models.WindowResult;

/**
 * The {@link OnlineCodebook} of a scorer that quantises nothing (every kind but the VQ-VAE-2): it learns nothing,
 * {@link #update} does nothing, and its statistics say so (one code, never initialised, no updates). It exists so
 * the engine's call sequence (score, then update once per batch; snapshots to the codebooks topic) is the same for
 * every scorer. Snapshot: version byte and the freeze switch.
 */
public final class NoCodebook implements OnlineCodebook {
    private static final byte VERSION = 1;
    private final int dim;
    private boolean frozen;

    public NoCodebook(int dim) {
        this.dim = dim;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void update(WindowResult batch) {
        // nothing to learn
    }

    @Override
    public boolean frozen() {
        return frozen;
    }

    @Override
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    @Override
    public byte[] snapshot() {
        return new byte[] {VERSION, (byte) (frozen ? 1 : 0)};
    }

    @Override
    public void restore(byte[] snapshot) {
        if (snapshot == null || snapshot.length != 2 || snapshot[0] != VERSION) {
            throw new ModelException("not a snapshot of a scorer without codebook");
        }
        frozen = snapshot[1] != 0;
    }

    @Override
    public CodebookStats stats() {
        return new CodebookStats(1, 1.0, 0, 0, Double.NaN, 0, false, frozen);
    }
}
