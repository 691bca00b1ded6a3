package io.beliefstream.eval.mv;

import io.beliefstream.eval.EvalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Loaders of the SMD and NASA (MSL) layouts described in {@code shared/data/README.md}. */
public final class MvData {
    private static final Pattern PAIR = Pattern.compile("\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");

    private MvData() {
    }

    /**
     * SMD (OmniAnomaly): {@code train/<m>.txt}, {@code test/<m>.txt} (comma-separated metrics, no header),
     * {@code test_label/<m>.txt} (one 0/1 per test row) and {@code interpretation_label/<m>.txt}
     * ({@code start-end:c1,c2,...}, rows 0-based with end exclusive, columns 1-based; stored 0-based here).
     */
    public static List<MvStream> smd(Path dir) {
        List<MvStream> out = new ArrayList<>();
        for (Path test : list(dir.resolve("test"), ".txt")) {
            String file = test.getFileName().toString();
            String name = file.substring(0, file.length() - 4);
            double[][] tr = rows(dir.resolve("train").resolve(file), false);
            double[][] te = rows(test, false);
            List<String> lab = lines(dir.resolve("test_label").resolve(file));
            boolean[] labels = new boolean[lab.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = Double.parseDouble(lab.get(i).trim()) > 0.5;
            }
            List<MvStream.Blame> blames = new ArrayList<>();
            Path interp = dir.resolve("interpretation_label").resolve(file);
            if (Files.exists(interp)) {
                for (String l : lines(interp)) {
                    String[] rc = l.trim().split(":");
                    String[] se = rc[0].split("-");
                    String[] cs = rc[1].split(",");
                    int[] dims = new int[cs.length];
                    for (int k = 0; k < cs.length; k++) {
                        dims[k] = Integer.parseInt(cs[k].trim()) - 1;
                    }
                    blames.add(new MvStream.Blame(Integer.parseInt(se[0].trim()), Integer.parseInt(se[1].trim()), dims));
                }
            }
            out.add(new MvStream(name, tr, te, labels, blames));
        }
        return out;
    }

    /**
     * NASA telemetry of one spacecraft as laid out by TranAD: {@code <sc>/train/<chan>.csv} and
     * {@code <sc>/test/<chan>.csv} (header, column {@code telemetry} then one-hot command flags), labels from
     * {@code labeled_anomalies.csv} ({@code anomaly_sequences} = {@code [[start, end], ...]}, test rows, both ends
     * inclusive as in telemanom). Only the channels listed for the spacecraft are loaded.
     */
    public static List<MvStream> nasa(Path dir, String spacecraft) {
        List<MvStream> out = new ArrayList<>();
        List<String> table = lines(dir.resolve("labeled_anomalies.csv"));
        for (String l : table.subList(1, table.size())) {
            int q = l.indexOf('"');
            String[] head = l.substring(0, q).split(",");
            if (!head[1].trim().equals(spacecraft)) {
                continue;
            }
            String chan = head[0].trim();
            Path test = dir.resolve(spacecraft).resolve("test").resolve(chan + ".csv");
            double[][] te = rows(test, true);
            double[][] tr = rows(dir.resolve(spacecraft).resolve("train").resolve(chan + ".csv"), true);
            boolean[] labels = new boolean[te.length];
            Matcher m = PAIR.matcher(l.substring(q, l.indexOf('"', q + 1)));
            while (m.find()) {
                int s = Integer.parseInt(m.group(1));
                int e = Math.min(te.length - 1, Integer.parseInt(m.group(2)));
                for (int i = s; i <= e; i++) {
                    labels[i] = true;
                }
            }
            out.add(new MvStream(chan, tr, te, labels, List.of()));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private static double[][] rows(Path p, boolean header) {
        List<String> ls = lines(p);
        List<double[]> rows = new ArrayList<>(ls.size());
        for (int i = header ? 1 : 0; i < ls.size(); i++) {
            String l = ls.get(i).trim();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split(",");
            double[] r = new double[f.length];
            for (int k = 0; k < f.length; k++) {
                r[k] = Double.parseDouble(f[k].trim());
            }
            rows.add(r);
        }
        return rows.toArray(new double[0][]);
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new EvalException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new EvalException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
