package io.beliefstream.eval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.beliefstream.eval.EvalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the evaluations' JSON documents, indented, creating the parent directory. */
public final class Json {
    private Json() {
    }

    /** Writes {@code json} to {@code file}. */
    public static void write(Path file, JsonNode json) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        } catch (IOException e) {
            throw new EvalException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
