package dev.soma.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a process that keeps rewriting a safetensors file through {@link AtomicFile}, at random moments,
 * and checks that the file left behind is always one complete generation: checksum valid, every value equal to the
 * generation its metadata names.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void aKilledWriterLeavesACompleteFile() throws Exception {
        Path file = dir.resolve("ckpt.safetensors");
        SplittableRandom rng = new SplittableRandom(11);
        int lastGeneration = -1;
        for (int round = 0; round < 4; round++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp",
                    System.getProperty("java.class.path"), AtomicWriterProbe.class.getName(), file.toString()).redirectErrorStream(true).start();
            try {
                // the child's first line, read on another thread, so that a child that never starts fails in time
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    String l;
                    do {
                        l = out.readLine();
                    } while (l != null && !l.equals("started"));
                    return l;
                }, "the writer did not start within 60 s");
                assertEquals("started", line, "writer did not start");
                Thread.sleep(20 + rng.nextInt(200));
            } finally {
                p.destroyForcibly();
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            SafeTensors.Contents c = SafeTensors.read(file); // throws on a torn file (checksum, sizes)
            int generation = Integer.parseInt(c.metadata().get("generation"));
            float[] w = c.tensors().get("w").floats();
            assertEquals(1 << 18, w.length);
            for (float v : w) {
                assertEquals((float) generation, v);
            }
            lastGeneration = generation;
            System.err.println("round " + round + ": killed after generation " + generation);
        }
        assertTrue(lastGeneration >= 0);
    }
}
