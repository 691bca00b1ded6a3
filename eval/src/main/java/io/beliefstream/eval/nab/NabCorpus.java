package io.beliefstream.eval.nab;

import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import io.beliefstream.eval.internal.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a NAB-layout data directory: {@code <dir>/<category>/<file>.csv}, each with columns
 * {@code timestamp,value}. Series are named by their relative path with forward slashes
 * ({@code realKnownCause/nyc_taxi.csv}), the key NAB's label files use, and returned sorted by that name.
 */
public final class NabCorpus {
    private NabCorpus() {
    }

    /**
     * @throws EvalException if the directory holds no CSV at depth two or a file is not {@code timestamp,value}
     */
    public static List<Series> read(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            throw new EvalException("NAB data directory " + dataDir + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir, 2)) {
            files = walk.filter(p -> dataDir.relativize(p).getNameCount() == 2)
                    .filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new EvalException("cannot list " + dataDir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new EvalException("no <category>/<file>.csv under " + dataDir);
        }
        List<Series> out = new ArrayList<>(files.size());
        for (Path f : files) {
            out.add(readFile(f, dataDir.relativize(f).toString().replace('\\', '/')));
        }
        return out;
    }

    /** Reads one NAB data file ({@code timestamp,value}) under the given name. */
    public static Series readFile(Path file, String name) {
        Csv csv = Csv.read(file);
        if (csv.rowCount() == 0) {
            throw new EvalException(file + ": no rows");
        }
        int ts = csv.column("timestamp");
        int v = csv.column("value");
        return new Series(name, csv.text(ts), csv.timestamps(ts), csv.numbers(v));
    }
}
