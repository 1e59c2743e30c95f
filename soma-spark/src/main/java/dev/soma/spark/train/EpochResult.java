package dev.soma.spark.train;

/**
 * One epoch of distributed training: the mean training loss and accuracy over the examples the workers used (NaN
 * accuracy for regression), the wall time, the number of Spark jobs (synchronizations) it took, and of the wall time
 * the part the slowest task of each synchronization spent computing (the rest is communication, scheduling and the
 * driver's update).
 */
public record EpochResult(int epoch, double loss, double accuracy, double seconds, long examples, int syncs,
                          double computeSeconds) {
    /** Examples per second. */
    public double throughput() {
        return examples / Math.max(seconds, 1e-9);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "epoch %d: loss %.4f%s, %.1f s, %.0f examples/s, %d syncs", epoch,
                loss, Double.isNaN(accuracy) ? "" : String.format(java.util.Locale.ROOT, ", accuracy %.4f", accuracy),
                seconds, throughput(), syncs);
    }
}
