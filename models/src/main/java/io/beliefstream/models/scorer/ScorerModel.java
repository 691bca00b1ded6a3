package io.beliefstream.models.scorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.OnlineCodebook;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowScorerInfo;
import io.beliefstream.models.WindowScorerModel;
import io.beliefstream.models.bundle.ModelBundle;
import io.beliefstream.models.scorer.internal.NoCodebook;
import io.beliefstream.models.scorer.internal.ScorerKernel;
import io.beliefstream.models.scorer.internal.ScorerLayers;
import io.beliefstream.models.scorer.internal.TwoLevelCodebook;
import io.beliefstream.models.vqvae.EmaCodebook;
import io.beliefstream.models.vqvae.internal.WindowState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A trained member of the autoencoder family served as a window scorer (see {@link ScorerKind}): frozen weights of
 * the shared MLP ({@link ScorerLayers}) plus, for the VQ-VAE-2, two {@link EmaCodebook}s that keep learning while
 * serving; the other kinds have a {@link NoCodebook}. Per-stream state: the VQ-VAE's {@link WindowState} (ring of
 * the last {@code W} observations and running normalisation), so states of every kind here are interchangeable
 * (state format {@code window/v1/w<W>}). The score ({@link io.beliefstream.models.WindowResult#error}) is the mean
 * squared reconstruction error of the normalised window, or for the VAEs the negative log reconstruction probability
 * per window value (see {@link ScorerKernel}).
 *
 * <p>Bundle: kind {@link ScorerKind#label()}; metadata {@code {"config": {...}, "training": {...}}}; tensors
 * {@code layer<i>.w, layer<i>.b} and, for the VQ-VAE-2, the codebooks' EMA state {@code top.counts, top.sums,
 * bottom.counts, bottom.sums}.
 */
public final class ScorerModel implements WindowScorerModel {
    private final ScorerConfig config;
    private final ScorerLayers layers;
    private final OnlineCodebook codebook;
    private final ObjectNode training;
    private final WindowScorerInfo info;

    ScorerModel(ScorerConfig config, ScorerLayers layers, OnlineCodebook codebook, ObjectNode training) {
        this.config = Objects.requireNonNull(config, "config");
        this.layers = Objects.requireNonNull(layers, "layers");
        this.codebook = Objects.requireNonNull(codebook, "codebook");
        this.training = training == null ? ModelBundle.newMetadata() : training.deepCopy();
        if (!layers.config().equals(config)) {
            throw new IllegalArgumentException("layers do not match config " + config);
        }
        if ((config.kind() == ScorerKind.VQ_VAE_2) != (codebook instanceof TwoLevelCodebook)) {
            throw new IllegalArgumentException("a two-level codebook is needed by, and only by, the vq-vae-2");
        }
        this.info = new WindowScorerInfo(config.kind().label(), ModelBundle.checksumVersion(config.kind().label(), layers.arrays()),
                "window/v" + WindowState.VERSION + "/w" + config.window(), config.window(), config.exposedLatentDim(),
                codebook.size());
    }

    /** Class-path resource of the default bundle of {@code kind} shipped in the jar. */
    public static String defaultResource(ScorerKind kind) {
        return "io/beliefstream/models/scorer/default-" + kind.label() + ".bsb";
    }

    /** The default model of {@code kind} shipped in the jar (trained by {@link ScorerCommands#trainDefault}). */
    public static ScorerModel loadDefault(ScorerKind kind) {
        try {
            return fromBundle(ModelBundle.loadResource(defaultResource(kind)));
        } catch (IOException e) {
            throw new ModelException("cannot read the default " + kind.label() + " bundle", e);
        }
    }

    /** Loads a bundle file of any kind of this family. */
    public static ScorerModel load(Path file) throws IOException {
        return fromBundle(ModelBundle.load(file));
    }

    /** Builds a model from a bundle whose kind is one of {@link ScorerKind}. */
    public static ScorerModel fromBundle(ModelBundle bundle) {
        ScorerKind kind;
        try {
            kind = ScorerKind.of(bundle.kind());
        } catch (IllegalArgumentException e) {
            throw new ModelException("not a window-scorer bundle: " + e.getMessage(), e);
        }
        ObjectNode meta = bundle.metadata();
        JsonNode c = meta.get("config");
        if (c == null) {
            throw new ModelException(kind.label() + " bundle has no config in its metadata");
        }
        ScorerConfig config;
        try {
            config = new ScorerConfig(kind, c.path("window").asInt(), c.path("hidden").asInt(),
                    c.path("latentDim").asInt(), c.path("regularisation").asDouble(), c.path("sparsityK").asInt(),
                    c.path("samples").asInt(), c.path("topLatentDim").asInt(), c.path("topCodes").asInt(),
                    c.path("bottomCodes").asInt(), c.path("normalisationWindow").asDouble(), c.path("clip").asDouble());
        } catch (IllegalArgumentException e) {
            throw new ModelException(kind.label() + " bundle has a bad config: " + e.getMessage(), e);
        }
        ScorerLayers layers = ScorerLayers.from(bundle, config);
        OnlineCodebook cb = newCodebook(config, 0);
        if (cb instanceof TwoLevelCodebook two && bundle.hasTensor("top.counts")) {
            try {
                two.top().initialise(bundle.tensor("top.counts").values(), bundle.tensor("top.sums").values());
                two.bottom().initialise(bundle.tensor("bottom.counts").values(),
                        bundle.tensor("bottom.sums").values());
            } catch (IllegalArgumentException e) {
                throw new ModelException("vq-vae-2 bundle has bad codebooks: " + e.getMessage(), e);
            }
        }
        JsonNode t = meta.get("training");
        return new ScorerModel(config, layers, cb, t instanceof ObjectNode o ? o : null);
    }

    /** A model with fresh random weights (and empty codebooks), for training. */
    public static ScorerModel untrained(ScorerConfig config, long seed) {
        return new ScorerModel(config, ScorerLayers.random(config, seed), newCodebook(config, seed), null);
    }

    static OnlineCodebook newCodebook(ScorerConfig config, long seed) {
        if (config.kind() != ScorerKind.VQ_VAE_2) {
            return new NoCodebook(config.exposedLatentDim());
        }
        return new TwoLevelCodebook(new EmaCodebook(config.topCodebook(seed)),
                new EmaCodebook(config.bottomCodebook(seed)));
    }

    /** The bundle of this model, with the codebooks' current EMA state. */
    public ModelBundle toBundle() {
        ObjectNode meta = ModelBundle.newMetadata();
        ObjectNode c = meta.putObject("config");
        c.put("window", config.window());
        c.put("hidden", config.hidden());
        c.put("latentDim", config.latentDim());
        c.put("regularisation", config.regularisation());
        c.put("sparsityK", config.sparsityK());
        c.put("samples", config.samples());
        c.put("topLatentDim", config.topLatentDim());
        c.put("topCodes", config.topCodes());
        c.put("bottomCodes", config.bottomCodes());
        c.put("normalisationWindow", config.normalisationWindow());
        c.put("clip", config.clip());
        meta.set("training", training.deepCopy());
        ModelBundle.Builder b = ModelBundle.builder(config.kind().label()).metadata(meta);
        layers.addTo(b);
        if (codebook instanceof TwoLevelCodebook two && two.initialised()) {
            EmaCodebook top = two.top();
            EmaCodebook bottom = two.bottom();
            b.tensor("top.counts", new int[] {top.size()}, top.counts());
            b.tensor("top.sums", new int[] {top.size(), top.dim()}, top.sums());
            b.tensor("bottom.counts", new int[] {bottom.size()}, bottom.counts());
            b.tensor("bottom.sums", new int[] {bottom.size(), bottom.dim()}, bottom.sums());
        }
        return b.build();
    }

    /** Saves {@link #toBundle()} atomically. */
    public void save(Path file) throws IOException {
        toBundle().save(file);
    }

    /** The same weights with a codebook of its own (restored from this model's snapshot). */
    public ScorerModel withOwnCodebook() {
        OnlineCodebook cb = codebook instanceof TwoLevelCodebook mine
                ? new TwoLevelCodebook(new EmaCodebook(mine.top().config()), new EmaCodebook(mine.bottom().config()))
                : new NoCodebook(config.exposedLatentDim());
        cb.restore(codebook.snapshot());
        return new ScorerModel(config, layers, cb, training);
    }

    ScorerModel withLayers(ScorerLayers newLayers, ObjectNode newTraining) {
        return new ScorerModel(config, newLayers, codebook, newTraining);
    }

    public ScorerConfig config() {
        return config;
    }

    /** The weights (implementation type). */
    public ScorerLayers layers() {
        return layers;
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
        return WindowState.read(in, config.window(), config.kind().label());
    }

    @Override
    public ScorerKernel newKernel(int maxBatch) {
        return new ScorerKernel(layers, codebook instanceof TwoLevelCodebook two ? two : null, maxBatch);
    }

    @Override
    public OnlineCodebook codebook() {
        return codebook;
    }
}
