package dev.soma.data;

import dev.soma.SomaException;
import dev.soma.tensor.Rng;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Mini-batch iteration over a {@link Dataset} without copying it: each batch's rows are gathered (and for image
 * sets scaled from bytes) into buffers allocated once and reused, so a {@link Batch} is valid until the next one.
 * With shuffling, epoch e visits the examples in the order of a Fisher–Yates shuffle seeded by (seed, e), so runs
 * are reproducible; the last batch may be smaller (like PyTorch's DataLoader with drop_last=False).
 */
public final class Batches {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;

    private Batches(Dataset data, int batchSize, boolean shuffle, long seed) {
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** Batches of {@code batchSize} examples of {@code data}, shuffled per epoch when {@code shuffle}. */
    public static Batches of(Dataset data, int batchSize, boolean shuffle, long seed) {
        if (batchSize <= 0) {
            throw new SomaException("batch size must be positive, got " + batchSize);
        }
        return new Batches(data, batchSize, shuffle, seed);
    }

    /** Number of batches per epoch: ceil(size / batchSize). */
    public int count() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code epoch} (0-based), reusing one set of buffers. */
    public Iterator<Batch> epoch(int epoch) {
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Rng.shuffle(order, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
        }
        Batch b = new Batch(data, batchSize, order);
        return new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < n;
            }

            @Override
            public Batch next() {
                if (from >= n) {
                    throw new NoSuchElementException();
                }
                int to = Math.min(n, from + batchSize);
                b.fill(from, to);
                from = to;
                return b;
            }
        };
    }

    /** One mini-batch: {@link #rows()} rows of inputs and their labels or targets, in reused buffers. */
    public static final class Batch {
        private final Dataset data;
        private final int[] order;
        private final float[] inputs;
        private final int[] labels;
        private final float[] targets;
        private int rows;
        private int from;

        Batch(Dataset data, int batchSize, int[] order) {
            this.data = data;
            this.order = order;
            int cap = Math.min(batchSize, Math.max(1, data.size()));
            this.inputs = new float[cap * data.features()];
            this.labels = data.isClassification() ? new int[cap] : null;
            this.targets = data.isClassification() ? null : new float[cap * data.targetWidth()];
        }

        void fill(int from, int to) {
            this.from = from;
            this.rows = to - from;
            data.inputs(order, from, to, inputs);
            if (labels != null) {
                for (int i = from; i < to; i++) {
                    labels[i - from] = data.label(order[i]);
                }
            } else {
                data.targets(order, from, to, targets);
            }
        }

        /** Rows in this batch. */
        public int rows() {
            return rows;
        }

        /** Inputs, row-major; the first rows × features values are this batch's. */
        public float[] inputs() {
            return inputs;
        }

        /** Class labels (classification), the first rows values; null for regression. */
        public int[] labels() {
            return labels;
        }

        /** Regression targets, rows × targetWidth values; null for classification. */
        public float[] targets() {
            return targets;
        }

        /** Index in the data set of row r of this batch. */
        public int index(int r) {
            return order[from + r];
        }
    }
}
