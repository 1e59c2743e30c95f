package dev.soma.onnx;

import dev.soma.SomaException;
import dev.soma.data.Standardizer;
import dev.soma.io.Json;
import dev.soma.io.MetadataKeys;
import dev.soma.nn.Module;
import dev.soma.nn.Residual;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Shapes;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an ONNX graph into a Soma {@link Sequential}: walks from the graph's input to its first output, mapping
 * each node (or a known group of nodes: SiLU, GELU, SQNL, a residual branch joined by Add) to a Soma layer
 * ({@link OpTable}, {@link Patterns}), tracking the example shape as it goes. Leading {@code Sub}/{@code Div} by
 * per-feature constants become the model's standardization. Anything else is refused with one line naming the
 * operator, the node and the opset.
 */
final class Importer {
    final String file;
    final int opset;
    private final OnnxModel m;
    private final Map<String, OnnxTensor> constants = new HashMap<>();
    private final Map<String, List<OnnxNode>> consumers = new HashMap<>();
    private final Set<OnnxNode> used = new HashSet<>();

    private Importer(OnnxModel m, String file) {
        this.m = m;
        this.file = file;
        this.opset = m.opset();
        constants.putAll(m.initializers());
        for (OnnxNode n : m.nodes()) {
            if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
                throw unsupported(n);
            }
            if (n.opType().equals("Constant")) {
                constants.put(n.outputs().isEmpty() ? "" : n.outputs().get(0), OpTable.constantValue(this, n));
                continue;
            }
            for (String in : new java.util.LinkedHashSet<>(n.inputs())) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
    }

    static ImportedModel load(OnnxModel m, String file) {
        return new Importer(m, file).run();
    }

    private ImportedModel run() {
        if (m.inputs().size() != 1) {
            throw new SomaException(file + ": the graph has " + m.inputs().size() + " inputs " + m.inputs().keySet()
                    + "; Soma imports graphs with one input");
        }
        if (m.outputs().isEmpty()) {
            throw new SomaException(file + ": the graph has no output");
        }
        String input = m.inputs().keySet().iterator().next();
        int[] shape = exampleShape(input, m.inputs().get(input));
        String output = m.outputs().keySet().iterator().next();
        String v = input;
        Standardizer std = null;
        Object[] s = Patterns.standardization(this, v, shape);
        if (s != null) {
            std = (Standardizer) s[0];
            v = (String) s[1];
        }
        List<Module> layers = new ArrayList<>();
        int[][] cur = {shape};
        chain(v, output, layers, cur, 0);
        Sequential net = new Sequential(layers);
        net.eval();
        return new ImportedModel(net, info(shape, cur[0], std));
    }

