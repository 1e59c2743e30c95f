package dev.soma.onnx;

import dev.soma.nn.Module;
import dev.soma.nn.norm.BatchNorm1d;
import dev.soma.nn.norm.BatchNorm2d;
import dev.soma.nn.norm.LayerNorm;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX BatchNormalization (inference form, with running statistics) as BatchNorm1d/BatchNorm2d by the example's rank,
 * and LayerNormalization as LayerNorm over the trailing axes from {@code axis}.
 */
final class NormOps {
    private NormOps() {
    }

    static Module batchNorm(Importer im, OnnxNode n, int[] shape) {
        if (OpTable.attr(n, "training_mode", 0) != 0 || n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
            throw im.error(n, "training mode (batch statistics); Soma imports inference graphs");
        }
        OnnxTensor scale = im.constantInput(n, 1, "scale");
        OnnxTensor bias = im.constantInput(n, 2, "bias");
        OnnxTensor mean = im.constantInput(n, 3, "running mean");
        OnnxTensor var = im.constantInput(n, 4, "running variance");
        int c = (int) scale.numel();
        for (OnnxTensor t : List.of(bias, mean, var)) {
            if (t.numel() != c) {
                throw im.error(n, "'" + t.name() + "' has " + t.numel() + " values, the scale " + c);
            }
        }
        double eps = OpTable.attr(n, "epsilon", 1e-5);
        // ONNX's momentum weighs the running value (0.9 as a float); Soma's the new one: 1 − m to 6 digits (0.1)
        double momentum = new java.math.BigDecimal(1 - OpTable.attr(n, "momentum", 0.9))
                .round(new java.math.MathContext(6)).doubleValue();
        eps = Double.parseDouble(Float.toString((float) eps));
        Module bn;
        if (shape.length == 1 || shape.length == 2) {
            bn = new BatchNorm1d(c, eps, momentum, true, true);
        } else if (shape.length == 3) {
            bn = new BatchNorm2d(c, eps, momentum, true, true);
        } else {
            throw im.error(n, "batch normalization of examples " + Shapes.str(shape) + "; Soma has 1-d and 2-d");
        }
        Map<String, Tensor> s = new LinkedHashMap<>(bn.stateDict());
        s.put("weight", Tensor.of(scale.asFloats(), c));
        s.put("bias", Tensor.of(bias.asFloats(), c));
        s.put("running_mean", Tensor.of(mean.asFloats(), c));
        s.put("running_var", Tensor.of(var.asFloats(), c));
        bn.loadStateDict(s);
        return bn;
    }

    static Module layerNorm(Importer im, OnnxNode n, int[] shape) {
        long axis = (long) OpTable.attr(n, "axis", -1);
        int rank = shape.length + 1;
        long from = axis < 0 ? axis + rank : axis;
        if (from < 1 || from >= rank) {
            throw im.error(n, "normalization from axis " + axis + " of inputs of rank " + rank + "; Soma's LayerNorm "
                    + "normalizes trailing axes after the batch");
        }
        int[] normalized = Arrays.copyOfRange(shape, (int) from - 1, shape.length);
        OnnxTensor scale = im.constantInput(n, 1, "scale");
        OnnxTensor bias = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty() ? im.constantInput(n, 2, "bias") : null;
        int d = Shapes.numel(normalized);
        if (scale.numel() != d || bias != null && bias.numel() != d) {
            throw im.error(n, "scale/bias of " + scale.numel() + (bias == null ? "" : "/" + bias.numel())
                    + " values for a normalized shape " + Shapes.str(normalized));
        }
        if (n.outputs().size() > 1 && n.outputs().stream().skip(1).anyMatch(o -> !o.isEmpty())) {
            throw im.error(n, "its mean and inverse standard deviation outputs are used; Soma's LayerNorm has one");
        }
        double eps = Double.parseDouble(Float.toString((float) OpTable.attr(n, "epsilon", 1e-5)));
        LayerNorm ln = new LayerNorm(normalized, eps, true);
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("weight", Tensor.of(scale.asFloats(), normalized));
        s.put("bias", bias == null ? Tensor.zeros(normalized) : Tensor.of(bias.asFloats(), normalized));
        ln.loadStateDict(s);
        return ln;
    }
}
