package dev.soma.spark.train;

import dev.soma.kernel.Parallel;
import dev.soma.nn.Loss;
import dev.soma.nn.Module;
import dev.soma.optim.Optimizer;
import dev.soma.spark.data.Block;
import dev.soma.train.TrainingStep;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One partition's training state inside an executor JVM: the network, its {@link TrainingStep}, the batch buffers
 * and the current epoch's order. Tasks of the same run and partition that land on the same executor reuse it (building
 * a network and compiling its step per step would cost more than the step); everything that decides the numbers
 * (weights, optimizer state, epoch, batch) comes with each task, so a task rescheduled on another executor after a
 * failure computes the same result from a fresh worker.
 */
final class Worker {
    private static final int MAX_CACHED = 16;
    private static final Map<String, Worker> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Worker> e) {
            return size() > MAX_CACHED;
        }
    };

    final TrainSpec spec;
    final Module model;
    private final Loss loss;
    private final int capacity;
    Optimizer optimizer;
    TrainingStep step;
    final int outputs;
    private final float[] x;
    private final int[] labels;
    private final float[] targets;
    private int orderEpoch = -1;
    private EpochOrder order;

    private Worker(TrainSpec spec, Block block) {
        this.spec = spec;
        this.model = spec.newModel();
        this.outputs = spec.outputs(model);
        this.loss = spec.newLoss(model);
        this.capacity = Math.max(1, Math.min(spec.batchSize, block.rows()));
        resetOptimizer();
        this.x = new float[capacity * block.features()];
        this.labels = spec.classification ? new int[capacity] : null;
        this.targets = spec.classification ? null : new float[capacity * outputs];
    }

    /** A fresh optimizer (no step taken, no buffers) and the step that uses it. */
    void resetOptimizer() {
        optimizer = spec.newOptimizer(model);
        step = new TrainingStep(model, loss, optimizer, spec.trainConfig(), spec.inputShape, spec.classification,
                capacity, true);
    }

    /** The worker of (run, partition) in this JVM, created on first use. */
    static Worker of(TrainSpec spec, Block block) {
        if (Parallel.threads() != spec.threadsPerTask) {
            Parallel.setThreads(spec.threadsPerTask);
        }
        String key = spec.runId + "/" + block.partition();
        synchronized (CACHE) {
            Worker w = CACHE.get(key);
            if (w == null) {
                w = new Worker(spec, block);
                CACHE.put(key, w);
            }
            return w;
        }
    }

    /** This partition's share of the batches of {@code epoch} over {@code n} examples. */
    EpochOrder order(Block block, long n, int epoch) {
        if (orderEpoch != epoch) {
            order = EpochOrder.of(EpochOrder.globalOrder((int) n, spec.seed, epoch), spec.batchSize, block.start(),
                    block.rows());
            orderEpoch = epoch;
        }
        return order;
    }

    /**
     * Forward and backward over this partition's share of global batch {@code batch}; the gradients are then in the
     * parameters' {@code grad()}. Returns the number of rows (0: nothing computed) and adds the loss sum and the
     * number of correct predictions to {@code stats} [loss·rows, correct].
     */
    int gradients(Block block, EpochOrder eo, int batch, long rngSeed, double[] stats) {
        int rows = eo.rowsOf(batch);
        if (rows == 0) {
            return 0;
        }
        int from = eo.offsets[batch];
        int to = from + rows;
        block.inputs(eo.local, from, to, x);
        if (spec.classification) {
            block.labels(eo.local, from, to, labels);
        } else {
            block.targets(eo.local, from, to, targets);
        }
        model.seedRng(rngSeed);
        double loss = step.computeGradients(x, rows, labels, targets);
        if (!Double.isFinite(loss)) {
            throw new dev.soma.SomaException("distributed training diverged: loss " + loss + " on partition "
                    + block.partition() + ", batch " + (batch + 1) + " (lower the learning rate)");
        }
        stats[0] += loss * rows;
        if (spec.classification) {
            stats[1] += step.correct();
        }
        return rows;
    }

    /** A seed for the dropout generators of (epoch, batch, partition): the same wherever the task runs. */
    static long rngSeed(long seed, int epoch, int batch, int partition) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch;
        h = h * 0xBF58476D1CE4E5B9L + batch;
        return h * 0x94D049BB133111EBL + partition;
    }
}
