package io.beliefstream.models.vqvae;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.models.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Result of the regime-drift evaluation. JSON ({@link #toJson()}) has exactly the fields {@code phases},
 * {@code recon_error_online}, {@code recon_error_frozen} (arrays aligned with {@code phases}), {@code live_codes}
 * and {@code perplexity} (the online codebook's statistics every {@link VqDriftOptions#sampleEvery()} steps).
 *
 * @param phases regime names in order
 * @param reconErrorOnline per phase, mean reconstruction error (normalised units, settled part of the phase) with
 *     the codebook learning online
 * @param reconErrorFrozen the same with the codebook frozen
 * @param liveCodes live codes of the online codebook over time
 * @param perplexity perplexity of the online codebook over time
 */
public record VqDriftResult(List<String> phases, double[] reconErrorOnline, double[] reconErrorFrozen,
        int[] liveCodes, double[] perplexity) {

    /** Online error in the last phase divided by online error in the phase before it. */
    public double onlineRecoveryRatio() {
        int n = phases.size();
        return reconErrorOnline[n - 1] / reconErrorOnline[n - 2];
    }

    /** Frozen error in the last phase divided by online error in the phase before it. */
    public double frozenRatio() {
        int n = phases.size();
        return reconErrorFrozen[n - 1] / reconErrorOnline[n - 2];
    }

    /** The JSON object. */
    public ObjectNode toJson() {
        ObjectNode o = ModelBundle.newMetadata();
        ArrayNode p = o.putArray("phases");
        phases.forEach(p::add);
        ArrayNode on = o.putArray("recon_error_online");
        for (double v : reconErrorOnline) {
            on.add(v);
        }
        ArrayNode fr = o.putArray("recon_error_frozen");
        for (double v : reconErrorFrozen) {
            fr.add(v);
        }
        ArrayNode lc = o.putArray("live_codes");
        for (int v : liveCodes) {
            lc.add(v);
        }
        ArrayNode px = o.putArray("perplexity");
        for (double v : perplexity) {
            px.add(v);
        }
        return o;
    }

    /** Writes {@link #toJson()} to a file (pretty-printed). */
    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, ModelBundle.json().writerWithDefaultPrettyPrinter().writeValueAsString(toJson()));
    }
}
