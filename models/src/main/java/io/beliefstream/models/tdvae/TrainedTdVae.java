package io.beliefstream.models.tdvae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.bundle.ModelBundle;
import io.beliefstream.models.tdvae.internal.ParamLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained, frozen TD-VAE: architecture, weights, input normalisation statistics and training metadata. Stored as
 * a {@link ModelBundle} of kind {@value #KIND} whose metadata holds {@code config} (the {@link TdVaeConfig} fields),
 * {@code normalisation} ({@code mode}, {@code mean[]}, {@code std[]}), {@code training} (free-form: seed, losses,
 * data description) and {@code version}; the tensors are the parameters named by the layout in
 * {@code internal.ParamLayout}.
 */
public final class TrainedTdVae {
    /** Bundle kind. */
    public static final String KIND = "td-vae";
    /**
     * Highest version of the metadata schema and tensor naming read by this class. A bundle is written with its
     * config's {@link TdVaeConfig#layoutVersion()}: 1 for the residual transition (unchanged format), 2 for the
     * rotation transition ({@code config.transition} and the tensors {@code T.Wr}, {@code T.br}).
     */
    public static final int SCHEMA_VERSION = 2;

    private final TdVaeConfig config;
    private final Map<String, float[]> params;
    private final TdVaeTrainingConfig.Normalisation normalisation;
    private final float[] mean;
    private final float[] std;
    private final ObjectNode training;
    /** How the bundle is meant to be served ({@code scaling}, anchor weights; see {@link TdVaeModel}), or empty. */
    private final ObjectNode serving;

    /**
     * @param config architecture
     * @param params every parameter of the layout of {@code config} (copied)
     * @param normalisation how the training data were scaled
     * @param mean per-dimension mean of the training data (raw units)
     * @param std per-dimension standard deviation of the training data (raw units), positive
     * @param training free-form training metadata (copied)
     */
    public TrainedTdVae(TdVaeConfig config, Map<String, float[]> params,
            TdVaeTrainingConfig.Normalisation normalisation, float[] mean, float[] std, ObjectNode training) {
        this.config = config;
        new ParamLayout(config).validate(params);
        if (mean.length != config.inputDim() || std.length != config.inputDim()) {
            throw new IllegalArgumentException("mean and std must have inputDim = " + config.inputDim() + " entries");
        }
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("std entries must be positive and finite, got " + s);
            }
        }
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (ParamLayout.Param p : new ParamLayout(config).params()) {
            copy.put(p.name(), params.get(p.name()).clone());
        }
        this.params = Collections.unmodifiableMap(copy);
        this.normalisation = normalisation;
        this.mean = mean.clone();
        this.std = std.clone();
        this.training = training == null ? ModelBundle.newMetadata() : training.deepCopy();
        this.serving = ModelBundle.newMetadata();
    }

    private TrainedTdVae(TrainedTdVae base, ObjectNode serving) {
        this.config = base.config;
        this.params = base.params;
        this.normalisation = base.normalisation;
        this.mean = base.mean;
        this.std = base.std;
        this.training = base.training;
        this.serving = serving.deepCopy();
    }

    /**
     * These weights with serving defaults stored beside them (bundle metadata {@code serving}): {@code scaling}, a
     * {@link TdVaeModel.Scaling} name, and {@code anchorHorizons} / {@code anchorWeights}, the anchored decoding's
     * weights at some horizons ({@link TdVaeModel#withAnchorWeights}; interpolated linearly in the horizon for the
     * horizons served, constant beyond the ends). {@link TdVaeModel#load} applies them.
     */
    public TrainedTdVae withServing(ObjectNode serving) {
        return new TrainedTdVae(this, serving == null ? ModelBundle.newMetadata() : serving);
    }

    /** A copy of the serving defaults (empty when the bundle has none). */
    public ObjectNode serving() {
        return serving.deepCopy();
    }

    /**
     * An untrained model with the seeded initial weights of {@code config}, unit normalisation and GLOBAL scaling:
     * for benchmarks and tests that need a model of a given size, not a trained one.
     */
    public static TrainedTdVae initialised(TdVaeConfig config, long seed) {
        float[] mean = new float[config.inputDim()];
        float[] std = new float[config.inputDim()];
        java.util.Arrays.fill(std, 1f);
        ObjectNode meta = ModelBundle.newMetadata();
        meta.put("description", "untrained: seeded initial weights");
        meta.put("seed", seed);
        return new TrainedTdVae(config, new ParamLayout(config).initialise(seed),
                TdVaeTrainingConfig.Normalisation.GLOBAL, mean, std, meta);
    }

    public TdVaeConfig config() {
        return config;
    }

    /** The parameter values (the map is unmodifiable; do not mutate the arrays). */
    public Map<String, float[]> params() {
        return params;
    }

    public TdVaeTrainingConfig.Normalisation normalisation() {
        return normalisation;
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    /** A copy of the training metadata. */
    public ObjectNode training() {
        return training.deepCopy();
    }

    /** A short identifier of these weights (hash of the tensors), used as the served model version. */
    public String fingerprint() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4);
        for (Map.Entry<String, float[]> e : params.entrySet()) {
            crc.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (float v : e.getValue()) {
                buf.clear();
                buf.putFloat(v);
                crc.update(buf.array());
            }
        }
        return String.format("%08x", crc.getValue());
    }

    /** This model as a bundle. */
    public ModelBundle toBundle() {
        ObjectNode meta = ModelBundle.newMetadata();
        meta.put("version", config.layoutVersion());
        ObjectNode c = meta.putObject("config");
        c.put("inputDim", config.inputDim());
        c.put("beliefSize", config.beliefSize());
        c.put("latentSize", config.latentSize());
        c.put("latentLayers", config.latentLayers());
        c.put("hiddenSize", config.hiddenSize());
        c.put("decoderHidden", config.decoderHidden());
        if (config.transition() != TdVaeConfig.Transition.RESIDUAL) {
            c.put("transition", config.transition().name());
        }
        ObjectNode n = meta.putObject("normalisation");
        n.put("mode", normalisation.name());
        ArrayNode m = n.putArray("mean");
        ArrayNode s = n.putArray("std");
        for (int d = 0; d < mean.length; d++) {
            m.add(mean[d]);
            s.add(std[d]);
        }
        meta.set("training", training.deepCopy());
        if (!serving.isEmpty()) {
            meta.set("serving", serving.deepCopy());
        }
        ModelBundle.Builder b = ModelBundle.builder(KIND).metadata(meta);
        for (ParamLayout.Param p : new ParamLayout(config).params()) {
            b.tensor(p.name(), new int[] {p.rows(), p.cols()}, params.get(p.name()));
        }
        return b.build();
    }

    /** Reads a model from a bundle of kind {@value #KIND}. */
    public static TrainedTdVae fromBundle(ModelBundle bundle) {
        bundle.requireKind(KIND);
        ObjectNode meta = bundle.metadata();
        int version = meta.path("version").asInt(-1);
        if (version < 1 || version > SCHEMA_VERSION) {
            throw new ModelException("td-vae bundle schema version " + version + " is not supported (1.."
                    + SCHEMA_VERSION + ")");
        }
        JsonNode c = meta.path("config");
        TdVaeConfig config;
        try {
            TdVaeConfig.Transition transition = TdVaeConfig.Transition.valueOf(
                    c.path("transition").asText(TdVaeConfig.Transition.RESIDUAL.name()));
            config = new TdVaeConfig(req(c, "inputDim"), req(c, "beliefSize"), req(c, "latentSize"),
                    req(c, "latentLayers"), req(c, "hiddenSize"), req(c, "decoderHidden"), transition);
            if (config.layoutVersion() != version) {
                throw new ModelException("td-vae bundle of schema version " + version + " has a "
                        + transition.name().toLowerCase(java.util.Locale.ROOT) + " transition (version "
                        + config.layoutVersion() + ")");
            }
        } catch (IllegalArgumentException e) {
            throw new ModelException("td-vae bundle has an invalid config: " + e.getMessage(), e);
        }
        Map<String, float[]> params = new LinkedHashMap<>();
        for (ParamLayout.Param p : new ParamLayout(config).params()) {
            ModelBundle.Tensor t = bundle.tensor(p.name());
            if (t.values().length != p.size()) {
                throw new ModelException("td-vae bundle tensor " + p.name() + " has " + t.values().length
                        + " values, expected " + p.size());
            }
            params.put(p.name(), t.values());
        }
        JsonNode n = meta.path("normalisation");
        TdVaeTrainingConfig.Normalisation mode;
        try {
            mode = TdVaeTrainingConfig.Normalisation.valueOf(n.path("mode").asText());
        } catch (IllegalArgumentException e) {
            throw new ModelException("td-vae bundle has unknown normalisation mode '" + n.path("mode").asText() + "'");
        }
        float[] mean = new float[config.inputDim()];
        float[] std = new float[config.inputDim()];
        if (n.path("mean").size() != mean.length || n.path("std").size() != std.length) {
            throw new ModelException("td-vae bundle normalisation statistics do not match inputDim " + mean.length);
        }
        for (int d = 0; d < mean.length; d++) {
            mean[d] = (float) n.path("mean").get(d).asDouble();
            std[d] = (float) n.path("std").get(d).asDouble();
        }
        JsonNode tr = meta.path("training");
        TrainedTdVae trained = new TrainedTdVae(config, params, mode, mean, std,
                tr instanceof ObjectNode o ? o : ModelBundle.newMetadata());
        return meta.path("serving") instanceof ObjectNode sv ? trained.withServing(sv) : trained;
    }

    private static int req(JsonNode c, String field) {
        if (!c.path(field).canConvertToInt()) {
            throw new ModelException("td-vae bundle config lacks integer field '" + field + "'");
        }
        return c.path(field).asInt();
    }

    /** Saves as a bundle file (atomically). */
    public void save(Path file) throws IOException {
        toBundle().save(file);
    }

    /** Loads a bundle file. */
    public static TrainedTdVae load(Path file) throws IOException {
        return fromBundle(ModelBundle.load(file));
    }

    /** Loads a bundle from a class-path resource. */
    public static TrainedTdVae loadResource(String resource) throws IOException {
        return fromBundle(ModelBundle.loadResource(resource));
    }
}
