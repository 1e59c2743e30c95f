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
 * counter after a warm-up. Allocation counts are deterministic enough to assert (unlike time); the bound leaves
 * room only for a few stray objects per step (the graph path allocates about a megabyte per step on this model).
 */
class PlanAllocationTest {

    @Test
    void steadyStateStepAllocatesNothing() {
        long perStep = bytesPerStep("linear:16:12,relu,linear:12:8,tanh,linear:8:4", 0);
        assertTrue(perStep == 0, "the compiled step allocated " + perStep + " bytes per step in steady state");
    }

    @Test
    void dropoutAllocatesOnlyItsSeededGenerator() {
        // one java.util.SplittableRandom per mask (seeded from the layer's seed and call number, as the graph path)
        long perStep = bytesPerStep("linear:16:12,relu,dropout:0.2,linear:12:8,tanh,linear:8:4", 64);
        assertTrue(perStep <= 64, "the compiled step allocated " + perStep + " bytes per step in steady state");
    }

    /**
     * Bytes the training thread allocates per step (forward, loss, backward, divergence backup, Adam update,
     * accuracy) in steady state: the smallest average over windows of 300 rounds of 3 steps after a warm-up (up to
     * 400 windows or 30 s, stopping once at most {@code enough}), so that windows still running interpreted or C1
     * Vector-API code, which allocates, do not count.
     */
    private static long bytesPerStep(String spec, long enough) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "needs the HotSpot per-thread allocation counter");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(bean.isThreadAllocatedMemorySupported(), "per-thread allocation counter not supported");
        bean.setThreadAllocatedMemoryEnabled(true);

        int n = 24;
        int batch = 8;
        ArrayDataset data = PlanEquivalenceTest.blobs(n, 16, 4, 4);
        Sequential model = Sequential.fromSpec(spec, null, 3);
        model.seedDropout(9);
        TrainConfig cfg = new TrainConfig().batchSize(batch);
        MlpPlan plan = MlpPlan.compile(model, Losses.parse("cross_entropy"), cfg, data, batch);
        Optimizer adam = Optimizers.create("adam", model.parameters(), new TrainConfig().optimizerConfig());
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
                double loss = plan.forward(buf, rows, data, order, from);
                if (!Double.isFinite(loss)) {
                    throw new AssertionError("loss " + loss);
                }
                backup.save();
                plan.backward();
                adam.step();
                plan.correct();
            }
        };
        for (int i = 0; i < 1000; i++) {
            step.run();
        }
        long tid = Thread.currentThread().getId();
        int rounds = 300;
        long best = Long.MAX_VALUE;
        long deadline = System.nanoTime() + 30_000_000_000L; // the JIT may need seconds on a busy machine
        for (int w = 0; w < 400 && best > enough && System.nanoTime() < deadline; w++) {
            long before = bean.getThreadAllocatedBytes(tid);
            for (int i = 0; i < rounds; i++) {
                step.run();
            }
            best = Math.min(best, (bean.getThreadAllocatedBytes(tid) - before) / (rounds * 3L));
        }
        return best;
    }
}
