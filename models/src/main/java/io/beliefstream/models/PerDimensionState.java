package io.beliefstream.models;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;

/**
 * The state of a univariate model applied to each dimension of a multivariate stream on its own: one state per
 * dimension ({@link PerDimensionModel} for forecasters; the engine does the same for window scorers).
 *
 * <p>Binary form (big-endian): version (byte, 1), dimension count {@code D} (short), then per dimension its state's
 * length (int) and bytes.
 */
public final class PerDimensionState implements StreamState {
    /** Version byte of the binary form. */
    public static final byte VERSION = 1;
    /** Most dimensions a state holds (the largest {@code model.input-dim}). */
    public static final int MAX_DIMS = 4096;
    private final StreamState[] parts;

    public PerDimensionState(StreamState[] parts) {
        if (parts.length < 1 || parts.length > MAX_DIMS) {
            throw new IllegalArgumentException("dimensions must be in [1, " + MAX_DIMS + "], got " + parts.length);
        }
        for (StreamState p : parts) {
            Objects.requireNonNull(p, "part");
        }
        this.parts = parts;
    }

    /** {@code dims} fresh states from {@code fresh}. */
    public static PerDimensionState fresh(int dims, java.util.function.Supplier<StreamState> fresh) {
        StreamState[] p = new StreamState[dims];
        for (int d = 0; d < dims; d++) {
            p[d] = fresh.get();
        }
        return new PerDimensionState(p);
    }

    /**
     * Reads a state of {@code dims} dimensions, each part by {@code read}.
     *
     * @throws ModelException if the bytes are of another version or dimension count, or a part cannot be read
     */
    public static PerDimensionState read(ByteBuffer in, int dims, Function<ByteBuffer, StreamState> read) {
        byte v = in.get();
        if (v != VERSION) {
            throw new ModelException("per-dimension state version " + v + " is not " + VERSION);
        }
        int n = in.getShort();
        if (n != dims) {
            throw new ModelException("per-dimension state has " + n + " dimensions, the model " + dims);
        }
        StreamState[] p = new StreamState[n];
        for (int d = 0; d < n; d++) {
            int size = in.getInt();
            p[d] = read.apply(in.slice(in.position(), size));
            in.position(in.position() + size);
        }
        return new PerDimensionState(p);
    }

    /** Number of dimensions. */
    public int dims() {
        return parts.length;
    }

    /** The state of dimension {@code d}. */
    public StreamState part(int d) {
        return parts[d];
    }

    @Override
    public long observations() {
        return parts[0].observations();
    }

    @Override
    public int serializedSize() {
        int n = 3;
        for (StreamState p : parts) {
            n += 4 + p.serializedSize();
        }
        return n;
    }

    @Override
    public void writeTo(ByteBuffer out) {
        out.put(VERSION).putShort((short) parts.length);
        for (StreamState p : parts) {
            out.putInt(p.serializedSize());
            p.writeTo(out);
        }
    }

    @Override
    public long heapBytes() {
        long n = 16 + 16 + 8L * parts.length;
        for (StreamState p : parts) {
            n += p.heapBytes();
        }
        return n;
    }

    @Override
    public boolean isFinite() {
        for (StreamState p : parts) {
            if (!p.isFinite()) {
                return false;
            }
        }
        return true;
    }
}
