package io.beliefstream.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code beliefstream.jar}. */
@Command(name = "beliefstream", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Real-time TD-VAE forecasts and VQ-VAE anomaly scores over Kafka streams.",
        subcommands = {ServeCommand.class, DemoCommand.class, TrainCommand.class, EvaluateCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit code: 0 success, 1 failure, 2 bad usage or configuration. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof Settings.ConfigException) {
                cmd.getErr().println("configuration error: " + e.getMessage());
                return 2;
            }
            if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                    || e instanceof io.beliefstream.models.ModelException
                    || e instanceof io.beliefstream.eval.EvalException) {
                // bad input files (CSV, bundles, NAB layout): say what and where, no stack trace
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"beliefstream " + (v == null ? "development build" : v)};
        }
    }
}
