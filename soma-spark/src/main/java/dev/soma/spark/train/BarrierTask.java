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
        List<Tensor> params = wk.model.parameters();
        FlatParams.set(params, w);
        boolean gradients = spec.mode == Mode.GRADIENT;
        boolean shared = gradients || spec.averageOptimizerState;
        boolean states = !gradients && spec.averageOptimizerState;
        if (shared) {
            wk.resetOptimizer(); // also when a retried stage finds a used worker
            OptimizerStates.load(wk.optimizer, state);
        }
        wk.optimizer.setLr(lr);
        EpochOrder eo = wk.order(block, n, epoch);
        int batches = EpochOrder.batches(n, spec.batchSize);
        int k = gradients ? 1 : spec.k;
        int size = w.length;
        Buffers buf = new Buffers(links.partitions());
        double[] stats = new double[2];
        long examples = 0;
        long syncNanos = 0;
        boolean averaged = false;
        for (int b0 = 0; b0 < batches; b0 += k) {
            ctx.killTaskIfInterrupted(); // a killed task stops here; its peers then lose it and fail too
            long t0 = System.nanoTime();
            int b1 = Math.min(batches, b0 + k);
            long rows = gradients ? gradient(wk, block, eo, epoch, b0, stats) : localSteps(wk, block, eo, epoch, b0, b1, stats);
            examples += rows;
            int length = 0;
            byte[] extra = null;
            if (rows > 0) {
                if (states) {
                    LinkedHashMap<String, Tensor> st = wk.optimizer.state();
                    FlatState mine = buf.layout(FlatState.of(st).layout);
                    buf.vector(size + mine.size);
                    LinkedHashMap<String, Tensor> rest = mine.split(st, buf.vector, size);
                    extra = extra(mine, rest);
                    length = size + mine.size;
                } else {
                    buf.vector(size);
                    length = size;
                }
                if (gradients) {
                    FlatParams.copyGradsInto(params, buf.vector);
                } else {
                    FlatParams.copyInto(params, buf.vector);
                }
            }
            buf.out = Share.encode(rows, System.nanoTime() - t0, buf.vector, length, extra, buf.out);
            byte[][] got = links.allGather(buf.out);
            int first = -1;
            for (int p = 0; p < got.length; p++) {
                buf.shares[p].decode(got[p], p);
                buf.counts[p] = buf.shares[p].examples;
                buf.values.set(p, buf.shares[p].values);
                if (first < 0 && buf.counts[p] > 0) {
                    first = p;
                }
            }
            syncNanos += Share.slowest(buf.shares);
            FlatState layout = states && first >= 0 ? buf.layout(layoutOf(buf.shares[first].extra)) : null;
            int total = size + (layout == null ? 0 : layout.size);
            buf.mean(total);
            WeightedMean.into(buf.values, buf.counts, total, buf.acc, buf.mean);
            if (gradients) {
                FlatParams.setGrads(params, buf.mean);
                wk.step.apply();
            } else {
                FlatParams.setPrefix(params, buf.mean);
                if (states) {
                    if (layout != null) {
                        wk.optimizer.loadState(layout.join(buf.mean, size, averageRest(buf)));
                        averaged = true;
                    } else {
                        wk.resetOptimizer();
                    }
                    wk.optimizer.setLr(lr);
                }
            }
        }
        boolean firstPartition = ctx.partitionId() == 0;
        byte[] outState = !firstPartition || !shared ? null
                : gradients || averaged ? OptimizerStates.toBytes(wk.optimizer) : state;
        PartResult r = new PartResult(block.partition(), examples, stats[0], stats[1],
                firstPartition ? FlatParams.get(params) : null, outState);
        r.computeNanos = syncNanos;
        return r;
    }

    /** A task's arrays for the epoch, reused by every synchronization. */
    private static final class Buffers {
        final Share[] shares;
        final long[] counts;
        final List<float[]> values;
        float[] vector = new float[0];
        float[] mean = new float[0];
        double[] acc = new double[0];
        byte[] out;
        private FlatState layout;

        Buffers(int partitions) {
            shares = new Share[partitions];
            for (int p = 0; p < partitions; p++) {
                shares[p] = new Share();
            }
            counts = new long[partitions];
            values = new ArrayList<>(java.util.Collections.nCopies(partitions, (float[]) null));
        }

        void vector(int n) {
            if (vector.length != n) {
                vector = new float[n];
            }
        }

        void mean(int n) {
            if (mean.length != n) {
                mean = new float[n];
                acc = new double[n];
            }
        }

        /** The layout of this text, parsed once while it stays the same. */
        FlatState layout(String text) {
            if (layout == null || !layout.layout.equals(text)) {
                layout = FlatState.parse(text);
            }
            return layout;
        }
    }

    /** Mode 2's extra bytes: the state's layout (length-prefixed text) and its small entries as safetensors. */
    private static byte[] extra(FlatState layout, LinkedHashMap<String, Tensor> rest) {
        byte[] text = layout.layoutBytes();
        byte[] small = SafeTensors.toBytes(rest, java.util.Map.of());
        return java.nio.ByteBuffer.allocate(4 + text.length + small.length).putInt(text.length).put(text).put(small)
                .array();
    }

    private static String layoutOf(byte[] extra) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(extra);
        int n = b.getInt();
        return new String(extra, 4, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The small entries of the shares with examples, averaged as {@link OptimizerStates#averageMaps} does. */
    private static LinkedHashMap<String, Tensor> averageRest(Buffers buf) {
        List<LinkedHashMap<String, Tensor>> rests = new ArrayList<>(buf.shares.length);
        double[] weights = new double[buf.shares.length];
        for (int p = 0; p < weights.length; p++) {
            weights[p] = buf.counts[p];
            if (buf.counts[p] > 0) {
                byte[] e = buf.shares[p].extra;
                int skip = 4 + java.nio.ByteBuffer.wrap(e).getInt();
                rests.add(SafeTensors.fromBytes(java.util.Arrays.copyOfRange(e, skip, e.length), "optimizer state")
                        .tensors());
            } else {
                rests.add(null);
            }
        }
        return OptimizerStates.averageMaps(rests, weights);
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

}
