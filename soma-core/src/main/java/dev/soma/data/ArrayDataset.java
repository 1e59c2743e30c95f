package dev.soma.data;

import dev.soma.SomaException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A data set held as float arrays: inputs row-major, and labels or regression targets. */
public final class ArrayDataset implements Dataset {
    private final String name;
    private final float[] x;
    private final int features;
    private final int[] labels;
    private final List<String> classNames;
    private final float[] y;
    private final int targetWidth;
    private final int size;

    private ArrayDataset(String name, float[] x, int features, int[] labels, List<String> classNames, float[] y, int targetWidth) {
        if (features <= 0) {
            throw new SomaException(name + ": features must be positive, got " + features);
        }
        if (x.length % features != 0) {
            throw new SomaException(name + ": " + x.length + " input values are not a whole number of rows of " + features);
        }
        this.name = name;
        this.x = x;
        this.features = features;
        this.labels = labels;
        this.classNames = classNames;
        this.y = y;
        this.targetWidth = targetWidth;
        this.size = x.length / features;
    }

    /** A classification set; class names default to "0", "1", … when null. */
    public static ArrayDataset classification(String name, float[] x, int features, int[] labels, int classes, List<String> classNames) {
        int n = x.length / Math.max(features, 1);
        if (labels.length != n) {
            throw new SomaException(name + ": " + labels.length + " labels for " + n + " examples");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new SomaException(name + ": label " + labels[i] + " of example " + i + " out of range [0, " + classes + ")");
            }
        }
        List<String> names = classNames;
        if (names == null) {
            names = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                names.add(Integer.toString(c));
            }
        } else if (names.size() != classes) {
            throw new SomaException(name + ": " + names.size() + " class names for " + classes + " classes");
        }
        return new ArrayDataset(name, x, features, labels, Collections.unmodifiableList(new ArrayList<>(names)), null, 0);
    }

    /** A regression set with {@code targetWidth} targets per example. */
    public static ArrayDataset regression(String name, float[] x, int features, float[] y, int targetWidth) {
        int n = x.length / Math.max(features, 1);
        if (targetWidth <= 0 || y.length != (long) n * targetWidth) {
            throw new SomaException(name + ": " + y.length + " target values for " + n + " examples of " + targetWidth + " targets");
        }
        return new ArrayDataset(name, x, features, null, List.of(), y, targetWidth);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public boolean isClassification() {
        return labels != null;
    }

    @Override
    public int classes() {
        return labels == null ? 0 : classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int targetWidth() {
        return targetWidth;
    }

    @Override
    public void inputs(int[] idx, int from, int to, float[] dst) {
        for (int i = from; i < to; i++) {
            System.arraycopy(x, idx[i] * features, dst, (i - from) * features, features);
        }
    }

    @Override
    public int label(int i) {
        if (labels == null) {
            throw new SomaException(name + ": a regression set has no class labels");
        }
        return labels[i];
    }

    @Override
    public void targets(int[] idx, int from, int to, float[] dst) {
        if (y == null) {
            throw new SomaException(name + ": a classification set has no regression targets");
        }
        for (int i = from; i < to; i++) {
            System.arraycopy(y, idx[i] * targetWidth, dst, (i - from) * targetWidth, targetWidth);
        }
    }
}
