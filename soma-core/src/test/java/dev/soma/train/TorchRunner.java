package dev.soma.train;

import dev.soma.ChildProcess;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs Python scripts with Debian's /usr/bin/python3 for the live PyTorch comparisons. Torch that is absent (no
 * /usr/bin/python3, or no module named torch) makes those tests skip; torch that is installed but fails to import
 * or to run (a broken package, a missing library) fails them, naming the error, so a broken install is never
 * mistaken for an absent one. Every run is bounded in time.
 */
public final class TorchRunner {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration TIMEOUT = Duration.ofSeconds(300);
    /** Exit code of the probe when the module is not there at all. */
    private static final int ABSENT = 3;
    private static Boolean available;

    private TorchRunner() {
    }

    /**
     * True when /usr/bin/python3 imports torch; false when python3 or the torch module is absent; throws when torch is
     * present but broken.
     */
    public static synchronized boolean available() {
        if (available == null) {
            if (!new File(PYTHON).canExecute()) {
                available = false;
                return false;
            }
            String probe = String.join("\n",
                    "import sys, importlib.util",
                    "if importlib.util.find_spec('torch') is None:",
                    "    sys.exit(" + ABSENT + ")",
                    "import torch",
                    "print(torch.__version__)",
                    "");
            ChildProcess.Result r = ChildProcess.run(List.of(PYTHON, "-"), probe, env(), TIMEOUT);
            if (r.exitCode() == ABSENT) {
                available = false;
            } else if (r.exitCode() != 0) {
                throw new IllegalStateException(PYTHON + " has a torch module that does not import (a broken "
                        + "install, not an absent one):\n" + r.err());
            } else {
                available = true;
            }
        }
        return available;
    }

    /** Runs {@code script} (given on stdin) with extra arguments; returns stdout, fails on a non-zero exit. */
    public static String run(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-"));
        cmd.addAll(List.of(args));
        ChildProcess.Result r = ChildProcess.run(cmd, script, env(), TIMEOUT);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("python failed with exit code " + r.exitCode() + ":\n" + r.err());
        }
        return r.out();
    }

    /** Runs the script file {@code script} (not stdin) with arguments; returns the result whatever the exit code. */
    public static ChildProcess.Result runFile(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script));
        cmd.addAll(List.of(args));
        return ChildProcess.run(cmd, null, env(), TIMEOUT);
    }

    private static Map<String, String> env() {
        return Map.of("OMP_NUM_THREADS", "1");
    }
}
