package dev.soma.web;

/**
 * A 2-D data set of the playground: n points (x1, x2) with a class label (classification, classes 0..k−1) or a
 * target value (regression), already split into the training part (the first {@code trainCount} points) and the test
 * part (the rest).
 */
final class Points {
    final float[] xy;
    final int[] labels;
    final float[] targets;
    final int classes;
    final int trainCount;

    private Points(float[] xy, int[] labels, float[] targets, int classes, int trainCount) {
        this.xy = xy;
        this.labels = labels;
        this.targets = targets;
        this.classes = classes;
        this.trainCount = trainCount;
    }

    static Points classification(float[] xy, int[] labels, int classes, int trainCount) {
        return new Points(xy, labels, null, classes, trainCount);
    }

    static Points regression(float[] xy, float[] targets, int trainCount) {
        return new Points(xy, null, targets, 0, trainCount);
    }

    int size() {
        return xy.length / 2;
    }

    boolean isClassification() {
        return labels != null;
    }

    /** The label (classification) or the target (regression) of point i, as a number. */
    double value(int i) {
        return labels != null ? labels[i] : targets[i];
    }

    /** The same points with the training part of a new size (the order is kept). */
    Points withTrainCount(int n) {
        return new Points(xy, labels, targets, classes, n);
    }
}
