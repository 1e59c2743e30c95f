package dev.soma.onnx;

import dev.soma.SomaException;
import dev.soma.nn.ExportGraph;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link ExportGraph} the modules write into: nodes with unique output names ({@code Gemm_0}, …), constants
 * as float32 or int64 initializers ({@code weight_3}, …). Float64 parameters are written as float32.
 */
final class GraphBuilder implements ExportGraph {
    private final int opset;
    private final List<OnnxNode> nodes = new ArrayList<>();
    private final LinkedHashMap<String, OnnxTensor> initializers = new LinkedHashMap<>();
    private int counter;

    GraphBuilder(int opset) {
        this.opset = opset;
    }

    private String fresh(String base) {
        return base + "_" + counter++;
    }

    @Override
    public String constant(String baseName, Tensor value) {
        String name = fresh(baseName);
        long[] dims = new long[value.shape().length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = value.shape()[i];
        }
        initializers.put(name, new OnnxTensor(name, dims, value.toFloatArray(), null));
        return name;
    }

    @Override
    public String constantInts(String baseName, long[] values, int... shape) {
        String name = fresh(baseName);
        long[] dims = new long[shape.length];
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape[i];
            n *= shape[i];
        }
        if (n != values.length) {
            throw new SomaException("ONNX constant '" + baseName + "': " + values.length + " values for shape "
                    + java.util.Arrays.toString(shape));
        }
        initializers.put(name, new OnnxTensor(name, dims, null, values.clone()));
        return name;
    }

    @Override
    public String node(String opType, List<String> inputs, Map<String, Object> attributes) {
        String name = fresh(opType);
        nodes.add(new OnnxNode(name, opType, "", List.copyOf(inputs), List.of(name), new LinkedHashMap<>(attributes)));
        return name;
    }

    @Override
    public int opset() {
        return opset;
    }

    /**
     * Renames the value {@code from} (a node's output) to {@code to} everywhere; when {@code from} is no node's
     * output (a model that writes no node, e.g. dropout alone), adds an Identity node producing {@code to}.
     */
    void rename(String from, String to) {
        boolean produced = nodes.stream().anyMatch(n -> n.outputs().contains(from));
        if (!produced) {
            nodes.add(new OnnxNode(fresh("Identity"), "Identity", "", List.of(from), List.of(to), Map.of()));
            return;
        }
        for (int i = 0; i < nodes.size(); i++) {
            OnnxNode n = nodes.get(i);
            List<String> in = new ArrayList<>(n.inputs());
            in.replaceAll(s -> s.equals(from) ? to : s);
            List<String> out = new ArrayList<>(n.outputs());
            out.replaceAll(s -> s.equals(from) ? to : s);
            nodes.set(i, new OnnxNode(n.name(), n.opType(), n.domain(), in, out, n.attributes()));
        }
    }

    /** Adds a node whose output has the given name. */
    void namedNode(String opType, List<String> inputs, Map<String, Object> attributes, String output) {
        nodes.add(new OnnxNode(fresh(opType), opType, "", List.copyOf(inputs), List.of(output), attributes));
    }

    List<OnnxNode> nodes() {
        return nodes;
    }

    LinkedHashMap<String, OnnxTensor> initializers() {
        return initializers;
    }
}
