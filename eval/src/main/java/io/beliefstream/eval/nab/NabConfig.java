package io.beliefstream.eval.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.eval.EvalException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Readers for NAB's {@code config/profiles.json} and {@code config/thresholds.json}. */
public final class NabConfig {
    private NabConfig() {
    }

    /** Reads the profiles ({@code {name: {"CostMatrix": {tpWeight, fpWeight, fnWeight, tnWeight}}}}). */
    public static List<Profile> readProfiles(Path profilesJson) {
        JsonNode root = readJson(profilesJson);
        List<Profile> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode cm = e.getValue().get("CostMatrix");
            if (cm == null) {
                throw new EvalException(profilesJson + ": profile " + e.getKey() + " has no CostMatrix");
            }
            out.add(new Profile(e.getKey(), new CostMatrix(num(profilesJson, cm, "tpWeight"),
                    num(profilesJson, cm, "fpWeight"), num(profilesJson, cm, "fnWeight"),
                    num(profilesJson, cm, "tnWeight"))));
        }
        return out;
    }

    /** Reads the published thresholds: detector → profile → threshold. */
    public static Map<String, Map<String, Double>> readThresholds(Path thresholdsJson) {
        JsonNode root = readJson(thresholdsJson);
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> d = it.next();
            Map<String, Double> byProfile = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> p = d.getValue().fields(); p.hasNext();) {
                Map.Entry<String, JsonNode> e = p.next();
                byProfile.put(e.getKey(), num(thresholdsJson, e.getValue(), "threshold"));
            }
            out.put(d.getKey(), byProfile);
        }
        return out;
    }

    private static JsonNode readJson(Path p) {
        try {
            JsonNode n = new ObjectMapper().readTree(p.toFile());
            if (n == null || !n.isObject()) {
                throw new EvalException(p + ": expected a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new EvalException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static double num(Path p, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new EvalException(p + ": missing or non-numeric '" + field + "' in " + n);
        }
        return v.asDouble();
    }
}
