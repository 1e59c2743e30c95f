package dev.soma.data;

import dev.soma.SomaException;

/** A view of some examples of another data set, by index; nothing is copied but the index array. */
public final class Subset extends ForwardingDataset {
    private final int[] index;
    private final String name;

    /** The examples {@code index[0], index[1], …} of {@code parent}, in that order (indices are validated). */
    public Subset(Dataset parent, int[] index, String name) {
        super(checked(parent, index, name));
        this.index = index.clone();
        this.name = name;
    }

    private static Dataset checked(Dataset parent, int[] index, String name) {
        for (int i : index) {
            if (i < 0 || i >= parent.size()) {
                throw new SomaException(name + ": index " + i + " out of range [0, " + parent.size() + ")");
            }
        }
        return parent;
    }

    /** The underlying data set. */
    public Dataset parent() {
        return data;
    }

    /** Position in the parent of example i of this view. */
    public int parentIndex(int i) {
        return index[i];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return index.length;
    }

    /** Per-thread scratch for mapped batch indices: no allocation per batch in steady state. */
    private final ThreadLocal<int[]> scratch = ThreadLocal.withInitial(() -> new int[0]);

    private int[] map(int[] idx, int from, int to) {
        int[] m = scratch.get();
        if (m.length < to - from) {
            m = new int[to - from];
            scratch.set(m);
        }
        for (int i = from; i < to; i++) {
            m[i - from] = index[idx[i]];
        }
        return m;
    }

    @Override
    public void inputs(int[] idx, int from, int to, float[] dst) {
        data.inputs(map(idx, from, to), 0, to - from, dst);
    }

    @Override
    public int label(int i) {
        return data.label(index[i]);
    }

    @Override
    public void targets(int[] idx, int from, int to, float[] dst) {
        data.targets(map(idx, from, to), 0, to - from, dst);
    }
}
