package dev.soma.spark.train;

import dev.soma.tensor.Rng;
import java.util.SplittableRandom;

/**
 * The global example order of one epoch, exactly as single-process training shuffles it (Soma's {@code Trainer}:
 * a generator seeded from (seed, epoch)), and one partition's share of it: its local rows in global order, cut at
 * the global batch boundaries. Global batch b is examples {@code order[b·B … (b+1)·B)}; partition p's share of it is
 * those among its rows {@code [start, start + rows)}, in the same relative order.
 */
final class EpochOrder {
    /** Local row indices in the order the epoch visits them. */
    final int[] local;
    /** Partition's share of batch b: {@code local[offsets[b] … offsets[b+1])}. */
    final int[] offsets;

    private EpochOrder(int[] local, int[] offsets) {
        this.local = local;
        this.offsets = offsets;
    }

    /** The permutation of {@code 0…n−1} that single-process Soma uses in {@code epoch} (0-based). */
    static int[] globalOrder(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Rng.shuffle(order, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
        return order;
    }

    /** Number of global batches of an epoch over {@code n} examples (the last may be partial). */
    static int batches(long n, int batchSize) {
        return (int) ((n + batchSize - 1) / batchSize);
    }

    /** The share of rows {@code [start, start + rows)} of the global order. */
    static EpochOrder of(int[] order, int batchSize, long start, int rows) {
        int batches = batches(order.length, batchSize);
        int[] local = new int[rows];
        int[] offsets = new int[batches + 1];
        int m = 0;
        for (int b = 0; b < batches; b++) {
            offsets[b] = m;
            int to = Math.min(order.length, (b + 1) * batchSize);
            for (int j = b * batchSize; j < to; j++) {
                long g = order[j] - start;
                if (g >= 0 && g < rows) {
                    local[m++] = (int) g;
                }
            }
        }
        offsets[batches] = m;
        return new EpochOrder(local, offsets);
    }

    int rowsOf(int batch) {
        return offsets[batch + 1] - offsets[batch];
    }
}
