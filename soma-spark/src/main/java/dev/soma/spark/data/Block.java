package dev.soma.spark.data;

import java.io.Serializable;

/**
 * The examples of one Spark partition, packed: {@code rows × features} inputs row-major, and one class label or
 * {@code targetWidth} targets per row. Rows have global indices {@code start … start + rows − 1}: the order of the
 * whole data set that the shuffling of every epoch permutes (the same order single-process training sees).
 *
 * <p>A partition of a training RDD holds exactly one block; Spark caches it in memory.
 */
public final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final long start;
    private final int rows;
    private final int features;
    private final float[] x;
    private final int[] labels;
    private final float[] targets;
    private final int targetWidth;

    /**
     * Args: partition: the Spark partition index; start: global index of the first row; x: rows × features;
     * labels: one per row (classification) or null; targets: rows × targetWidth (regression) or null.
     */
    public Block(int partition, long start, int rows, int features, float[] x, int[] labels, float[] targets,
                 int targetWidth) {
        this.partition = partition;
        this.start = start;
        this.rows = rows;
        this.features = features;
        this.x = x;
        this.labels = labels;
        this.targets = targets;
        this.targetWidth = targetWidth;
    }

    public int partition() {
        return partition;
    }

    public long start() {
        return start;
    }

    public int rows() {
        return rows;
    }

    public int features() {
        return features;
    }

    public int targetWidth() {
        return targetWidth;
    }

    /** Copies the inputs of local rows {@code idx[from..to)} into {@code dst}, row after row. */
    public void inputs(int[] idx, int from, int to, float[] dst) {
        for (int i = from; i < to; i++) {
            System.arraycopy(x, idx[i] * features, dst, (i - from) * features, features);
        }
    }

    /** Copies the labels of local rows {@code idx[from..to)} into {@code dst}. */
    public void labels(int[] idx, int from, int to, int[] dst) {
        for (int i = from; i < to; i++) {
            dst[i - from] = labels[idx[i]];
        }
    }

    /** Copies the targets of local rows {@code idx[from..to)} into {@code dst}, row after row. */
    public void targets(int[] idx, int from, int to, float[] dst) {
        for (int i = from; i < to; i++) {
            System.arraycopy(targets, idx[i] * targetWidth, dst, (i - from) * targetWidth, targetWidth);
        }
    }
}