    private int[] exampleShape(String input, long[] dims) {
        if (dims == null || dims.length < 2) {
            throw new SomaException(file + ": input '" + input + "' has " + (dims == null ? "no shape"
                    : "shape " + Arrays.toString(dims)) + "; Soma needs [batch, features…]");
        }
        int[] shape = new int[dims.length - 1];
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] <= 0 || dims[i] > 1 << 24) {
                throw new SomaException(file + ": input '" + input + "' has dimension " + i + " of "
                        + (dims[i] < 0 ? "unknown size" : "size " + dims[i]) + "; Soma needs fixed example shapes "
                        + "(only the batch dimension may vary)");
            }
            shape[i - 1] = (int) dims[i];
        }
        long numel = 1;
        for (int d : shape) {
            numel *= d;
            if (numel > MAX_EXAMPLE) {
                throw new SomaException(file + ": input '" + input + "' has examples of shape " + Arrays.toString(dims)
                        + ", more than " + MAX_EXAMPLE + " values each");
            }
        }
        return shape;
    }

    /** Maps the nodes from value {@code v} to value {@code stop} into {@code layers}; {@code shape[0]} follows along. */
    private void chain(String v, String stop, List<Module> layers, int[][] shape, int depth) {
        if (depth > MAX_DEPTH) {
            throw new SomaException(file + ": residual branches nested more than " + MAX_DEPTH + " deep");
        }
        int guard = 0;
        while (!v.equals(stop)) {
            if (++guard > MAX_STEPS) {
                throw new SomaException(file + ": more than " + MAX_STEPS + " layers");
            }
            List<OnnxNode> cs = consumers(v);
            if (cs.isEmpty()) {
                throw new SomaException(file + ": value '" + v + "' leads nowhere: the graph's output '" + stop
                        + "' is not reached from its input through a chain of layers");
            }
            OnnxNode join = residualJoin(v, cs);
            if (join != null) {
                used.add(join);
                String other = join.inputs().get(0).equals(v) ? join.inputs().get(1) : join.inputs().get(0);
                List<Module> body = new ArrayList<>();
                int[][] s = {shape[0]};
                chain(v, other, body, s, depth + 1);
                if (!Arrays.equals(s[0], shape[0])) {
                    throw error(join, "the residual branch turns examples of shape " + Shapes.str(shape[0]) + " into "
                            + Shapes.str(s[0]) + ", which cannot be added to its input");
                }
                layers.add(new Residual(new Sequential(body)));
                v = join.outputs().get(0);
                continue;
            }
            Patterns.Match p = Patterns.match(this, v, cs, shape[0]);
            if (p == null) {
                if (cs.size() != 1) {
                    throw new SomaException(file + ": value '" + v + "' feeds " + cs.size() + " nodes ("
                            + String.join(", ", cs.stream().map(n -> n.label() + ": " + n.opType()).toList())
                            + "), a branching Soma cannot import" + (cs.stream().anyMatch(n -> n.opType()
                            .equals("ReduceMean")) ? " (a LayerNorm exported before opset 17 looks like this: export "
                            + "it with opset 17, which has LayerNormalization)" : ""));
                }
                p = OpTable.map(this, cs.get(0), shape[0]);
            }
            used.addAll(p.nodes());
            if (p.module() != null) {
                try {
                    shape[0] = p.module().outputShape(shape[0]);
                } catch (SomaException e) {
                    throw error(p.nodes().get(0), e.getMessage());
                }
                layers.add(p.module());
            }
            v = p.output();
        }
    }

    private static final int MAX_STEPS = 100_000;
    private static final int MAX_DEPTH = 32;
    private static final long MAX_EXAMPLE = 1L << 28;

    /** An Add joining {@code v} with a value computed from it (a residual connection), when {@code v} branches. */
    private OnnxNode residualJoin(String v, List<OnnxNode> cs) {
        if (cs.size() < 2) {
            return null;
        }
        for (OnnxNode n : cs) {
            if (n.opType().equals("Add") && n.inputs().size() == 2 && n.inputs().contains(v)) {
                String other = n.inputs().get(0).equals(v) ? n.inputs().get(1) : n.inputs().get(0);
                if (!other.equals(v) && !constants.containsKey(other)) {
                    return n;
                }
            }
        }
        return null;
    }

    /** The nodes reading {@code v} that no layer has taken yet. */
    List<OnnxNode> consumers(String v) {
        List<OnnxNode> all = consumers.getOrDefault(v, List.of());
        List<OnnxNode> out = new ArrayList<>();
        for (OnnxNode n : all) {
            if (!used.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Marks nodes as taken by a layer. */
    void take(List<OnnxNode> nodes) {
        used.addAll(nodes);
    }

    /** The constant (initializer or Constant node) named {@code name}, or null. */
    OnnxTensor constant(String name) {
        return constants.get(name);
    }

    /** The constant input {@code i} of {@code n}; refuses the node when it is missing or computed. */
    OnnxTensor constantInput(OnnxNode n, int i, String what) {
        OnnxTensor t = i < n.inputs().size() ? constants.get(n.inputs().get(i)) : null;
        if (t == null) {
            throw error(n, "its " + what + " (input " + i + ") is not a constant; Soma imports fixed weights only");
        }
        return t;
    }

    SomaException unsupported(OnnxNode n) {
        return new SomaException(file + ": node '" + n.label() + "' uses operator "
                + (n.domain().isEmpty() ? "" : n.domain() + ".") + n.opType() + " (opset " + opset
                + "), which Soma cannot import");
    }

    SomaException error(OnnxNode n, String msg) {
        return new SomaException(file + ": node '" + n.label() + "' (" + n.opType() + ", opset " + opset + "): " + msg);
    }

    private ModelInfo info(int[] shape, int[] outShape, Standardizer std) {
        Map<String, String> meta = m.metadata();
        List<String> classes = new ArrayList<>();
        if (meta.containsKey(MetadataKeys.CLASSES)) {
            try {
                for (Object o : Json.asArray(Json.parse(meta.get(MetadataKeys.CLASSES), file + " metadata"), "classes")) {
                    classes.add(String.valueOf(o));
                }
            } catch (SomaException e) {
                throw new SomaException(file + ": metadata " + MetadataKeys.CLASSES + ": " + e.getMessage(), e);
            }
        }
        if (std == null && meta.containsKey(MetadataKeys.STANDARDIZATION)
                && "caller".equals(meta.get(Exporter.STANDARDIZATION_WHERE))) {
            std = Standardizer.fromJson(meta.get(MetadataKeys.STANDARDIZATION));
        }
        int outputs = Shapes.numel(outShape);
        // a binary classifier has one output (its logit or probability) for two class names, as in Soma's files
        if (!classes.isEmpty() && classes.size() != outputs && !(classes.size() == 2 && outputs == 1)) {
            throw new SomaException(file + ": metadata names " + classes.size() + " classes, the model has " + outputs
                    + " outputs");
        }
        // Without Soma's metadata (a file from another tool): several outputs are class scores, one a regression.
        String task = meta.getOrDefault(MetadataKeys.TASK, outputs > 1 ? "classification" : "regression");
        if (!task.equals("classification") && !task.equals("regression")) {
            task = outputs > 1 ? "classification" : "regression";
        }
        if (task.equals("classification") && classes.isEmpty()) {
            for (int i = 0; i < outputs; i++) {
                classes.add(Integer.toString(i));
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        meta.forEach((k, val) -> {
            if (k.startsWith("x.")) {
                extra.put(k.substring(2), val);
            }
        });
        extra.put("onnx.producer", m.producer().isEmpty() ? "unknown" : m.producer());
        return new ModelInfo(task, classes, std, meta.get(SavedModel.LOSS_KEY),
                meta.getOrDefault(MetadataKeys.VERSION, ModelInfo.SOMA_VERSION), extra).withInputShape(shape);
    }
}
