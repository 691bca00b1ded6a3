package io.beliefstream.app;

import picocli.CommandLine.Command;

/** {@code beliefstream bench ...}: load benchmarks that print their figures. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print their figures.",
        subcommands = {BenchE2eCommand.class, BenchHeapCommand.class})
final class BenchCommand {
}
