package dev.soma.onnx;

import java.util.List;

/** The operator types of a model's nodes, in order (read back with Soma's own decoder). */
final class OnnxDump {
    private OnnxDump() {
    }

    static List<String> ops(byte[] onnx) {
        return ModelDecoder.decode(onnx, "test.onnx").nodes().stream().map(OnnxNode::opType).toList();
    }
}
