package io.beliefstream.models.scorer.internal;

import io.beliefstream.models.CodebookStats;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.OnlineCodebook;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.vqvae.EmaCodebook;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The VQ-VAE-2's two codebooks behind the one {@link OnlineCodebook} of a scorer: a top {@link EmaCodebook} of
 * {@code Kt} codes in {@code R^Dt} and a bottom one of {@code Kb} codes in {@code R^D}, each learned by the EMA rule
 * of {@link EmaCodebook} (reference {@code autoencoder-family-weng.md}, "VQ-VAE and VQ-VAE-2") from its own level's
 * encoder outputs. A {@link WindowResult} carries both levels: {@code latent[b] = [z_top, z_bottom]} ({@code Dt + D})
 * and the joint code {@code code[b] = k_top · Kb + k_bottom}.
 *
 * <p>{@link #stats()} describes the joint code: size {@code Kt · Kb}; perplexity and live codes are the products of
 * the levels' (upper bounds of the joint figures, exact when the levels are used independently); restarts add up;
 * the quantisation error is the sum of the levels' ({@code ‖[z_t, z_b] − [e_t, e_b]‖²}); updates are the top's.
 *
 * <p>Threading: see {@link OnlineCodebook}. {@link #update} allocates only when a batch is larger than any before.
 */
public final class TwoLevelCodebook implements OnlineCodebook {
    private static final byte VERSION = 1;
    private final EmaCodebook top;
    private final EmaCodebook bottom;
    private final int dt;
    private final int db;
    private float[] zTop = new float[0];
    private float[] zBottom = new float[0];
    private int[] codeTop = new int[0];
    private int[] codeBottom = new int[0];

    public TwoLevelCodebook(EmaCodebook top, EmaCodebook bottom) {
        this.top = Objects.requireNonNull(top, "top");
        this.bottom = Objects.requireNonNull(bottom, "bottom");
        this.dt = top.dim();
        this.db = bottom.dim();
    }

    public EmaCodebook top() {
        return top;
    }

    public EmaCodebook bottom() {
        return bottom;
    }

    /** Whether both levels hold codes. */
    public boolean initialised() {
        return top.initialised() && bottom.initialised();
    }

    @Override
    public int size() {
        return top.size() * bottom.size();
    }

    @Override
    public int dim() {
        return dt + db;
    }

    @Override
    public void update(WindowResult batch) {
        if (batch.latentDim() != dt + db) {
            throw new IllegalArgumentException("result has latent dimension " + batch.latentDim() + ", codebook "
                    + (dt + db));
        }
        int n = batch.batch();
        if (zTop.length < n * dt) {
            zTop = new float[n * dt];
            zBottom = new float[n * db];
            codeTop = new int[n];
            codeBottom = new int[n];
        }
        int kb = bottom.size();
        for (int b = 0; b < n; b++) {
            System.arraycopy(batch.latent, b * (dt + db), zTop, b * dt, dt);
            System.arraycopy(batch.latent, b * (dt + db) + dt, zBottom, b * db, db);
            int c = batch.code[b];
            codeTop[b] = c < 0 ? -1 : c / kb;
            codeBottom[b] = c < 0 ? -1 : c % kb;
        }
        top.update(zTop, batch.ready, codeTop, n);
        bottom.update(zBottom, batch.ready, codeBottom, n);
    }

    @Override
    public boolean frozen() {
        return top.frozen();
    }

    @Override
    public void setFrozen(boolean frozen) {
        top.setFrozen(frozen);
        bottom.setFrozen(frozen);
    }

    /** Version byte, then each level's {@link EmaCodebook#snapshot()} preceded by its length. */
    @Override
    public byte[] snapshot() {
        byte[] t = top.snapshot();
        byte[] b = bottom.snapshot();
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + t.length + 4 + b.length);
        out.put(VERSION).putInt(t.length).put(t).putInt(b.length).put(b);
        return out.array();
    }

    @Override
    public void restore(byte[] snapshot) {
        try {
            ByteBuffer in = ByteBuffer.wrap(snapshot);
            if (in.get() != VERSION) {
                throw new ModelException("not a two-level codebook snapshot of version " + VERSION);
            }
            byte[] t = new byte[checkedLength(in)];
            in.get(t);
            byte[] b = new byte[checkedLength(in)];
            in.get(b);
            if (in.hasRemaining()) {
                throw new ModelException("two-level codebook snapshot has trailing bytes");
            }
            // restore into copies first so a bad bottom level leaves both levels unchanged
            EmaCodebook topCopy = new EmaCodebook(top.config());
            topCopy.restore(t);
            EmaCodebook bottomCopy = new EmaCodebook(bottom.config());
            bottomCopy.restore(b);
            top.restore(t);
            bottom.restore(b);
        } catch (BufferUnderflowException | NullPointerException e) {
            throw new ModelException("two-level codebook snapshot is truncated", e);
        }
    }

    private static int checkedLength(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new ModelException("two-level codebook snapshot has a bad length " + n);
        }
        return n;
    }

    @Override
    public CodebookStats stats() {
        CodebookStats t = top.stats();
        CodebookStats b = bottom.stats();
        return new CodebookStats(size(), t.perplexity() * b.perplexity(), t.liveCodes() * b.liveCodes(),
                t.restarts() + b.restarts(), t.meanQuantisationError() + b.meanQuantisationError(), t.updates(),
                t.initialised() && b.initialised(), t.frozen() && b.frozen());
    }
}
