package dev.soma.train;

import java.util.List;

/**
 * Classification metrics over a data set: mean loss, accuracy, the confusion matrix (row = true class, column =
 * predicted class) and per-class precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2PR/(P+R) (0 when undefined).
 */
public final class ClassificationReport {
    private final double loss;
    private final int[][] confusion;
    private final int[] predictions;
    private final List<String> classNames;

    public ClassificationReport(double loss, int[][] confusion, int[] predictions, List<String> classNames) {
        this.loss = loss;
        this.confusion = confusion;
        this.predictions = predictions;
        this.classNames = classNames;
    }

    public double loss() {
        return loss;
    }

    public double accuracy() {
        long right = 0;
        long all = 0;
        for (int i = 0; i < confusion.length; i++) {
            for (int j = 0; j < confusion.length; j++) {
                all += confusion[i][j];
                if (i == j) {
                    right += confusion[i][j];
                }
            }
        }
        return all == 0 ? Double.NaN : (double) right / all;
    }

    /** confusion[true][predicted]. */
    public int[][] confusionMatrix() {
        int[][] c = new int[confusion.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = confusion[i].clone();
        }
        return c;
    }

    /** The predicted class of each example, in data-set order. */
    public int[] predictions() {
        return predictions.clone();
    }

    public List<String> classNames() {
        return classNames;
    }

    public double precision(int k) {
        int tp = confusion[k][k];
        int col = 0;
        for (int[] row : confusion) {
            col += row[k];
        }
        return col == 0 ? 0 : (double) tp / col;
    }

    public double recall(int k) {
        int tp = confusion[k][k];
        int row = 0;
        for (int v : confusion[k]) {
            row += v;
        }
        return row == 0 ? 0 : (double) tp / row;
    }

    public double f1(int k) {
        double p = precision(k);
        double r = recall(k);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Unweighted mean of the per-class F1 scores. */
    public double macroF1() {
        double s = 0;
        for (int k = 0; k < confusion.length; k++) {
            s += f1(k);
        }
        return s / confusion.length;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("loss %.4f, accuracy %.4f%n", loss, accuracy()));
        sb.append(String.format("%-16s %9s %9s %9s%n", "class", "precision", "recall", "f1"));
        for (int k = 0; k < confusion.length; k++) {
            String name = k < classNames.size() ? classNames.get(k) : Integer.toString(k);
            sb.append(String.format("%-16s %9.4f %9.4f %9.4f%n", name, precision(k), recall(k), f1(k)));
        }
        sb.append("confusion matrix (row = true, column = predicted):\n");
        for (int[] row : confusion) {
            for (int v : row) {
                sb.append(String.format("%6d", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
