package dev.soma.spark.train;

import dev.soma.io.SafeTensors;
import dev.soma.optim.Optimizer;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optimizer state ({@code Optimizer.state()}: "lr", per-parameter "i.step" and buffers such as "i.exp_avg") as
 * safetensors bytes for the wire and for checkpoints, and its weighted average over workers.
 */
final class OptimizerStates {
    private OptimizerStates() {
    }

    static byte[] toBytes(Optimizer opt) {
        return SafeTensors.toBytes(opt.state(), Map.of());
    }

    static LinkedHashMap<String, Tensor> fromBytes(byte[] bytes) {
        return SafeTensors.fromBytes(bytes, "optimizer state").tensors();
    }

    static void load(Optimizer opt, byte[] bytes) {
        if (bytes != null) {
            opt.loadState(fromBytes(bytes));
        }
    }

    /**
     * The average of {@code states} weighted by {@code weights} (summed in list order): buffers and optimizer-wide
     * numbers are averaged, step counters take the largest (the bias corrections of Adam read them), "lr" is kept.
     */
    static byte[] average(List<byte[]> states, double[] weights) {
        List<LinkedHashMap<String, Tensor>> maps = new java.util.ArrayList<>(states.size());
        for (int s = 0; s < states.size(); s++) {
            maps.add(weights[s] > 0 ? fromBytes(states.get(s)) : null);
        }
        LinkedHashMap<String, Tensor> avg = averageMaps(maps, weights);
        return avg == null ? null : SafeTensors.toBytes(avg, Map.of());
    }

    /** {@link #average} on parsed states (null where the weight is 0); null when no weight is positive. */
    static LinkedHashMap<String, Tensor> averageMaps(List<LinkedHashMap<String, Tensor>> states, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        LinkedHashMap<String, Tensor> first = null;
        LinkedHashMap<String, double[]> sums = new LinkedHashMap<>();
        for (int s = 0; s < states.size(); s++) {
            if (weights[s] <= 0) {
                continue;
            }
            LinkedHashMap<String, Tensor> m = states.get(s);
            if (first == null) {
                first = m;
            }
            double share = weights[s] / total;
            for (Map.Entry<String, Tensor> e : m.entrySet()) {
                Tensor t = e.getValue();
                double[] acc = sums.computeIfAbsent(e.getKey(), k -> new double[t.numel()]);
                boolean step = e.getKey().endsWith(".step");
                if (!step && t.dtype() == DType.F32 && t.isContiguous() && t.offset() == 0) {
                    float[] v = t.floats(); // the buffers (exp_avg, …): a plain loop, no per-element calls
                    for (int i = 0; i < acc.length; i++) {
                        acc[i] += share * v[i];
                    }
                    continue;
                }
                for (int i = 0; i < acc.length; i++) {
                    double v = t.getFlat(i);
                    acc[i] = step ? Math.max(acc[i], v) : acc[i] + share * v;
                }
            }
        }
        if (first == null) {
            return null;
        }
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : first.entrySet()) {
            Tensor t = e.getValue().copy();
            if (!e.getKey().equals("lr")) {
                double[] acc = sums.get(e.getKey());
                if (t.dtype() == DType.F32 && t.isContiguous() && t.offset() == 0) {
                    float[] v = t.floats();
                    for (int i = 0; i < acc.length; i++) {
                        v[i] = (float) acc[i];
                    }
                } else {
                    for (int i = 0; i < acc.length; i++) {
                        t.setFlat(i, acc[i]);
                    }
                }
            }
            out.put(e.getKey(), t);
        }
        return out;
    }
}
