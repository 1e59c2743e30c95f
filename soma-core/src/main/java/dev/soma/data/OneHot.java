package dev.soma.data;

import dev.soma.SomaException;

/** One-hot encoding of class labels: label k of n classes becomes n values, 1 at position k and 0 elsewhere. */
public final class OneHot {
    private OneHot() {
    }

    /** A new row-major [labels.length, classes] array of one-hot rows. */
    public static float[] encode(int[] labels, int classes) {
        float[] out = new float[labels.length * classes];
        encode(labels, 0, labels.length, classes, out);
        return out;
    }

    /** Writes one-hot rows of {@code labels[from..to)} into {@code dst} from index 0 (zeroing it first). */
    public static void encode(int[] labels, int from, int to, int classes, float[] dst) {
        java.util.Arrays.fill(dst, 0, (to - from) * classes, 0f);
        for (int i = from; i < to; i++) {
            int k = labels[i];
            if (k < 0 || k >= classes) {
                throw new SomaException("one-hot: label " + k + " out of range [0, " + classes + ")");
            }
            dst[(i - from) * classes + k] = 1f;
        }
    }

    /** One-hot rows of the labels of examples {@code idx[from..to)} of a classification data set, into dst. */
    public static void encode(Dataset data, int[] idx, int from, int to, float[] dst) {
        int c = data.classes();
        java.util.Arrays.fill(dst, 0, (to - from) * c, 0f);
        for (int i = from; i < to; i++) {
            dst[(i - from) * c + data.label(idx[i])] = 1f;
        }
    }

    /** The index of the largest value of each row of a row-major [rows, classes] array (first on ties). */
    public static int[] argmax(float[] values, int rows, int classes) {
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (values[r * classes + c] > values[r * classes + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }
}
