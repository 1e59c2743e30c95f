package dev.soma.onnx;

import java.util.List;
import java.util.Map;

/**
 * One node of an ONNX graph.
 *
 * @param name       the node's name (may be empty in files)
 * @param opType     the operator ("Gemm", "Relu", …)
 * @param domain     the operator set's domain ("" for the default ai.onnx)
 * @param inputs     input value names ("" for an omitted optional input)
 * @param outputs    output value names
 * @param attributes by name: Long, Double, String, long[], double[] or {@link OnnxTensor}
 */
record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                Map<String, Object> attributes) {
    /** The node's name for messages: its name, or its operator and first output. */
    String label() {
        return !name.isEmpty() ? name : opType + (outputs.isEmpty() ? "" : " → " + outputs.get(0));
    }
}
