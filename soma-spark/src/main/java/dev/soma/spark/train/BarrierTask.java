package dev.soma.spark.train;

import dev.soma.io.SafeTensors;
import dev.soma.spark.data.Block;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.BarrierTaskContext;

/**
 * One barrier task's epoch: it starts from the weights and optimizer state the driver sent, runs every step of the
 * epoch on its partition, and at each synchronization exchanges its contribution with the other tasks over direct
 * connections ({@link PeerLinks}) and computes the same {@link WeightedMean} in partition order as every other task,
 * so all tasks hold bit-identical weights (and, with averaged or shared state, optimizer state) afterwards. Mode 1
 * exchanges gradients every step and each task applies the mean with its own copy of the optimizer; mode 2 exchanges
 * parameters (and optimizer state) every k steps. Partition 0 returns the final weights and state.
 */
final class BarrierTask {
    private BarrierTask() {
    }

    /**
     * Args: w: the weights at the epoch's start; state: the optimizer state then (null: a fresh optimizer).
     * Returns this partition's examples, loss sum and correct predictions; partition 0 adds the final weights and
     * optimizer state; {@code computeNanos} is the sum over synchronizations of the slowest task's compute time.
     */
    static PartResult run(TrainSpec spec, long n, float[] w, byte[] state, double lr, int epoch, Block block,
                          String rendezvous, int attempt) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        Worker wk = Worker.of(spec, block);
        String key = spec.runId + "/" + epoch + "/" + attempt + "/" + ctx.stageAttemptNumber();
        String host = org.apache.spark.SparkEnv.get().blockManager().blockManagerId().host();
        synchronized (wk) {
            try (PeerLinks links = PeerLinks.open(rendezvous, key, ctx.partitionId(), ctx.getTaskInfos().length, host,
                    ctx::isInterrupted)) {
                return epoch(spec, n, w, state, lr, epoch, block, ctx, wk, links);
            }
        }
    }

    private static PartResult epoch(TrainSpec spec, long n, float[] w, byte[] state, double lr, int epoch, Block block,
                                    BarrierTaskContext ctx, Worker wk, PeerLinks links) {
        FlatParams.set(wk.model.parameters(), w);
        boolean shared = spec.mode == Mode.GRADIENT || spec.averageOptimizerState;
        if (shared) {
            wk.resetOptimizer(); // also when a retried stage finds a used worker
            OptimizerStates.load(wk.optimizer, state);
        }
        wk.optimizer.setLr(lr);
        EpochOrder eo = wk.order(block, n, epoch);
        int batches = EpochOrder.batches(n, spec.batchSize);
        int k = spec.mode == Mode.GRADIENT ? 1 : spec.k;
        double[] stats = new double[2];
        long examples = 0;
        long syncNanos = 0;
        LinkedHashMap<String, Tensor> last = null;
        for (int b0 = 0; b0 < batches; b0 += k) {
            ctx.killTaskIfInterrupted(); // a killed task stops here; its peers then lose it and fail too
            long t0 = System.nanoTime();
            int b1 = Math.min(batches, b0 + k);
            long rows = spec.mode == Mode.GRADIENT ? gradient(wk, block, eo, epoch, b0, stats)
                    : localSteps(wk, block, eo, epoch, b0, b1, stats);
            examples += rows;
            boolean gradients = spec.mode == Mode.GRADIENT;
            float[] vector = rows == 0 ? null
                    : gradients ? FlatParams.getGrads(wk.model.parameters()) : FlatParams.get(wk.model.parameters());
            byte[] st = rows > 0 && !gradients && spec.averageOptimizerState ? OptimizerStates.toBytes(wk.optimizer)
                    : null;
            List<byte[]> got = links.allGather(new Share(rows, System.nanoTime() - t0, vector, st).toBytes());
            List<Share> all = new ArrayList<>(got.size());
            for (int p = 0; p < got.size(); p++) {
                all.add(Share.fromBytes(got.get(p), p));
            }
            syncNanos += Share.slowest(all);
            long[] counts = new long[all.size()];
            List<float[]> values = new ArrayList<>(all.size());
            for (int p = 0; p < counts.length; p++) {
                counts[p] = all.get(p).examples();
                values.add(all.get(p).values());
            }
            float[] mean = WeightedMean.of(values, counts, w.length);
            if (spec.mode == Mode.GRADIENT) {
                FlatParams.setGrads(wk.model.parameters(), mean);
                wk.step.apply();
            } else {
                FlatParams.set(wk.model.parameters(), mean);
                if (spec.averageOptimizerState) {
                    last = averageStates(all);
                    if (last != null) {
                        wk.optimizer.loadState(last);
                    } else {
                        wk.resetOptimizer();
                    }
                    wk.optimizer.setLr(lr);
                }
            }
        }
        boolean first = ctx.partitionId() == 0;
        byte[] outState = !first || !shared ? null
                : spec.mode == Mode.GRADIENT ? OptimizerStates.toBytes(wk.optimizer)
                : last != null ? SafeTensors.toBytes(last, java.util.Map.of()) : state;
        PartResult r = new PartResult(block.partition(), examples, stats[0], stats[1],
                first ? FlatParams.get(wk.model.parameters()) : null, outState);
        r.computeNanos = syncNanos;
        return r;
    }

    private static long gradient(Worker wk, Block block, EpochOrder eo, int epoch, int b, double[] stats) {
        return wk.gradients(block, eo, b, Worker.rngSeed(wk.spec.seed, epoch, b, block.partition()), stats);
    }

    private static long localSteps(Worker wk, Block block, EpochOrder eo, int epoch, int b0, int b1, double[] stats) {
        long examples = 0;
        for (int b = b0; b < b1; b++) {
            int rows = wk.gradients(block, eo, b, Worker.rngSeed(wk.spec.seed, epoch, b, block.partition()), stats);
            if (rows > 0) {
                wk.step.apply();
                examples += rows;
            }
        }
        return examples;
    }

    /** The shares' optimizer states averaged as {@link OptimizerStates#average} does (no bytes in between). */
    private static LinkedHashMap<String, Tensor> averageStates(List<Share> all) {
        List<LinkedHashMap<String, Tensor>> states = new ArrayList<>(all.size());
        double[] weights = new double[all.size()];
        for (int p = 0; p < weights.length; p++) {
            weights[p] = all.get(p).examples();
            states.add(weights[p] > 0 ? OptimizerStates.fromBytes(all.get(p).state()) : null);
        }
        return OptimizerStates.averageMaps(states, weights);
    }
}
