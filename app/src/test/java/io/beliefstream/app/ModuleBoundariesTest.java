package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/architecture (house style: "public API on top, implementation below"), enforced:
 * every Maven module has one root package {@code io.beliefstream.<name>}; its {@code internal} packages are its own,
 * and no other module's source (main or test) names them, neither by import nor by a qualified name. What another
 * module needs is public API in the owner's root package or a non-internal subpackage.
 *
 * <p>A scan of the sources of every module listed in the root pom, read from the working tree (the test runs with
 * the {@code app} module as working directory, so the repository root is its parent). Sources rather than class
 * files because no module depends on all the others (bench and app each miss one), and a source scan also sees test
 * code and modules that this build did not compile.
 */
class ModuleBoundariesTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    /** A reference to an internal package of some module: group 1 is the module's root package name. */
    private static final Pattern INTERNAL_REFERENCE =
            Pattern.compile("\\bio\\.beliefstream\\.([a-z0-9_]+)(?:\\.[a-z0-9_]+)*\\.internal\\b");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    @Test
    void shouldFindEveryModuleWithOneRootPackage() {
        Map<String, String> roots = rootPackages();
        assertThat(roots).as("modules of the root pom and their root packages").hasSizeGreaterThanOrEqualTo(8)
                .containsEntry("streams", "streams").containsEntry("models", "models")
                .containsEntry("gateway", "gateway").containsEntry("app", "app").containsEntry("bench", "bench");
    }

    @Test
    void shouldKeepEverySourceFileInsideItsModulesRootPackage() {
        List<String> strays = new ArrayList<>();
        rootPackages().forEach((module, root) -> {
            for (Path file : sources(module)) {
                Matcher m = PACKAGE.matcher(read(file));
                String pkg = m.find() ? m.group(1) : "";
                String own = "io.beliefstream." + root;
                if (!pkg.equals(own) && !pkg.startsWith(own + ".")) {
                    strays.add(ROOT.relativize(file) + " declares package " + pkg);
                }
            }
        });
        assertThat(strays).as("files outside their module's root package (a split package would reach another "
                + "module's internals without naming them)").isEmpty();
    }

    @Test
    void shouldNeverReferToAnotherModulesInternalPackage() {
        Map<String, String> roots = rootPackages();
        List<String> violations = new ArrayList<>();
        int scanned = 0;
        for (Map.Entry<String, String> module : roots.entrySet()) {
            for (Path file : sources(module.getKey())) {
                scanned++;
                violations.addAll(crossings(ROOT.relativize(file).toString(), module.getValue(), read(file)));
            }
        }
        assertThat(scanned).as("source files scanned").isGreaterThan(300);
        assertThat(violations).as("references to another module's internal package (make what is needed public "
                + "API in the owner's root package)").isEmpty();
    }

    @Test
    void shouldReportAnImportOfAnotherModulesInternalPackage() {
        // written with '@' for the internal package's name, so that this file itself passes the scan
        String offending = """
                package io.beliefstream.bench;

                import io.beliefstream.models.Kernel;
                import io.beliefstream.streams.@.Engine;
                import static io.beliefstream.models.vqvae.@.NearestCodeSearch.nearest;

                class Offender {
                    Object gateway = new io.beliefstream.gateway.@.PredictionView(1, 1);
                    Object own = io.beliefstream.bench.@.Helper.class;
                    Object notInternal = io.beliefstream.streams.internalised.Thing.class;
                }
                """.replace("@", "internal");

        List<String> found = crossings("bench/Offender.java", "bench", offending);

        assertThat(found).containsExactly(
                "bench/Offender.java:4 io.beliefstream.streams.@".replace("@", "internal"),
                "bench/Offender.java:5 io.beliefstream.models.vqvae.@".replace("@", "internal"),
                "bench/Offender.java:8 io.beliefstream.gateway.@".replace("@", "internal"));
    }

    /** Each reference in {@code source} to an internal package of a module other than {@code ownRoot}. */
    static List<String> crossings(String name, String ownRoot, String source) {
        List<String> out = new ArrayList<>();
        Matcher m = INTERNAL_REFERENCE.matcher(source);
        while (m.find()) {
            if (!m.group(1).equals(ownRoot)) {
                int line = 1 + (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                out.add(name + ":" + line + " " + m.group());
            }
        }
        return out;
    }

    /** Module directory to root package name ({@code io.beliefstream.<name>}), for every module of the root pom. */
    private static Map<String, String> rootPackages() {
        Map<String, String> roots = new LinkedHashMap<>();
        Matcher m = MODULE.matcher(read(ROOT.resolve("pom.xml")));
        while (m.find()) {
            String module = m.group(1).trim();
            Path base = ROOT.resolve(module).resolve("src/main/java/io/beliefstream");
            List<String> names;
            try (Stream<Path> s = Files.list(base)) {
                names = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(names).as("root packages of module %s", module).hasSize(1);
            roots.put(module, names.get(0));
        }
        return roots;
    }

    private static List<Path> sources(String module) {
        List<Path> files = new ArrayList<>();
        for (String set : List.of("src/main/java", "src/test/java", "src/jmh/java")) {
            Path dir = ROOT.resolve(module).resolve(set);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
