package dev.soma.cli;

import dev.soma.SomaException;
import dev.soma.data.ReadAhead;
import dev.soma.kernel.KernelProvider;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code soma} command line. Exit codes: 0 success, 1 a check failed (gradcheck above its threshold) or an
 * internal error, 2 bad arguments or input (one line {@code soma: error: …} on stderr), 3 training diverged.
 */
@Command(name = "soma", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Neural networks for the JVM: train, evaluate, inspect and benchmark multi-layer perceptrons.",
        footer = {"", "Exit codes: 0 success, 1 check failed, 2 bad arguments or input, 3 training diverged.",
                "Run 'soma help COMMAND' for the options of a command."})
public final class Main implements Runnable {
    /** Bad arguments or input. */
    public static final int EXIT_USAGE = 2;
    /** Training diverged (NaN or infinite loss). */
    public static final int EXIT_DIVERGED = 3;
    /** A check failed, or an internal error. */
    public static final int EXIT_FAILED = 1;
    /**
     * The subcommands by name, in the order of the help. They are registered in {@link #commandLine} rather than in
     * the {@code @Command} annotation so that a run of one command builds only that command's picocli model:
     * building all of them costs about 0.2 s of a cold JVM (picocli runs interpreted that early). The names are
     * their {@code @Command} names (MainTest checks): reading those annotations here cost another 40-60 ms.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(DemoCommand.class, "demo", TrainCommand.class, "train",
            EvaluateCommand.class, "evaluate", PredictCommand.class, "predict", InspectCommand.class, "inspect",
            ExportCommand.class, "export", ImportCommand.class, "import",
            GradcheckCommand.class, "gradcheck", ExampleCommand.class, "example", CvCommand.class, "cv", BenchCommand.class, "bench",
            PlaygroundCommand.class, "playground", DashboardCommand.class, "dashboard",
            CommandLine.HelpCommand.class, "help");

    private static Map<String, Class<?>> subcommands(Object... classAndName) {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (int i = 0; i < classAndName.length; i += 2) {
            m.put((String) classAndName[i + 1], (Class<?>) classAndName[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    @CommandLine.Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the full stack trace of an error (default: one line).")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        startKernels(args);
        String data = dataToReadAhead(args);
        if (data != null) {
            ReadAhead.start(data);
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err));
    }

    /**
     * For a command that computes (train, bench, evaluate, predict, demo; not its help), chooses the kernels on a
     * background thread at once, which starts their JIT warm-up ({@code kernel.WarmUp}) while picocli is still
     * parsing. Returns true if it started that thread.
     */
    static boolean startKernels(String[] args) {
        if (computingCommand(args) == null) {
            return false;
        }
        Thread t = new Thread(KernelProvider::get, "soma-kernel-start");
        t.setDaemon(true);
        t.start();
        return true;
    }

