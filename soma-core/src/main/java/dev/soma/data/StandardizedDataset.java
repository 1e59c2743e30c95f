package dev.soma.data;

/** A view of a data set whose inputs are standardized by a {@link Standardizer} as each batch is filled. */
final class StandardizedDataset extends ForwardingDataset {
    private final Standardizer standardizer;

    StandardizedDataset(Dataset data, Standardizer standardizer) {
        super(data);
        this.standardizer = standardizer;
    }

    @Override
    public void inputs(int[] idx, int from, int to, float[] dst) {
        data.inputs(idx, from, to, dst);
        standardizer.apply(dst, to - from);
    }
}
