package io.beliefstream.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A `beliefstream serve` engine in a separate JVM, for tests that kill it with SIGKILL. */
final class EngineProcess implements AutoCloseable {
    private final Process process;

    private EngineProcess(Process process) {
        this.process = process;
    }

    static EngineProcess start(String bootstrap, String prefix, String instanceId, Path log, String... extra)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=log4j2-test.xml",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--kafka", bootstrap, "--http-port", "0",
                "--set", "topics.prefix=" + prefix, "--set", "engine.instance-id=" + instanceId,
                "--set", "engine.session-timeout-ms=6000", "--set", "engine.transaction-timeout-ms=10000"));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OMP_NUM_THREADS", "1");
        return new EngineProcess(pb.start());
    }

    /** SIGKILL: no shutdown hook, no clean close, an open transaction left behind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then wait. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static String logOf(Path log) {
        try {
            String s = java.nio.file.Files.readString(log);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