    /**
     * The data set that train, evaluate or bench will open ({@code --data VALUE} or {@code --data=VALUE}; bench's
     * default without it), or null, for {@link ReadAhead}: its IDX files are then read while picocli builds the
     * command (~0.2 s of a cold JVM, measured 0.11 s earlier to the first B1 batch). Only a guess from the raw
     * arguments: the command opens what picocli parses, taking what was read ahead only for an unchanged file of
     * the same data set.
     */
    static String dataToReadAhead(String[] args) {
        String command = computingCommand(args);
        if (command == null || !List.of("train", "evaluate", "bench").contains(command)) {
            return null;
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--data=")) {
                return args[i].substring("--data=".length());
            }
        }
        return command.equals("bench") ? BenchCommand.DEFAULT_DATA : null;
    }

    /** The first argument that is not an option when it names a command that computes, unless help or version is asked. */
    private static String computingCommand(String[] args) {
        List<String> all = List.of(args);
        if (all.contains("-h") || all.contains("--help") || all.contains("-V") || all.contains("--version")) {
            return null;
        }
        for (String a : args) {
            if (!a.startsWith("-")) {
                return List.of("train", "bench", "evaluate", "predict", "demo").contains(a) ? a : null;
            }
        }
        return null;
    }

    /** Runs the command line with the given streams and returns the exit code (the tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Locale.setDefault(Locale.ROOT);
        CommandLine cl = commandLine(out, err, args);
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("soma: error: out of memory (" + oneLine(e.getMessage()) + "); give the JVM more with "
                    + "SOMA_JAVA_OPTS=-Xmx8g ./soma ...");
            code = EXIT_FAILED;
        } catch (StackOverflowError e) {
            err.println("soma: error: stack overflow (a very deep network?); raise it with SOMA_JAVA_OPTS=-Xss64m");
            code = EXIT_FAILED;
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The configured picocli command line for {@code arguments}: defaults shown in every help, one-line errors. When the
     * first argument that is not an option names a subcommand (other than help), only that one is registered;
     * otherwise (no command, help, a misspelt name) all of them are, for the usage and "did you mean" messages.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] arguments) {
        String requested = null;
        for (String a : arguments) {
            if (!a.startsWith("-")) {
                requested = a;
                break;
            }
        }
        boolean known = requested != null && !requested.equals("help") && SUBCOMMANDS.containsKey(requested);
        CommandLine cl = new CommandLine(new Main());
        for (Map.Entry<String, Class<?>> e : SUBCOMMANDS.entrySet()) {
            if (!known || e.getKey().equals(requested)) {
                cl.addSubcommand(e.getKey(), e.getValue());
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        showDefaults(cl);
        cl.setParameterExceptionHandler((ex, args) -> {
            String cmd = ex.getCommandLine().getCommandName();
            String help = cmd.equals("soma") ? "soma --help" : "soma " + cmd + " --help";
            ex.getCommandLine().getErr().println("soma: error: " + oneLine(ex.getMessage()) + " (see '" + help + "')");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler(Main::handle);
        return cl;
    }

    private static void showDefaults(CommandLine cl) {
        cl.getCommandSpec().usageMessage().showDefaultValues(true);
        cl.getCommandSpec().usageMessage().width(100);
        for (CommandLine sub : cl.getSubcommands().values()) {
            showDefaults(sub);
        }
    }

    private static int handle(Exception ex, CommandLine cmd, ParseResult pr) {
        PrintWriter err = cmd.getErr();
        if (debugRequested(pr)) {
            ex.printStackTrace(err);
        }
        int code;
        String msg;
        if (isDivergence(ex)) {
            code = EXIT_DIVERGED;
            msg = ex.getMessage();
        } else if (ex instanceof SomaException || ex instanceof UsageException) {
            code = EXIT_USAGE;
            msg = ex.getMessage();
        } else if (ex instanceof NoSuchFileException) {
            code = EXIT_USAGE;
            msg = ex.getMessage() + ": no such file";
        } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
            code = EXIT_USAGE;
            Throwable io = ex instanceof UncheckedIOException ? ex.getCause() : ex;
            msg = io instanceof NoSuchFileException ? io.getMessage() + ": no such file" : String.valueOf(io);
        } else {
            code = EXIT_FAILED;
            msg = "internal error: " + ex + (debugRequested(pr) ? "" : " (run with --debug for the stack trace)");
        }
        err.println("soma: error: " + oneLine(msg));
        err.flush();
        return code;
    }

    private static boolean isDivergence(Throwable ex) {
        for (Class<?> c = ex.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getSimpleName().equals("DivergenceException")) {
                return true;
            }
        }
        return false;
    }

    private static boolean debugRequested(ParseResult pr) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    static String oneLine(String s) {
        return s == null ? "(no message)" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** "soma VERSION" with the JVM and the kernels. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"soma " + dev.soma.train.ModelInfo.SOMA_VERSION,
                    "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")};
        }
    }
}
