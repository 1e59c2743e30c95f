package dev.soma.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import dev.soma.SomaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Writes an {@link OnnxModel} as an ONNX ModelProto (field numbers from the ONNX specification's onnx.proto) with
 * protobuf-java's {@link CodedOutputStream}, each embedded message encoded into a {@link ByteString} first:
 * float32 inputs and outputs whose dimensions of -1 become the symbolic dimension {@code batch}, initializers as
 * raw little-endian data.
 */
final class ModelEncoder {
    private ModelEncoder() {
    }

    /** Writes the fields of one message. */
    interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    /** The encoding of the message whose fields {@code fields} writes. */
    static ByteString message(Fields fields) {
        ByteString.Output bytes = ByteString.newOutput();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            fields.write(out);
            out.flush();
        } catch (IOException e) { // a ByteString.Output does not fail; the interface declares it
            throw new UncheckedIOException(e);
        }
        return bytes.toByteString();
    }

    static byte[] encode(OnnxModel m) {
        ByteString graph = message(g -> {
            for (OnnxNode n : m.nodes()) {
                g.writeBytes(1, node(n));
            }
            g.writeString(2, "soma");
            for (OnnxTensor t : m.initializers().values()) {
                g.writeBytes(5, tensor(t));
            }
            g.writeString(10, m.docString());
            for (Map.Entry<String, long[]> e : m.inputs().entrySet()) {
                g.writeBytes(11, valueInfo(e.getKey(), e.getValue()));
            }
            for (Map.Entry<String, long[]> e : m.outputs().entrySet()) {
                g.writeBytes(12, valueInfo(e.getKey(), e.getValue()));
            }
        });
        return message(model -> {
            model.writeInt64(1, m.irVersion());
            model.writeString(2, m.producer());
            model.writeString(3, dev.soma.train.ModelInfo.SOMA_VERSION);
            model.writeInt64(5, 1);
            model.writeString(6, m.docString());
            model.writeBytes(7, graph);
            model.writeBytes(8, message(o -> {
                o.writeString(1, "");
                o.writeInt64(2, m.opset());
            }));
            for (Map.Entry<String, String> e : m.metadata().entrySet()) {
                model.writeBytes(14, message(p -> {
                    p.writeString(1, e.getKey());
                    p.writeString(2, e.getValue());
                }));
            }
        }).toByteArray();
    }

    private static ByteString node(OnnxNode n) {
        return message(w -> {
            for (String i : n.inputs()) {
                w.writeString(1, i);
            }
            for (String o : n.outputs()) {
                w.writeString(2, o);
            }
            w.writeString(3, n.name());
            w.writeString(4, n.opType());
            if (!n.domain().isEmpty()) {
                w.writeString(7, n.domain());
            }
            for (Map.Entry<String, Object> e : n.attributes().entrySet()) {
                w.writeBytes(5, attribute(e.getKey(), e.getValue()));
            }
        });
    }

    /**
     * AttributeProto: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, TENSOR 4,
     * FLOATS 6, INTS 7).
     */
    private static ByteString attribute(String name, Object v) {
        if (!(v instanceof Long || v instanceof Integer || v instanceof Double || v instanceof Float
                || v instanceof String || v instanceof long[] || v instanceof double[] || v instanceof OnnxTensor)) {
            throw new SomaException("ONNX attribute '" + name + "': cannot encode a " + v.getClass().getSimpleName());
        }
        return message(a -> {
            a.writeString(1, name);
            if (v instanceof Long || v instanceof Integer) {
                a.writeInt64(3, ((Number) v).longValue());
                a.writeInt64(20, 2);
            } else if (v instanceof Double || v instanceof Float) {
                a.writeFloat(2, ((Number) v).floatValue());
                a.writeInt64(20, 1);
            } else if (v instanceof String) {
                a.writeString(4, (String) v);
                a.writeInt64(20, 3);
            } else if (v instanceof long[]) {
                for (long x : (long[]) v) {
                    a.writeInt64(8, x);
                }
                a.writeInt64(20, 7);
            } else if (v instanceof double[]) {
                for (double x : (double[]) v) {
                    a.writeFloat(7, (float) x);
                }
                a.writeInt64(20, 6);
            } else {
                a.writeBytes(5, tensor((OnnxTensor) v));
                a.writeInt64(20, 4);
            }
        });
    }

    /** TensorProto: dims 1 (packed), data_type 2, name 8, raw_data 9 (little-endian). */
    private static ByteString tensor(OnnxTensor t) {
        byte[] raw;
        if (t.floats() != null) {
            raw = new byte[t.floats().length * 4];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(t.floats());
        } else {
            raw = new byte[t.longs().length * 8];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(t.longs());
        }
        return message(w -> {
            int size = 0;
            for (long d : t.dims()) {
                size += CodedOutputStream.computeInt64SizeNoTag(d);
            }
            w.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            w.writeUInt32NoTag(size);
            for (long d : t.dims()) {
                w.writeInt64NoTag(d);
            }
            w.writeInt64(2, t.floats() != null ? OnnxTensor.FLOAT : OnnxTensor.INT64);
            w.writeString(8, t.name());
            w.writeBytes(9, UnsafeByteOperations.unsafeWrap(raw)); // raw is not used again
        });
    }

    /**
     * ValueInfoProto{name 1, type 2: TypeProto{tensor_type 1: {elem_type 1, shape 2: {dim 1: {dim_value 1 |
     * dim_param 2}}}}}.
     */
    private static ByteString valueInfo(String name, long[] dims) {
        ByteString shape = message(s -> {
            for (long d : dims) {
                s.writeBytes(1, message(dim -> {
                    if (d < 0) {
                        dim.writeString(2, "batch");
                    } else {
                        dim.writeInt64(1, d);
                    }
                }));
            }
        });
        ByteString tensorType = message(tt -> {
            tt.writeInt64(1, OnnxTensor.FLOAT);
            tt.writeBytes(2, shape);
        });
        return message(v -> {
            v.writeString(1, name);
            v.writeBytes(2, message(type -> type.writeBytes(1, tensorType)));
        });
    }
}
