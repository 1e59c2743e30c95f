package dev.soma;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process for a test, bounded in time: standard output and standard error are read on threads of
 * their own while the caller waits with a timeout, so a child that hangs (or fills a pipe) is killed and reported
 * with what it printed, instead of blocking the build.
 */
public final class ChildProcess {
    /** What the child did. */
    public record Result(int exitCode, String out, String err) {
        /** Both streams, for failure messages. */
        public String both() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private ChildProcess() {
    }

    /** The java command of this JVM with its class path, then {@code args}. */
    public static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code command} with {@code stdin} (null: none) and extra environment; fails after {@code timeout}. */
    public static Result run(List<String> command, String stdin, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = drain(p.getInputStream(), out, "stdout of " + command.get(0));
        Thread e = drain(p.getErrorStream(), err, "stderr of " + command.get(0));
        Thread in = new Thread(() -> {
            try (OutputStream s = p.getOutputStream()) {
                if (stdin != null) {
                    s.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the child closed its input early: its exit code and output tell what happened
            }
        }, "stdin of " + command.get(0));
        in.setDaemon(true);
        in.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                o.join(2000);
                e.join(2000);
                throw new AssertionError(command.get(0) + " did not finish in " + timeout.toSeconds() + " s and was "
                        + "killed; it printed:\n" + text(out) + "\n--- stderr\n" + text(err));
            }
            o.join(10_000);
            e.join(10_000);
        } catch (InterruptedException ex) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + command.get(0), ex);
        }
        return new Result(p.exitValue(), text(out), text(err));
    }

    private static Thread drain(InputStream s, ByteArrayOutputStream to, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = s) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the stream closes when the child is killed
            }
        }, name);
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
