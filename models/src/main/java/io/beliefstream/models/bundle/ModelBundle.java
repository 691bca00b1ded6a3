package io.beliefstream.models.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.models.ModelException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * An immutable model bundle: {@code kind} (for example {@code "td-vae"}), a JSON {@code metadata} object (config,
 * normalisation statistics, training metadata: whatever the kind defines) and named float tensors.
 *
 * <p>File layout (big-endian, {@link DataOutputStream}):
 *
 * <pre>
 *   magic "BSBUNDLE" (8 bytes) | format version (int) | kind (UTF) | metadata JSON (int length + UTF-8 bytes)
 *   | tensor count (int) | per tensor: name (UTF), rank (int), dims (int × rank), values (float × product)
 *   | CRC32 of everything before it (long)
 * </pre>
 *
 * A reader refuses other magic, a newer format version or a bad checksum with a {@link ModelException} that says
 * which.
 */
public final class ModelBundle {
    /** Current file format version. Readers accept this and older versions. */
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "BSBUNDLE".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String kind;
    private final ObjectNode metadata;
    private final Map<String, Tensor> tensors;

    /** A named float array with its shape. */
    public record Tensor(int[] shape, float[] values) {
        public Tensor {
            long n = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " holds " + n + " values, got " + values.length);
            }
        }
    }

    private ModelBundle(String kind, ObjectNode metadata, Map<String, Tensor> tensors) {
        this.kind = kind;
        this.metadata = metadata;
        this.tensors = tensors;
    }

    /** Starts a bundle of the given kind. */
    public static Builder builder(String kind) {
        return new Builder(kind);
    }

    public String kind() {
        return kind;
    }

    /** A copy of the metadata object. */
    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    /** Names of the tensors, in insertion order. */
    public Iterable<String> tensorNames() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    /** The named tensor (a copy of its values). */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new ModelException("bundle of kind " + kind + " has no tensor '" + name + "'");
        }
        return new Tensor(t.shape().clone(), t.values().clone());
    }

    /** Whether the bundle holds a tensor of this name. */
    public boolean hasTensor(String name) {
        return tensors.containsKey(name);
    }

    /** Throws unless the bundle is of {@code expected} kind. */
    public ModelBundle requireKind(String expected) {
        if (!kind.equals(expected)) {
            throw new ModelException("expected a bundle of kind '" + expected + "', got '" + kind + "'");
        }
        return this;
    }

    /** Writes the bundle atomically (temporary file then rename). */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            write(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes the bundle to a stream (not closed). */
    public void write(OutputStream sink) throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(new java.util.zip.CheckedOutputStream(sink, crc));
        out.write(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeUTF(kind);
        byte[] meta = JSON.writeValueAsBytes(metadata);
        out.writeInt(meta.length);
        out.write(meta);
        out.writeInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            out.writeUTF(e.getKey());
            int[] shape = e.getValue().shape();
            out.writeInt(shape.length);
            for (int d : shape) {
                out.writeInt(d);
            }
            for (float v : e.getValue().values()) {
                out.writeFloat(v);
            }
        }
        out.flush();
        new DataOutputStream(sink).writeLong(crc.getValue());
        sink.flush();
    }

    /** Reads a bundle file. */
    public static ModelBundle load(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString());
        }
    }

    /** Reads a bundle from a class-path resource, for the default bundles shipped inside the jar. */
    public static ModelBundle loadResource(String resource) throws IOException {
        try (InputStream in = ModelBundle.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelException("no bundle resource " + resource + " on the class path");
            }
            return read(new BufferedInputStream(in), "resource " + resource);
        }
    }

    /** Reads a bundle from a stream; {@code source} names it in error messages. */
    public static ModelBundle read(InputStream source, String sourceName) throws IOException {
        CRC32 crc = new CRC32();
        DataInputStream in = new DataInputStream(new java.util.zip.CheckedInputStream(source, crc));
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new ModelException(sourceName + " is not a BeliefStream model bundle (bad magic)");
            }
            int version = in.readInt();
            if (version < 1 || version > FORMAT_VERSION) {
                throw new ModelException(sourceName + " has bundle format version " + version
                        + "; this build reads versions 1.." + FORMAT_VERSION);
            }
            String kind = in.readUTF();
            int metaLength = in.readInt();
            if (metaLength < 0 || metaLength > (64 << 20)) {
                throw new ModelException(sourceName + ": implausible metadata length " + metaLength);
            }
            byte[] meta = new byte[metaLength];
            in.readFully(meta);
            JsonNode metaNode = JSON.readTree(meta);
            if (!(metaNode instanceof ObjectNode metaObject)) {
                throw new ModelException(sourceName + ": metadata is not a JSON object");
            }
            int count = in.readInt();
            if (count < 0 || count > 100_000) {
                throw new ModelException(sourceName + ": implausible tensor count " + count);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int rank = in.readInt();
                if (rank < 0 || rank > 8) {
                    throw new ModelException(sourceName + ": tensor " + name + " has implausible rank " + rank);
                }
                int[] shape = new int[rank];
                long n = 1;
                for (int r = 0; r < rank; r++) {
                    shape[r] = in.readInt();
                    n *= shape[r];
                }
                if (n < 0 || n > (1L << 28)) {
                    throw new ModelException(sourceName + ": tensor " + name + " has implausible size " + n);
                }
                float[] values = new float[(int) n];
                for (int j = 0; j < values.length; j++) {
                    values[j] = in.readFloat();
                }
                tensors.put(name, new Tensor(shape, values));
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(source).readLong();
            if (stored != expected) {
                throw new ModelException(sourceName + " is corrupt (checksum mismatch)");
            }
            return new ModelBundle(kind, metaObject, Collections.unmodifiableMap(tensors));
        } catch (java.io.EOFException e) {
            throw new ModelException(sourceName + " is truncated", e);
        }
    }

    /** Collects a bundle's parts; {@link #build()} freezes them. */
    public static final class Builder {
        private final String kind;
        private ObjectNode metadata = JSON.createObjectNode();
        private final Map<String, Tensor> tensors = new LinkedHashMap<>();

        private Builder(String kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        /** Sets the metadata object (copied). */
        public Builder metadata(ObjectNode metadata) {
            this.metadata = metadata.deepCopy();
            return this;
        }

        /** Adds a tensor (copied); names must be unique. */
        public Builder tensor(String name, int[] shape, float[] values) {
            if (tensors.containsKey(name)) {
                throw new IllegalArgumentException("duplicate tensor name " + name);
            }
            tensors.put(name, new Tensor(shape.clone(), values.clone()));
            return this;
        }

        public ModelBundle build() {
            return new ModelBundle(kind, metadata.deepCopy(), Collections.unmodifiableMap(new LinkedHashMap<>(tensors)));
        }
    }

    /** A fresh, empty JSON object for building metadata. */
    public static ObjectNode newMetadata() {
        return JSON.createObjectNode();
    }

    /** The shared JSON mapper for metadata (thread-safe once configured). */
    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * A version id of trained weights: {@code prefix}, a dash and the CRC-32 (8 hex digits) of the arrays' floats,
     * big-endian, in order.
     */
    public static String checksumVersion(String prefix, Iterable<float[]> arrays) {
        CRC32 crc = new CRC32();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4);
        for (float[] a : arrays) {
            for (float v : a) {
                buf.clear();
                buf.putFloat(v);
                crc.update(buf.array());
            }
        }
        return String.format("%s-%08x", prefix, crc.getValue());
    }
}
