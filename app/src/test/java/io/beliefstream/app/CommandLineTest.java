package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new java.io.PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
        cli.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void shouldPrintHelpForEveryCommand() {
        for (String cmd : new String[] {"serve", "demo"}) {
            String[] r = run(cmd, "--help");
            assertThat(r[0]).isEqualTo("0");
            assertThat(r[1]).contains("Usage: beliefstream " + cmd).contains("--kafka").contains("--set");
        }
        String[] top = run("--help");
        assertThat(top[1]).contains("serve").contains("demo");
    }

    @Test
    void shouldRenderTheUsageOfEveryCommandWithoutAPicocliWarning() {
        // picocli reports a format problem in a description (an unescaped %) on standard error and prints the raw text
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        java.util.List<String> rendered = new java.util.ArrayList<>();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(new CommandLine(new Main())));
            while (!todo.isEmpty()) {
                CommandLine c = todo.pop();
                String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
                assertThat(usage).as(c.getCommandName()).contains("Usage:");
                rendered.add(c.getCommandSpec().qualifiedName());
                todo.addAll(c.getSubcommands().values());
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(rendered).contains("beliefstream evaluate forecast", "beliefstream serve", "beliefstream train tdvae");
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("picocli warnings").doesNotContain("picocli");
    }

    @Test
    void shouldReportABadDataFileWithoutAStackTrace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path csv = dir.resolve("bad.csv");
        java.nio.file.Files.writeString(csv, "timestamp,value\n2024-01-01 00:00:00,not-a-number\n");
        assertThat(Main.run("train", "tdvae", "--data", csv.toString(), "--out", dir.resolve("m.bsb").toString(),
                "--epochs", "1", "--steps-per-epoch", "1")).as("bad data is refused like bad input: exit 2").isEqualTo(2);
        assertThat(dir.resolve("m.bsb")).doesNotExist();
    }

    @Test
    void shouldRejectBadFlagsWithUsageAndExitCode2() {
        String[] r = run("demo", "--duration", "soon");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("--duration");
        assertThat(Main.run("demo", "--summary-json", "x.json")).isEqualTo(2);
        assertThat(Main.run("serve", "--set", "engine.max-batch=-1")).isEqualTo(2);
        assertThat(Main.run("serve", "--set", "no.such.key=1")).isEqualTo(2);
        assertThat(Main.run("evaluate", "nab", "--data", "/no/such/dir", "--labels", "x.json", "--out", "o",
                "--json", "j.json")).isEqualTo(2);
        assertThat(Main.run("evaluate", "ucr", "--data", "/no/such/dir", "--json", "j.json")).isEqualTo(2);
        assertThat(Main.run("evaluate", "ucr", "--data", ".", "--json", "j.json", "--series-per-chunk", "0"))
                .isEqualTo(2);
        assertThat(Main.run("train", "tdvae", "--out", "x.bsb")).as("neither --data nor --synthetic-default")
                .isEqualTo(2);
        assertThat(Main.run("train", "tdvae", "--data", "x.csv", "--out", "x.bsb", "--transition", "spiral"))
                .isEqualTo(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainCommand.TdVae.transition("spiral"))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessage("--transition must be residual or rotation, got 'spiral'");
    }

    @Test
    void shouldTrainTheChosenTransitionForm(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        StringBuilder rows = new StringBuilder("timestamp,value\n");
        for (int t = 0; t < 400; t++) {
            rows.append(1_700_000_000_000L + 60_000L * t).append(',').append(Math.sin(t * 0.3)).append('\n');
        }
        java.nio.file.Path csv = dir.resolve("sine.csv");
        java.nio.file.Files.writeString(csv, rows);
        for (String form : new String[] {"residual", "rotation"}) {
            java.nio.file.Path out = dir.resolve(form + ".bsb");
            assertThat(Main.run("train", "tdvae", "--data", csv.toString(), "--out", out.toString(), "--transition",
                    form, "--epochs", "1", "--steps-per-epoch", "2", "--window", "32")).isZero();
            assertThat(io.beliefstream.models.tdvae.TrainedTdVae.load(out).config().transition().name())
                    .isEqualTo(form.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
