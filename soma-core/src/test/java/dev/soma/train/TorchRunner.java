package dev.soma.train;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs Python scripts with Debian's /usr/bin/python3 for PyTorch parity tests (tests skip when torch is absent). */
public final class TorchRunner {
    private static final String PYTHON = "/usr/bin/python3";
    private static Boolean available;

    private TorchRunner() {
    }

    /** True when /usr/bin/python3 can import torch. */
    public static synchronized boolean available() {
        if (available == null) {
            try {
                available = new File(PYTHON).canExecute() && run("import torch\nprint('ok')").trim().equals("ok");
            } catch (RuntimeException e) {
                available = false;
            }
        }
        return available;
    }

    /** Runs {@code script} (given on stdin) with extra arguments; returns stdout, fails on a non-zero exit. */
    public static String run(String script, String... args) {
        try {
            String[] cmd = new String[args.length + 2];
            cmd[0] = PYTHON;
            cmd[1] = "-";
            System.arraycopy(args, 0, cmd, 2, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("python failed: " + err);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + PYTHON + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
