package dev.soma.data;

import java.util.List;

/** A view of a data set whose inputs are standardized by a {@link Standardizer} as each batch is filled. */
final class StandardizedDataset implements Dataset {
    private final Dataset data;
    private final Standardizer standardizer;

    StandardizedDataset(Dataset data, Standardizer standardizer) {
        this.data = data;
        this.standardizer = standardizer;
    }

    @Override
    public String name() {
        return data.name();
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int features() {
        return data.features();
    }

    @Override
    public boolean isClassification() {
        return data.isClassification();
    }

    @Override
    public int classes() {
        return data.classes();
    }

    @Override
    public List<String> classNames() {
        return data.classNames();
    }

    @Override
    public int targetWidth() {
        return data.targetWidth();
    }

    @Override
    public void inputs(int[] idx, int from, int to, float[] dst) {
        data.inputs(idx, from, to, dst);
        standardizer.apply(dst, to - from);
    }

    @Override
    public int label(int i) {
        return data.label(i);
    }

    @Override
    public void targets(int[] idx, int from, int to, float[] dst) {
        data.targets(idx, from, to, dst);
    }
}
