package dev.soma.tensor;

import dev.soma.SomaException;
import java.util.Arrays;

/** Static helpers on shapes (int arrays): element counts, strides, broadcasting, printing. */
public final class Shapes {
    private Shapes() {
    }

    /** Number of elements of a shape; refuses negative dimensions and counts that do not fit an int. */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new SomaException("shape " + str(shape) + ": negative dimension " + d);
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new SomaException("shape " + str(shape) + ": more than " + (Integer.MAX_VALUE - 8) + " elements");
            }
        }
        return (int) n;
    }

    /** Product of the dimensions shape[from..to) (1 for an empty range): the outer or inner extent of an axis. */
    public static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    /** Row-major (C-order) strides of a shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    /** "[128, 784]". */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** The numpy broadcast of two shapes, or an error naming the operation and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new SomaException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Normalizes an axis that may be negative (counted from the end) and checks it. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new SomaException(op + ": axis " + axis + " out of range for a tensor of rank " + rank);
        }
        return a;
    }
}
