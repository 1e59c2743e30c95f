package dev.soma.onnx;

import java.util.Arrays;

/**
 * A constant tensor of an ONNX graph (an initializer or a Constant node's value): float32 values (float64 ones are
 * read as float32) or int64 values, with its dimensions.
 *
 * @param name     the value name
 * @param dims     the dimensions ([] for a scalar)
 * @param floats   the elements for FLOAT/DOUBLE tensors, else null
 * @param longs    the elements for INT64/INT32 tensors, else null
 */
record OnnxTensor(String name, long[] dims, float[] floats, long[] longs) {
    /** ONNX TensorProto.DataType codes used here. */
    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int DOUBLE = 11;

    long numel() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** The dimensions as ints (each checked by the reader to fit). */
    int[] shape() {
        int[] s = new int[dims.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (int) dims[i];
        }
        return s;
    }

    /** The single value of a one-element tensor, or NaN for any other. */
    double scalar() {
        if (numel() != 1) {
            return Double.NaN;
        }
        return floats != null ? floats[0] : longs[0];
    }

    /** The elements as floats (int64 ones converted). */
    float[] asFloats() {
        if (floats != null) {
            return floats;
        }
        float[] f = new float[longs.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = longs[i];
        }
        return f;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims);
    }
}
