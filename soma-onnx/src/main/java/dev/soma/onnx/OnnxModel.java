package dev.soma.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model as Soma reads and writes it: the inference graph with its constants, typed inputs and outputs, the
 * default-domain opset, and the model's doc string and metadata.
 *
 * @param irVersion    ModelProto.ir_version
 * @param opset        the version of the default ("" / ai.onnx) operator set
 * @param producer     producer_name (and version)
 * @param docString    the model's doc string
 * @param nodes        the graph's nodes, in the file's (topological) order
 * @param initializers the graph's constants by name
 * @param inputs       graph inputs that are not initializers, with their dimensions (-1: symbolic/unknown)
 * @param outputs      graph outputs with their dimensions
 * @param metadata     metadata_props
 */
record OnnxModel(long irVersion, int opset, String producer, String docString, List<OnnxNode> nodes,
                 LinkedHashMap<String, OnnxTensor> initializers, LinkedHashMap<String, long[]> inputs,
                 LinkedHashMap<String, long[]> outputs, Map<String, String> metadata) {
}
