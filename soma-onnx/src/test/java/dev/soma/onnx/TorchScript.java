package dev.soma.onnx;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python scripts with Debian's /usr/bin/python3 for the live PyTorch comparisons, bounded in time (the pattern
 * of soma-core's test helpers TorchRunner and ChildProcess: output drained on threads of their own, the child killed
 * after the timeout). Torch that is absent makes the tests skip; torch that is present but broken fails them.
 */
final class TorchScript {
    static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_S = 300;
    private static final int ABSENT = 3;
    private static Boolean available;

    private TorchScript() {
    }

    /** Why torch cannot be used, or null when /usr/bin/python3 imports it. */
    static synchronized String absence() {
        if (available == null) {
            if (!new File(PYTHON).canExecute()) {
                available = false;
            } else {
                String[] r = run(List.of(PYTHON, "-c", "import sys, importlib.util\n"
                        + "if importlib.util.find_spec('torch') is None: sys.exit(" + ABSENT + ")\nimport torch"));
                if (r[0].equals(Integer.toString(ABSENT))) {
                    available = false;
                } else if (!r[0].equals("0")) {
                    throw new IllegalStateException(PYTHON + " has a torch module that does not import:\n" + r[2]);
                } else {
                    available = true;
                }
            }
        }
        return available ? null : "no torch: " + PYTHON + " is missing or has no torch module (Debian: apt-get "
                + "install python3-torch)";
    }

    /** Runs the script file with arguments; fails naming its output when it exits non-zero. */
    static String runScript(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script));
        cmd.addAll(List.of(args));
        String[] r = run(cmd);
        if (!r[0].equals("0")) {
            throw new AssertionError(script + " exited with " + r[0] + ":\n" + r[1] + r[2]);
        }
        return r[1];
    }

    /** {exit code, stdout, stderr}. */
    private static String[] run(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("OMP_NUM_THREADS", "1");
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread o = drain(p.getInputStream(), out);
            Thread e = drain(p.getErrorStream(), err);
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(cmd + " did not finish in " + TIMEOUT_S + " s and was killed");
            }
            o.join(10_000);
            e.join(10_000);
            return new String[] {Integer.toString(p.exitValue()), text(out), text(err)};
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Thread drain(InputStream s, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[8192];
            try (InputStream in = s) {
                for (int n; (n = in.read(b)) >= 0; ) {
                    synchronized (to) {
                        to.write(b, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // closed when the child is killed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String text(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toString(StandardCharsets.UTF_8);
        }
    }
}
