package dev.soma.spark.train;

import dev.soma.nn.Module;
import dev.soma.optim.Optimizer;
import dev.soma.spark.data.Block;
import dev.soma.train.TrainingStep;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Mode 1, synchronous gradient averaging: one Spark job per global batch. Each task loads the current weights into
 * its partition's worker, computes the mean gradient of its share of the batch and returns it; the driver sums the
 * shares weighted by their rows, in partition order (so the sum, and the whole run, is bit-for-bit reproducible),
 * and applies one optimizer step through the same {@link TrainingStep#apply} single-process training uses.
 */
final class GradientAveraging implements EpochRunner {
    private final TrainSpec spec;
    private final JavaRDD<Block> blocks;
    private final long n;
    private final Module model;
    private final Optimizer optimizer;
    private final TrainingStep step;

    GradientAveraging(TrainSpec spec, JavaRDD<Block> blocks, long n, Module model, Optimizer optimizer) {
        this.spec = spec;
        this.blocks = blocks;
        this.n = n;
        this.model = model;
        this.optimizer = optimizer;
        this.step = new TrainingStep(model, spec.newLoss(model), optimizer, spec.trainConfig(), spec.inputShape,
                spec.classification, 1, false);
    }

    @Override
    public EpochResult run(int epoch, double lr) {
        long t0 = System.nanoTime();
        optimizer.setLr(lr);
        int batches = EpochOrder.batches(n, spec.batchSize);
        double lossSum = 0;
        double compute = 0;
        double correct = 0;
        long seen = 0;
        int size = FlatParams.size(model.parameters());
        for (int b = 0; b < batches; b++) {
            float[] w = FlatParams.get(model.parameters());
            List<PartResult> parts = collect(w, epoch, b);
            compute += PartResult.slowest(parts);
            long rows = 0;
            long[] examples = new long[parts.size()];
            List<float[]> values = new java.util.ArrayList<>();
            for (int p = 0; p < examples.length; p++) {
                PartResult r = parts.get(p);
                examples[p] = r.examples;
                values.add(r.values);
                rows += r.examples;
                lossSum += r.lossSum;
                correct += r.correct;
            }
            float[] grad = WeightedMean.of(values, examples, size);
            FlatParams.setGrads(model.parameters(), grad);
            step.apply();
            seen += rows;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new EpochResult(epoch + 1, lossSum / Math.max(seen, 1),
                spec.classification ? correct / Math.max(seen, 1) : Double.NaN, seconds, seen, batches, compute);
    }

    private List<PartResult> collect(float[] w, int epoch, int batch) {
        TrainSpec s = spec;
        long total = n;
        return blocks.map(block -> task(s, total, w, epoch, batch, block)).collect();
    }

    /** The task: this partition's mean gradient of its share of {@code batch}. */
    static PartResult task(TrainSpec spec, long n, float[] w, int epoch, int batch, Block block) {
        long t0 = System.nanoTime();
        Worker wk = Worker.of(spec, block);
        synchronized (wk) {
            FlatParams.set(wk.model.parameters(), w);
            EpochOrder eo = wk.order(block, n, epoch);
            double[] stats = new double[2];
            int rows = wk.gradients(block, eo, batch, Worker.rngSeed(spec.seed, epoch, batch, block.partition()), stats);
            if (rows == 0) {
                return new PartResult(block.partition(), 0, 0, 0, null, null).timed(t0);
            }
            double[] g = new double[w.length];
            FlatParams.addGrads(wk.model.parameters(), 1.0, g);
            float[] out = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                out[i] = (float) g[i];
            }
            return new PartResult(block.partition(), rows, stats[0], stats[1], out, null).timed(t0);
        }
    }

    @Override
    public byte[] optimizerState() {
        return OptimizerStates.toBytes(optimizer);
    }

    @Override
    public void loadOptimizerState(byte[] state) {
        OptimizerStates.load(optimizer, state);
    }
}
