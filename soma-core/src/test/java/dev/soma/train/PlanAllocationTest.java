package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soma.data.ArrayDataset;
import dev.soma.nn.Losses;
import dev.soma.nn.Sequential;
import dev.soma.optim.Optimizer;
import dev.soma.optim.Optimizers;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The compiled training step allocates nothing in steady state: bytes allocated by the training thread over many
 * steps (forward, loss, backward, divergence backup, Adam update), measured with the JVM's per-thread allocation
 * counter after a warm-up. Each measurement runs in a fresh JVM: what C2 inlines (and so whether escape analysis
 * removes a temporary) depends on the type profiles the other tests of a shared JVM leave behind, which made the
 * in-suite count vary; a fresh JVM running only the step is what a training run is.
 */
class PlanAllocationTest {

    @Test
    void steadyStateStepAllocatesNothing() throws Exception {
        long perStep = inFreshJvm("linear:16:12,relu,linear:12:8,tanh,linear:8:4", 0);
        assertTrue(perStep == 0, "the compiled step allocated " + perStep + " bytes per step in steady state");
    }

    @Test
    void dropoutAllocatesOnlyItsSeededGenerator() throws Exception {
        // one java.util.SplittableRandom per mask (seeded from the layer's seed and call number, as the graph path)
        long perStep = inFreshJvm("linear:16:12,relu,dropout:0.2,linear:12:8,tanh,linear:8:4", 64);
        assertTrue(perStep <= 64, "the compiled step allocated " + perStep + " bytes per step in steady state");
    }

    /** Runs {@link #main} in a child JVM with this JVM's class path and options, and returns what it printed. */
    private static long inFreshJvm(String spec, long enough) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules") || a.startsWith("-D") || a.startsWith("-Xss")).toList());
        cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), PlanAllocationTest.class.getName(),
                spec, Long.toString(enough)));
        dev.soma.ChildProcess.Result r = dev.soma.ChildProcess.run(cmd, null, java.util.Map.of(),
                java.time.Duration.ofSeconds(180));
        if (r.exitCode() != 0) {
            throw new AssertionError("the probe JVM failed: " + r.both());
        }
        String[] lines = r.out().trim().split("\\R");
        String last = lines[lines.length - 1].trim();
        assumeTrue(!last.startsWith(SKIP), last.substring(Math.min(last.length(), SKIP.length())).trim());
        return Long.parseLong(last);
    }

    /** Entry point of the probe JVM: prints the bytes per step of the spec (args[0]), stopping at args[1]. */
    public static void main(String[] args) {
        String missing = missingCounter();
        System.out.println(missing != null ? SKIP + " " + missing : bytesPerStep(args[0], Long.parseLong(args[1])));
    }

    /** What the probe prints instead of a count on a JVM without the allocation counter. */
    private static final String SKIP = "skip:";

    /** Why this JVM cannot count allocated bytes per thread, or null when it can. */
    static String missingCounter() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean)) {
            return "needs the HotSpot per-thread allocation counter (com.sun.management.ThreadMXBean)";
        }
        if (!((com.sun.management.ThreadMXBean) mx).isThreadAllocatedMemorySupported()) {
            return "this JVM does not support the per-thread allocation counter";
        }
        return null;
    }

    /**
     * Bytes the training thread allocates per step (forward, loss, backward, divergence backup, Adam update, accuracy)
     * in steady state: the smallest average over windows of 300 rounds of 3 steps (stopping once at most
     * {@code enough}, after at least 20 windows or 60 s), after a warm-up, so
     * that a window still running interpreted (Vector API) code before the JIT is done does not count.
     */
    private static long bytesPerStep(String spec, long enough) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        bean.setThreadAllocatedMemoryEnabled(true);

        int n = 24;
        int batch = 8;
        ArrayDataset data = PlanEquivalenceTest.blobs(n, 16, 4, 4);
        Sequential model = Sequential.fromSpec(spec, null, 3);
        model.seedRng(9);
        TrainConfig cfg = new TrainConfig().batchSize(batch);
        Optimizer adam = Optimizers.create("adam", model.parameters(), new TrainConfig().optimizerConfig());
        TrainingStep plan = new TrainingStep(model, Losses.parse("cross_entropy"), adam, cfg, new int[] {16}, true,
                batch, true);
        assertTrue(plan.compiled(), spec + " should run compiled");
        int[] labels = new int[batch];
        WeightBackup backup = new WeightBackup(model.parameters());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] x = new float[batch * 16];
        float[] partial = new float[(batch - 3) * 16];
        Runnable step = () -> {
            for (int from = 0; from < n; from += batch) {
                int rows = Math.min(batch, n - from) - (from == 16 ? 3 : 0); // one short batch per round
                float[] buf = rows == batch ? x : partial;
                data.inputs(order, from, from + rows, buf);
                for (int i = 0; i < rows; i++) {
                    labels[i] = data.label(order[from + i]);
                }
                double loss = plan.forward(buf, rows, labels, null);
                if (!Double.isFinite(loss)) {
                    throw new AssertionError("loss " + loss);
                }
                plan.backward();
                plan.apply(backup);  // as Trainer: Adam writes the divergence backup in its update
                plan.correct();
            }
        };
        for (int i = 0; i < 1000; i++) {
            step.run();
        }
        long tid = Thread.currentThread().getId();
        int rounds = 300;
        long best = Long.MAX_VALUE;
        // Windows until the count settles at the bound or 60 s have passed: Vector API code allocates until C2 has
        // compiled it, and on a busy machine the compile queue can take many seconds. (Time bounds the search only;
        // the assertion is on bytes.)
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int w = 0; best > enough && (w < 20 || System.nanoTime() < deadline); w++) {
            long before = bean.getThreadAllocatedBytes(tid);
            for (int i = 0; i < rounds; i++) {
                step.run();
            }
            best = Math.min(best, (bean.getThreadAllocatedBytes(tid) - before) / (rounds * 3L));
        }
        return best;
    }
}
