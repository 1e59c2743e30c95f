package dev.soma.onnx;

import dev.soma.SomaException;
import java.util.Map;

/**
 * Writes an {@link OnnxModel} as an ONNX ModelProto (field numbers from the ONNX specification's onnx.proto):
 * float32 inputs and outputs whose dimensions of -1 become the symbolic dimension {@code batch}, initializers as
 * raw little-endian data.
 */
final class ModelEncoder {
    private ModelEncoder() {
    }

    static byte[] encode(OnnxModel m) {
        ProtoWriter graph = new ProtoWriter();
        for (OnnxNode n : m.nodes()) {
            graph.message(1, node(n));
        }
        graph.string(2, "soma");
        for (OnnxTensor t : m.initializers().values()) {
            graph.message(5, tensor(t));
        }
        graph.string(10, m.docString());
        m.inputs().forEach((name, dims) -> graph.message(11, valueInfo(name, dims)));
        m.outputs().forEach((name, dims) -> graph.message(12, valueInfo(name, dims)));

        ProtoWriter model = new ProtoWriter();
        model.int64(1, m.irVersion());
        model.string(2, m.producer());
        model.string(3, dev.soma.train.ModelInfo.SOMA_VERSION);
        model.int64(5, 1);
        model.string(6, m.docString());
        model.message(7, graph);
        model.message(8, new ProtoWriter().string(1, "").int64(2, m.opset()));
        for (Map.Entry<String, String> e : m.metadata().entrySet()) {
            model.message(14, new ProtoWriter().string(1, e.getKey()).string(2, e.getValue()));
        }
        return model.toBytes();
    }

    private static ProtoWriter node(OnnxNode n) {
        ProtoWriter w = new ProtoWriter();
        n.inputs().forEach(i -> w.string(1, i));
        n.outputs().forEach(o -> w.string(2, o));
        w.string(3, n.name());
        w.string(4, n.opType());
        if (!n.domain().isEmpty()) {
            w.string(7, n.domain());
        }
        n.attributes().forEach((k, v) -> w.message(5, attribute(k, v)));
        return w;
    }

    /**
     * AttributeProto: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, TENSOR 4,
     * FLOATS 6, INTS 7).
     */
    private static ProtoWriter attribute(String name, Object v) {
        ProtoWriter a = new ProtoWriter().string(1, name);
        if (v instanceof Long || v instanceof Integer) {
            a.int64(3, ((Number) v).longValue()).int64(20, 2);
        } else if (v instanceof Double || v instanceof Float) {
            a.float32(2, ((Number) v).floatValue()).int64(20, 1);
        } else if (v instanceof String) {
            a.string(4, (String) v).int64(20, 3);
        } else if (v instanceof long[]) {
            for (long x : (long[]) v) {
                a.int64(8, x);
            }
            a.int64(20, 7);
        } else if (v instanceof double[]) {
            for (double x : (double[]) v) {
                a.float32(7, (float) x);
            }
            a.int64(20, 6);
        } else if (v instanceof OnnxTensor) {
            a.message(5, tensor((OnnxTensor) v)).int64(20, 4);
        } else {
            throw new SomaException("ONNX attribute '" + name + "': cannot encode a " + v.getClass().getSimpleName());
        }
        return a;
    }

    /** TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian). */
    private static ProtoWriter tensor(OnnxTensor t) {
        ProtoWriter w = new ProtoWriter().packedInt64(1, t.dims());
        byte[] raw;
        if (t.floats() != null) {
            w.int64(2, OnnxTensor.FLOAT);
            raw = new byte[t.floats().length * 4];
            java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(t.floats());
        } else {
            w.int64(2, OnnxTensor.INT64);
            raw = new byte[t.longs().length * 8];
            java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(t.longs());
        }
        return w.string(8, t.name()).bytes(9, raw);
    }

    /**
     * ValueInfoProto{name 1, type 2: TypeProto{tensor_type 1: {elem_type 1, shape 2: {dim 1: {dim_value 1 |
     * dim_param 2}}}}}.
     */
    private static ProtoWriter valueInfo(String name, long[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            shape.message(1, d < 0 ? new ProtoWriter().string(2, "batch") : new ProtoWriter().int64(1, d));
        }
        ProtoWriter tensorType = new ProtoWriter().int64(1, OnnxTensor.FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }
}
