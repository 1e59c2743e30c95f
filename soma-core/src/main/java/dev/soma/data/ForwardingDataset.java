package dev.soma.data;

import java.util.List;

/**
 * A data set that forwards every call to another one; views ({@link Subset}, {@link Relabeled}, the standardized
 * view of {@link Standardizer#wrap}) extend it and override only what they change.
 */
public abstract class ForwardingDataset implements Dataset {
    /** The data set the calls go to. */
    protected final Dataset data;

    protected ForwardingDataset(Dataset data) {
        this.data = data;
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
    public int[] exampleShape() {
        return data.exampleShape();
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
