package dev.soma.kernel;

import dev.soma.SomaException;

/**
 * The arithmetic of an embedding lookup, shared by the graph's operation and the compiled stage: indices read from
 * a float batch (e.g. categorical CSV columns), rows gathered from a [num, dim] table, and the gradient scattered
 * back in index order.
 */
public final class EmbeddingKernels {
    private EmbeddingKernels() {
    }

    /**
     * Reads {@code count} indices (each value must be a whole number in [0, num)) into {@code out}; {@code perRow}
     * indices make one example, so an error names the row (example) and the position in it, e.g.
     * {@code Embedding(10, 4): index 12 at row 3, position 1 is out of range [0, 10)}.
     */
    public static void indices(float[] x, int count, int perRow, int num, String who, int[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = index(x[i], i, perRow, num, who);
        }
    }

    /** {@link #indices(float[], int, int, int, String, int[])} for float64 values. */
    public static void indices(double[] x, int count, int perRow, int num, String who, int[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = index(x[i], i, perRow, num, who);
        }
    }

    private static int index(double v, int i, int perRow, int num, String who) {
        if (!(v >= 0 && v < num) || v != Math.rint(v)) {
            String value = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
            throw new SomaException(who + ": index " + value + " at row " + i / perRow + ", position " + i % perRow
                    + (v == Math.rint(v) ? " is out of range [0, " + num + ")" : " is not a whole number"));
        }
        return (int) v;
    }

    /** y[i] = table[idx[i]] for {@code count} indices, rows of {@code dim}. */
    public static void gather(float[] table, int[] idx, int count, int dim, float[] y) {
        for (int i = 0; i < count; i++) {
            System.arraycopy(table, idx[i] * dim, y, i * dim, dim);
        }
    }

    /** {@link #gather(float[], int[], int, int, float[])} in float64. */
    public static void gather(double[] table, int[] idx, int count, int dim, double[] y) {
        for (int i = 0; i < count; i++) {
            System.arraycopy(table, idx[i] * dim, y, i * dim, dim);
        }
    }

    /**
     * The table's gradient: zeroes {@code gTable} ([num, dim]) and adds g's row i into row idx[i], in order of i;
     * the row {@code paddingIdx} (−1: none) gets no gradient, as torch's padding_idx.
     */
    public static void scatterAdd(float[] g, int[] idx, int count, int dim, int num, int paddingIdx, float[] gTable) {
        java.util.Arrays.fill(gTable, 0, num * dim, 0f);
        for (int i = 0; i < count; i++) {
            int r = idx[i];
            if (r == paddingIdx) {
                continue;
            }
            int to = r * dim;
            int from = i * dim;
            for (int j = 0; j < dim; j++) {
                gTable[to + j] += g[from + j];
            }
        }
    }

    /** {@link #scatterAdd(float[], int[], int, int, int, int, float[])} in float64. */
    public static void scatterAdd(double[] g, int[] idx, int count, int dim, int num, int paddingIdx,
            double[] gTable) {
        java.util.Arrays.fill(gTable, 0, num * dim, 0.0);
        for (int i = 0; i < count; i++) {
            int r = idx[i];
            if (r == paddingIdx) {
                continue;
            }
            int to = r * dim;
            int from = i * dim;
            for (int j = 0; j < dim; j++) {
                gTable[to + j] += g[from + j];
            }
        }
    }
}
