package dev.soma.onnx;

import dev.soma.SomaException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a ValueInfoProto (a graph input or output): name 1, type 2: TypeProto{tensor_type 1: {elem_type 1, shape 2:
 * TensorShapeProto{dim 1: {dim_value 1 | dim_param 2}}}}, keeping the name and the dimensions (-1 for a symbolic or
 * unknown one; at most {@link ModelDecoder#MAX_RANK} of them).
 */
final class ValueInfoDecoder {
    private ValueInfoDecoder() {
    }

    /** ValueInfoProto: {name, dims (null when it has no tensor type)}. */
    static Object[] valueInfo(WireInput v, String file) {
        String name = "";
        long[] dims = null;
        while (v.next()) {
            if (v.field() == 1) {
                name = v.string(ModelDecoder.MAX_STRING);
            } else if (v.field() == 2) {
                dims = v.message(file + " type", () -> type(v, file));
            } else {
                v.skip();
            }
        }
        return new Object[] {name, dims};
    }

    /** TypeProto: the dimensions of its tensor_type (the last one), else null. */
    private static long[] type(WireInput type, String file) {
        long[] dims = null;
        while (type.next()) {
            if (type.field() == 1) {
                dims = type.message(file + " tensor_type", () -> tensorType(type, file));
            } else {
                type.skip();
            }
        }
        return dims;
    }

    private static long[] tensorType(WireInput t, String file) {
        long[] dims = null;
        while (t.next()) {
            if (t.field() == 2) {
                dims = t.message(file + " shape", () -> shape(t, file));
            } else {
                t.skip();
            }
        }
        return dims;
    }

    private static long[] shape(WireInput shape, String file) {
        List<Long> d = new ArrayList<>();
        while (shape.next()) {
            if (shape.field() != 1) {
                shape.skip();
                continue;
            }
            if (d.size() >= ModelDecoder.MAX_RANK) {
                throw new SomaException(file + ": a value has more than " + ModelDecoder.MAX_RANK + " dimensions");
            }
            long value = shape.message(file + " dim", () -> dim(shape));
            d.add(value < 0 ? -1 : value);
        }
        return d.stream().mapToLong(Long::longValue).toArray();
    }

    /** Dimension: dim_value 1 (or -1 for a dim_param or none). */
    private static long dim(WireInput dim) {
        long value = -1;
        while (dim.next()) {
            if (dim.field() == 1) {
                value = dim.int64();
            } else {
                dim.skip();
            }
        }
        return value;
    }
}
