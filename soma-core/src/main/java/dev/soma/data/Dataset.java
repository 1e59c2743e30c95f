package dev.soma.data;

import java.util.List;

/**
 * A supervised data set: {@link #size()} examples, each {@link #features()} input values and either a class label
 * (classification) or {@link #targetWidth()} target values (regression). Implementations may keep their inputs in
 * any form (bytes for images) and convert only the rows a mini-batch asks for, into a buffer the caller reuses.
 */
public interface Dataset {
    /** A short name for reports ("fashion-mnist/train", "builtin:digits/test", "iris.csv"). */
    String name();

    /** Number of examples. */
    int size();

    /** Number of input values per example (784 for 28×28 images). */
    int features();

    /**
     * The shape of one example as a model sees it, like PyTorch's: {@code [1, 28, 28]} for grey images,
     * {@code [3, 32, 32]} for CIFAR-10, {@code [features]} for tables. Its product is {@link #features()}.
     */
    default int[] exampleShape() {
        return new int[] {features()};
    }

    /** True when every example has a class label in [0, {@link #classes()}). */
    boolean isClassification();

    /** Number of classes (0 for regression). */
    int classes();

    /** Class names in label order ("0".."9", or the strings of a CSV label column); empty for regression. */
    List<String> classNames();

    /** Number of target values per example for regression (0 for classification). */
    int targetWidth();

    /**
     * Writes the inputs of examples {@code idx[from..to)} into {@code dst} as float32, row after row
     * ((to − from) × features values from index 0).
     */
    void inputs(int[] idx, int from, int to, float[] dst);

    /** The class label of example i (classification only). */
    int label(int i);

    /** Writes the regression targets of examples {@code idx[from..to)} into {@code dst}, row after row. */
    void targets(int[] idx, int from, int to, float[] dst);
}
