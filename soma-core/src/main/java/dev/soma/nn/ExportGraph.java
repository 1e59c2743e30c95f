package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An inference graph under construction, in the vocabulary of the ONNX operator set (operator types such as
 * "Gemm", "Relu", "Conv", attribute names as the ONNX specification gives them), written by the modules
 * themselves: {@link Module#export} adds a module's own nodes and returns the name of its output. soma-core only
 * describes the graph; a format module (soma-onnx) encodes it, so the core keeps no dependency.
 *
 * <p>Attribute values are {@code Long}, {@code Double}, {@code String}, {@code long[]}, {@code double[]} or a
 * {@link Tensor}.
 */
public interface ExportGraph {
    /** Adds a constant (an initializer) holding {@code value}'s current values; returns its unique name. */
    String constant(String baseName, Tensor value);

    /** Adds a constant of int64 values (shapes, axes, indices); returns its unique name. */
    String constantInts(String baseName, long[] values, int... shape);

    /** Adds a node with one output; returns the output's unique name. */
    String node(String opType, List<String> inputs, Map<String, Object> attributes);

    /** The opset version being written (so a module can choose between operator versions). */
    int opset();
}
