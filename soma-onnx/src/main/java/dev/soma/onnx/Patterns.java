package dev.soma.onnx;

import dev.soma.data.Standardizer;
import dev.soma.kernel.Activation;
import dev.soma.nn.ActivationLayer;
import dev.soma.nn.Embedding;
import dev.soma.nn.Module;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Groups of nodes that are one Soma layer: the compositions ONNX exporters write for functions without an
 * operator of their own (SiLU as x·sigmoid(x); GELU as x·(1 + erf(x/√2))·0.5, torch.onnx.export's form and
 * Soma's before opset 20; SQNL as Soma writes it), Embedding as Cast to integers then Gather of a table's rows, and
 * the input standardization (x − mean) / std.
 */
final class Patterns {
    /** A match: the layer (null: none), the value it outputs, the nodes it takes. */
    record Match(Module module, String output, List<OnnxNode> nodes) {
    }

    private Patterns() {
    }

    static Match match(Importer im, String v, List<OnnxNode> cs, int[] shape) {
        Match m = silu(im, v, cs);
        if (m == null) {
            m = gelu(im, v, cs);
        }
        if (m == null) {
            m = sqnl(im, v, cs);
        }
        if (m == null) {
            m = paddedAverage(im, cs, shape);
        }
        if (m == null) {
            m = embedding(im, cs);
        }
        return m;
    }

    /** {standardizer, output} for Sub(x, mean) → Div(·, std) with one constant per input feature, else null. */
    static Object[] standardization(Importer im, String v, int[] shape) {
        List<OnnxNode> cs = im.consumers(v);
        if (cs.size() != 1 || !is(cs.get(0), "Sub", 2) || !cs.get(0).inputs().get(0).equals(v)) {
            return null;
        }
        OnnxNode sub = cs.get(0);
        OnnxNode div = only(im, sub, "Div");
        int features = Shapes.numel(shape);
        OnnxTensor mean = im.constant(sub.inputs().get(1));
        if (div == null || !div.inputs().get(0).equals(OpTable.out(sub)) || mean == null || mean.numel() != features) {
            return null;
        }
        OnnxTensor std = im.constant(div.inputs().get(1));
        if (std == null || std.numel() != features) {
            return null;
        }
        markUsed(im, sub, div);
        return new Object[] {Standardizer.of(mean.asFloats().clone(), std.asFloats().clone()), OpTable.out(div)};
    }

    private static void markUsed(Importer im, OnnxNode... nodes) {
        im.take(List.of(nodes));
    }

    private static Match silu(Importer im, String v, List<OnnxNode> cs) {
        if (cs.size() != 2) {
            return null;
        }
        OnnxNode sig = cs.get(0).opType().equals("Sigmoid") ? cs.get(0) : cs.get(1);
        OnnxNode mul = sig == cs.get(0) ? cs.get(1) : cs.get(0);
        if (!is(sig, "Sigmoid", 1) || !is(mul, "Mul", 2) || !operands(mul, v, OpTable.out(sig))
                || im.consumers(OpTable.out(sig)).size() != 1) {
            return null;
        }
        return new Match(new ActivationLayer(Activation.silu()), OpTable.out(mul), List.of(sig, mul));
    }

    private static Match gelu(Importer im, String v, List<OnnxNode> cs) {
        if (cs.size() != 2) {
            return null;
        }
        OnnxNode div = cs.get(0).opType().equals("Div") ? cs.get(0) : cs.get(1);
        OnnxNode mul = div == cs.get(0) ? cs.get(1) : cs.get(0);
        if (!is(div, "Div", 2) || !div.inputs().get(0).equals(v) || !near(im, div.inputs().get(1), Math.sqrt(2))) {
            return null;
        }
        OnnxNode erf = only(im, div, "Erf");
        OnnxNode add = erf == null ? null : only(im, erf, "Add");
        if (add == null || !constOperand(im, add, OpTable.out(erf), 1.0) || !is(mul, "Mul", 2)
                || !operands(mul, v, OpTable.out(add))) {
            return null;
        }
        OnnxNode half = only(im, mul, "Mul");
        if (half == null || !constOperand(im, half, OpTable.out(mul), 0.5)) {
            return null;
        }
        return new Match(new ActivationLayer(Activation.gelu()), OpTable.out(half), List.of(div, erf, add, mul, half));
    }

    private static Match sqnl(Importer im, String v, List<OnnxNode> cs) {
        if (cs.size() != 1 || !cs.get(0).opType().equals("Clip") || cs.get(0).inputs().size() != 3
                || !near(im, cs.get(0).inputs().get(1), -2) || !near(im, cs.get(0).inputs().get(2), 2)) {
            return null;
        }
        OnnxNode clip = cs.get(0);
        String c = OpTable.out(clip);
        List<OnnxNode> uses = im.consumers(c);
        OnnxNode abs = find(uses, "Abs");
        OnnxNode mul = find(uses, "Mul");
        OnnxNode sub = find(uses, "Sub");
        if (uses.size() != 3 || abs == null || mul == null || sub == null || !operands(mul, c, OpTable.out(abs))) {
            return null;
        }
        OnnxNode quarter = only(im, mul, "Mul");
        if (quarter == null || !constOperand(im, quarter, OpTable.out(mul), 0.25) || !is(sub, "Sub", 2)
                || !sub.inputs().get(0).equals(c) || !sub.inputs().get(1).equals(OpTable.out(quarter))) {
            return null;
        }
        return new Match(new ActivationLayer(Activation.sqnl()), OpTable.out(sub),
                List.of(clip, abs, mul, quarter, sub));
    }

    /**
     * Pad (constant zeros, the same on every side of height and width) then AveragePool without pads: torch's
     * export of AvgPool2d with count_include_pad, Soma's AvgPool2d with that padding.
     */
    private static Match paddedAverage(Importer im, List<OnnxNode> cs, int[] shape) {
        if (cs.size() != 1 || !cs.get(0).opType().equals("Pad") || cs.get(0).inputs().size() < 2 || shape.length != 3) {
            return null;
        }
        OnnxNode pad = cs.get(0);
        OnnxNode avg = only(im, pad, "AveragePool");
        OnnxTensor pads = im.constant(pad.inputs().get(1));
        boolean zeroValue = pad.inputs().size() < 3 || pad.inputs().get(2).isEmpty()
                || near(im, pad.inputs().get(2), 0);
        if (avg == null || pads == null || pads.longs() == null || pads.numel() != 8 || !zeroValue
                || !"constant".equals(pad.attributes().getOrDefault("mode", "constant"))) {
            return null;
        }
        long[] p = pads.longs();
        long k = p[2];
        if (p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0 || p[3] != k || p[6] != k || p[7] != k || k < 0
                || k > 1 << 16) {
            throw im.error(pad, "pads " + java.util.Arrays.toString(p) + "; Soma pads height and width alike on "
                    + "every side");
        }
        return new Match(ConvOps.pool(im, avg, (int) k), OpTable.out(avg), List.of(pad, avg));
    }

    /**
     * Cast(x, to=INT64 or INT32) → Gather(table [n, d], indices, axis=0) with a constant table: Soma's Embedding
     * with that table (how Soma exports one). ONNX has no padding_idx, so the Embedding comes back without one: its
     * predictions are the same, only training differs (the padding row would get no gradient).
     */
    private static Match embedding(Importer im, List<OnnxNode> cs) {
        if (cs.size() != 1 || !is(cs.get(0), "Cast", 1)) {
            return null;
        }
        OnnxNode cast = cs.get(0);
        Object to = cast.attributes().get("to");
        OnnxNode gather = only(im, cast, "Gather");
        if (!(to instanceof Long) || (Long) to != OnnxTensor.INT64 && (Long) to != OnnxTensor.INT32 || gather == null
                || !is(gather, "Gather", 2) || !gather.inputs().get(1).equals(OpTable.out(cast))) {
            return null;
        }
        Object axis = gather.attributes().getOrDefault("axis", 0L);
        if (!Long.valueOf(0).equals(axis)) {
            throw im.error(gather, "axis " + (axis instanceof Long ? axis : "of an unreadable kind")
                    + "; Soma's Embedding gathers rows of its table (axis 0)");
        }
        OnnxTensor table = im.constantInput(gather, 0, "table");
        if (table.dims().length != 2 || table.dims()[0] <= 0 || table.dims()[1] <= 0) {
            throw im.error(gather, "the table has shape " + java.util.Arrays.toString(table.dims())
                    + "; Soma's Embedding takes [num_embeddings > 0, embedding_dim > 0]");
        }
        int num = (int) table.dims()[0];
        int dim = (int) table.dims()[1];
        Embedding e = new Embedding(num, dim, null, new SplittableRandom(0));
        e.loadStateDict(Map.of("weight", Tensor.of(table.asFloats().clone(), num, dim)));
        return new Match(e, OpTable.out(gather), List.of(cast, gather));
    }

    private static OnnxNode find(List<OnnxNode> nodes, String op) {
        return nodes.stream().filter(n -> n.opType().equals(op)).findFirst().orElse(null);
    }

    /** The single consumer of {@code n}'s output when it is an {@code op}, else null. */
    private static OnnxNode only(Importer im, OnnxNode n, String op) {
        List<OnnxNode> c = im.consumers(OpTable.out(n));
        return c.size() == 1 && c.get(0).opType().equals(op) ? c.get(0) : null;
    }

    private static boolean is(OnnxNode n, String op, int inputs) {
        return n.opType().equals(op) && n.inputs().size() == inputs && n.outputs().size() >= 1;
    }

    /** True when the two inputs of {@code n} are {@code a} and {@code b}, in either order. */
    private static boolean operands(OnnxNode n, String a, String b) {
        List<String> in = n.inputs();
        return in.size() == 2 && (in.get(0).equals(a) && in.get(1).equals(b) || in.get(0).equals(b) && in.get(1).equals(a));
    }

    /** True when {@code n} combines {@code x} with a one-element constant equal to {@code value}. */
    private static boolean constOperand(Importer im, OnnxNode n, String x, double value) {
        List<String> in = n.inputs();
        if (in.size() != 2 || !in.contains(x)) {
            return false;
        }
        return near(im, in.get(0).equals(x) ? in.get(1) : in.get(0), value);
    }

    private static boolean near(Importer im, String name, double value) {
        OnnxTensor t = im.constant(name);
        return t != null && Math.abs(t.scalar() - value) <= 1e-6 * Math.max(1, Math.abs(value));
    }
}
