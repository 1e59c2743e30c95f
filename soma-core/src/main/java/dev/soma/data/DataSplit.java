package dev.soma.data;

/** A training set and an optional test set (null when the source has none, e.g. a single CSV file). */
public record DataSplit(Dataset train, Dataset test) {
    /** True when the source came with its own test set. */
    public boolean hasTest() {
        return test != null;
    }
}
