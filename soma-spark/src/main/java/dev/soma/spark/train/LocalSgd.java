package dev.soma.spark.train;

import dev.soma.nn.Module;
import dev.soma.optim.Optimizer;
import dev.soma.spark.data.Block;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Mode 2, local SGD (parameter averaging): one Spark job per {@code k} global batches. Each task starts from the
 * averaged weights (and optimizer state), takes one optimizer step on its share of each of the k batches, and returns
 * its weights and state; the driver averages them weighted by the examples each task used, in partition order. A
 * round never crosses an epoch's end, so checkpoints hold averaged weights. With k = 1 and plain SGD this is exactly
 * gradient averaging (the average of w − η·g_p is w − η·mean g_p).
 */
final class LocalSgd implements EpochRunner {
    private final TrainSpec spec;
    private final JavaRDD<Block> blocks;
    private final long n;
    private final Module model;
    private final Optimizer optimizer;
    private byte[] state;

    LocalSgd(TrainSpec spec, JavaRDD<Block> blocks, long n, Module model, Optimizer optimizer) {
        this.spec = spec;
        this.blocks = blocks;
        this.n = n;
        this.model = model;
        this.optimizer = optimizer;
    }

    @Override
    public EpochResult run(int epoch, double lr) {
        long t0 = System.nanoTime();
        int batches = EpochOrder.batches(n, spec.batchSize);
        double lossSum = 0;
        double compute = 0;
        double correct = 0;
        long seen = 0;
        int rounds = 0;
        for (int b0 = 0; b0 < batches; b0 += spec.k) {
            int b1 = Math.min(batches, b0 + spec.k);
            float[] w = FlatParams.get(model.parameters());
            TrainSpec s = spec;
            long total = n;
            byte[] st = spec.averageOptimizerState ? state : null;
            int from = b0;
            List<PartResult> parts = blocks.map(block -> task(s, total, w, st, lr, epoch, from, b1, block)).collect();
            compute += PartResult.slowest(parts);
            double[] weights = new double[parts.size()];
            long[] counts = new long[parts.size()];
            long examples = 0;
            List<float[]> values = new ArrayList<>();
            List<byte[]> states = new ArrayList<>();
            for (int p = 0; p < weights.length; p++) {
                PartResult r = parts.get(p);
                weights[p] = r.examples;
                counts[p] = r.examples;
                examples += r.examples;
                values.add(r.values);
                states.add(r.optimizerState);
                lossSum += r.lossSum;
                correct += r.correct;
            }
            FlatParams.set(model.parameters(), WeightedMean.of(values, counts, w.length));
            if (spec.averageOptimizerState) {
                state = OptimizerStates.average(states, weights);
            }
            seen += examples;
            rounds++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new EpochResult(epoch + 1, lossSum / Math.max(seen, 1),
                spec.classification ? correct / Math.max(seen, 1) : Double.NaN, seconds, seen, rounds, compute);
    }

    /** The task: k local steps from {@code w} (and {@code state}) on this partition's shares of batches [b0, b1). */
    static PartResult task(TrainSpec spec, long n, float[] w, byte[] state, double lr, int epoch, int b0, int b1,
                           Block block) {
        long t0 = System.nanoTime();
        Worker wk = Worker.of(spec, block);
        synchronized (wk) {
            FlatParams.set(wk.model.parameters(), w);
            if (spec.averageOptimizerState) {
                if (state != null) {
                    OptimizerStates.load(wk.optimizer, state);
                } else {
                    wk.resetOptimizer(); // a fresh start, also when a retried task finds a used worker
                }
            }
            wk.optimizer.setLr(lr);
            EpochOrder eo = wk.order(block, n, epoch);
            double[] stats = new double[2];
            long examples = 0;
            for (int b = b0; b < b1; b++) {
                int rows = wk.gradients(block, eo, b, Worker.rngSeed(spec.seed, epoch, b, block.partition()), stats);
                if (rows > 0) {
                    wk.step.apply();
                    examples += rows;
                }
            }
            byte[] out = spec.averageOptimizerState && examples > 0 ? OptimizerStates.toBytes(wk.optimizer) : null;
            return new PartResult(block.partition(), examples, stats[0], stats[1],
                    examples > 0 ? FlatParams.get(wk.model.parameters()) : null, out).timed(t0);
        }
    }

    @Override
    public byte[] optimizerState() {
        return state != null ? state : OptimizerStates.toBytes(optimizer);
    }

    @Override
    public void loadOptimizerState(byte[] s) {
        state = s;
    }
}
