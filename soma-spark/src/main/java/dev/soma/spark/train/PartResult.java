package dev.soma.spark.train;

import java.io.Serializable;

/**
 * What one task sends back to the driver: how many examples it used, their loss sum and correct predictions, and
 * either a mean gradient (gradient mode) or its parameters and optimizer state after its local steps (local SGD).
 * Numbers only: float arrays and the optimizer state as safetensors bytes.
 */
final class PartResult implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final long examples;
    final double lossSum;
    final double correct;
    final float[] values;
    final byte[] optimizerState;
    /** Nanoseconds the task spent computing (forward, backward, local steps), without Spark's overhead. */
    long computeNanos;

    PartResult(int partition, long examples, double lossSum, double correct, float[] values, byte[] optimizerState) {
        this.partition = partition;
        this.examples = examples;
        this.lossSum = lossSum;
        this.correct = correct;
        this.values = values;
        this.optimizerState = optimizerState;
    }

    PartResult timed(long startNanos) {
        computeNanos = System.nanoTime() - startNanos;
        return this;
    }

    /** The slowest task's compute time of one synchronization, in seconds. */
    static double slowest(java.util.List<PartResult> parts) {
        long m = 0;
        for (PartResult r : parts) {
            m = Math.max(m, r.computeNanos);
        }
        return m / 1e9;
    }
}
