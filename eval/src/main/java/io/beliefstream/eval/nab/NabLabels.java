package io.beliefstream.eval.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import io.beliefstream.eval.internal.Timestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's anomaly windows per file, from {@code labels/combined_windows.json} (keys {@code <category>/<file>.csv},
 * values {@code [[start, end], ...]}). The windows keep the file's order, which NAB's scorer relies on.
 */
public final class NabLabels {
    private final Map<String, List<LabelWindow>> windows;

    public NabLabels(Map<String, List<LabelWindow>> windows) {
        Map<String, List<LabelWindow>> copy = new LinkedHashMap<>();
        windows.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.windows = Collections.unmodifiableMap(copy);
    }

    /** Reads a {@code combined_windows.json}. */
    public static NabLabels read(Path windowsJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(windowsJson.toFile());
        } catch (IOException e) {
            throw new EvalException("cannot read NAB windows " + windowsJson + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new EvalException(windowsJson + ": expected a JSON object of file -> [[start, end], ...]");
        }
        Map<String, List<LabelWindow>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            List<LabelWindow> list = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                if (!w.isArray() || w.size() != 2) {
                    throw new EvalException(windowsJson + ": window of " + e.getKey() + " is not [start, end]: " + w);
                }
                try {
                    list.add(new LabelWindow(Timestamps.parseMillis(w.get(0).asText()),
                            Timestamps.parseMillis(w.get(1).asText()), w.get(0).asText()));
                } catch (IllegalArgumentException ex) {
                    throw new EvalException(windowsJson + ": window of " + e.getKey() + ": " + ex.getMessage(), ex);
                }
            }
            out.put(e.getKey(), list);
        }
        return new NabLabels(out);
    }

    /** Files with labels. */
    public List<String> files() {
        return List.copyOf(windows.keySet());
    }

    /**
     * The windows of one file.
     *
     * @throws EvalException if the file has no entry in the labels
     */
    public List<LabelWindow> windows(String relativePath) {
        List<LabelWindow> w = windows.get(relativePath);
        if (w == null) {
            throw new EvalException("no label entry for " + relativePath);
        }
        return w;
    }

    /** Per-row labels of a series: 1 inside any window, else 0 (NAB's {@code label} column). */
    public int[] labels(Series s) {
        List<LabelWindow> w = windows(s.name());
        long[] t = s.timestamps();
        int[] out = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            for (LabelWindow lw : w) {
                if (lw.contains(t[i])) {
                    out[i] = 1;
                    break;
                }
            }
        }
        return out;
    }
}
