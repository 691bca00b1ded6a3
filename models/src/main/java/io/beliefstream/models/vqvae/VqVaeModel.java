package io.beliefstream.models.vqvae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowScorerInfo;
import io.beliefstream.models.WindowScorerModel;
import io.beliefstream.models.bundle.ModelBundle;
import io.beliefstream.models.vqvae.internal.NearestCodeSearch;
import io.beliefstream.models.vqvae.internal.VqVaeKernel;
import io.beliefstream.models.vqvae.internal.VqVaeWeights;
import io.beliefstream.models.vqvae.internal.WindowState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A trained online VQ-VAE window scorer: frozen encoder/decoder weights plus one shared {@link EmaCodebook} that
 * keeps learning while serving (see {@link io.beliefstream.models.WindowScorerModel} for the object lifetimes and
 * {@link io.beliefstream.models.OnlineCodebook} for threading).
 *
 * <p>Per-stream state: the ring of the last {@code W} observations plus a running mean and variance (exponential
 * window of {@link VqVaeConfig#normalisationWindow()} observations) used to normalise the window; 146 bytes in
 * binary form and about 200 heap bytes for {@code W = 32}. Until a stream has absorbed {@code W} observations the
 * kernel returns code {@code -1}, error {@code NaN} and reconstruction {@code NaN} for it; the reconstruction
 * returned is of the whole normalised window, plus the newest point in the stream's units.
 *
 * <p>Bundle: kind {@value #KIND}; metadata {@code {"config": {...}, "training": {...}}}; tensors
 * {@code enc.w1, enc.b1, enc.w2, enc.b2, dec.w3, dec.b3, dec.w4, dec.b4} and the codebook's EMA state
 * {@code codebook.counts (K)}, {@code codebook.sums (K × D)}.
 */
public final class VqVaeModel implements WindowScorerModel {
    /** Bundle kind and model family name. */
    public static final String KIND = "vq-vae";
    /** Class-path resource of the default bundle shipped in the jar. */
    public static final String DEFAULT_RESOURCE = "io/beliefstream/models/vqvae/default-vqvae.bsb";

    private final VqVaeConfig config;
    private final VqVaeWeights weights;
    private final EmaCodebook codebook;
    private final ObjectNode training;
    private final WindowScorerInfo info;

    VqVaeModel(VqVaeConfig config, VqVaeWeights weights, EmaCodebook codebook, ObjectNode training) {
        this.config = Objects.requireNonNull(config, "config");
        this.weights = Objects.requireNonNull(weights, "weights");
        this.codebook = Objects.requireNonNull(codebook, "codebook");
        this.training = training == null ? ModelBundle.newMetadata() : training.deepCopy();
        if (weights.window() != config.window() || weights.hidden() != config.hidden()
                || weights.latentDim() != config.latentDim()) {
            throw new IllegalArgumentException("weights do not match config " + config);
        }
        if (codebook.size() != config.codebookSize() || codebook.dim() != config.latentDim()) {
            throw new IllegalArgumentException("codebook is " + codebook.size() + " × " + codebook.dim()
                    + ", config wants " + config.codebookSize() + " × " + config.latentDim());
        }
        // the EMA update runs on as many threads as the nearest-code search (same PairWorker helper)
        codebook.setUpdateThreads(NearestCodeSearch.defaultThreads());
        this.info = new WindowScorerInfo(KIND, versionOf(weights), "vq-vae/window/v" + WindowState.VERSION + "/w"
                + config.window(), config.window(), config.latentDim(), config.codebookSize());
    }

    /** The default model shipped in the jar (trained by {@link VqVaeCommands#trainDefault}). */
    public static VqVaeModel loadDefault() {
        try {
            return fromBundle(ModelBundle.loadResource(DEFAULT_RESOURCE));
        } catch (IOException e) {
            throw new ModelException("cannot read the default vq-vae bundle " + DEFAULT_RESOURCE, e);
        }
    }

    /** Loads a bundle file. */
    public static VqVaeModel load(Path file) throws IOException {
        return fromBundle(ModelBundle.load(file));
    }

    /** Builds a model from a bundle of kind {@value #KIND}. */
    public static VqVaeModel fromBundle(ModelBundle bundle) {
        bundle.requireKind(KIND);
        ObjectNode meta = bundle.metadata();
        JsonNode c = meta.get("config");
        if (c == null) {
            throw new ModelException("vq-vae bundle has no config in its metadata");
        }
        VqVaeConfig config;
        try {
            config = new VqVaeConfig(c.path("window").asInt(), c.path("hidden").asInt(), c.path("latentDim").asInt(),
                    c.path("codebookSize").asInt(), c.path("beta").asDouble(), c.path("normalisationWindow").asDouble(),
                    c.path("clip").asDouble(), c.path("decay").asDouble(), c.path("epsilon").asDouble(),
                    c.path("deadFraction").asDouble());
        } catch (IllegalArgumentException e) {
            throw new ModelException("vq-vae bundle has a bad config: " + e.getMessage(), e);
        }
        VqVaeWeights weights = VqVaeWeights.from(bundle, config.window(), config.hidden(), config.latentDim());
        EmaCodebook cb = new EmaCodebook(config.codebookConfig());
        if (bundle.hasTensor("codebook.counts")) {
            cb.initialise(bundle.tensor("codebook.counts").values(), bundle.tensor("codebook.sums").values());
        }
        JsonNode t = meta.get("training");
        return new VqVaeModel(config, weights, cb, t instanceof ObjectNode o ? o : null);
    }

    /** A model with fresh random weights and an empty codebook (for training). */
    public static VqVaeModel untrained(VqVaeConfig config, long seed) {
        return new VqVaeModel(config, VqVaeWeights.random(config.window(), config.hidden(), config.latentDim(), seed),
                new EmaCodebook(config.codebookConfig().withSeed(seed)), null);
    }

    /** The bundle of this model, with the codebook's current EMA state. */
    public ModelBundle toBundle() {
        ObjectNode meta = ModelBundle.newMetadata();
        ObjectNode c = meta.putObject("config");
        c.put("window", config.window());
        c.put("hidden", config.hidden());
        c.put("latentDim", config.latentDim());
        c.put("codebookSize", config.codebookSize());
        c.put("beta", config.beta());
        c.put("normalisationWindow", config.normalisationWindow());
        c.put("clip", config.clip());
        c.put("decay", config.decay());
        c.put("epsilon", config.epsilon());
        c.put("deadFraction", config.deadFraction());
        meta.set("training", training.deepCopy());
        ModelBundle.Builder b = ModelBundle.builder(KIND).metadata(meta);
        weights.addTo(b);
        if (codebook.initialised()) {
            b.tensor("codebook.counts", new int[] {config.codebookSize()}, codebook.counts());
            b.tensor("codebook.sums", new int[] {config.codebookSize(), config.latentDim()}, codebook.sums());
        }
        return b.build();
    }

    /** Saves {@link #toBundle()} atomically. */
    public void save(Path file) throws IOException {
        toBundle().save(file);
    }

    /**
     * The same weights with a codebook of its own, restored from this model's codebook snapshot: for running an
     * online and a frozen copy side by side, or for a new model instance on another thread.
     */
    public VqVaeModel withOwnCodebook() {
        EmaCodebook cb = new EmaCodebook(codebook.config());
        cb.restore(codebook.snapshot());
        return new VqVaeModel(config, weights, cb, training);
    }

    VqVaeModel withWeights(VqVaeWeights newWeights, ObjectNode newTraining) {
        return new VqVaeModel(config, newWeights, codebook, newTraining);
    }

    public VqVaeConfig config() {
        return config;
    }

    /** The encoder/decoder weights (implementation type). */
    public VqVaeWeights weights() {
        return weights;
    }

    /** Training metadata recorded in the bundle (data, epochs, losses). */
    public ObjectNode trainingMetadata() {
        return training.deepCopy();
    }

    @Override
    public WindowScorerInfo info() {
        return info;
    }

    @Override
    public StreamState newState() {
        return new WindowState(config.window());
    }

    @Override
    public StreamState readState(ByteBuffer in) {
        return WindowState.read(in, config.window(), KIND);
    }

    /**
     * A serving kernel; its nearest-code search uses {@link NearestCodeSearch#defaultThreads()} threads (the system
     * property {@value NearestCodeSearch#THREADS_PROPERTY} overrides).
     */
    @Override
    public VqVaeKernel newKernel(int maxBatch) {
        return newKernel(maxBatch, NearestCodeSearch.defaultThreads());
    }

    /** A serving kernel whose nearest-code search uses {@code searchThreads} threads (1 or 2). */
    public VqVaeKernel newKernel(int maxBatch, int searchThreads) {
        return new VqVaeKernel(weights, codebook, maxBatch, config.normalisationWindow(), config.clip(),
                searchThreads);
    }

    @Override
    public EmaCodebook codebook() {
        return codebook;
    }

    private static String versionOf(VqVaeWeights w) {
        return ModelBundle.checksumVersion(KIND, java.util.Arrays.asList(w.arrays()));
    }
}
