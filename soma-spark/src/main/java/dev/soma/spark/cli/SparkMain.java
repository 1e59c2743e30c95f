package dev.soma.spark.cli;

import dev.soma.SomaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of {@code soma-spark.jar}: {@code spark-submit --class dev.soma.spark.cli.SparkMain soma-spark.jar
 * train --data … --out model.safetensors}, and what {@code ./soma train --spark local[N] …} runs. Errors are one
 * line on standard error and exit code 1 (2 for a usage error), as in the {@code soma} command.
 */
@Command(name = "soma-spark", mixinStandardHelpOptions = true, subcommands = {TrainCommand.class, BenchCommand.class},
        description = "Soma on Apache Spark: data-parallel training (docs/DISTRIBUTED.md).")
public final class SparkMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.err, true), args);
    }

    /** Same, with errors written to {@code err}. */
    public static int run(java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            RuntimeException one = dev.soma.spark.train.SparkFailures.oneLine(e);
            String m = one.getMessage() == null ? one.getClass().getName() : one.getMessage();
            if (!(one instanceof SomaException) && one == e) {
                m = e.getClass().getSimpleName() + ": " + m; // Spark's own failure: its first line, no stack trace
            }
            int nl = m.indexOf('\n');
            line.getErr().println("soma: error: " + (nl < 0 ? m : m.substring(0, nl)));
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a command: train or bench");
    }
}
