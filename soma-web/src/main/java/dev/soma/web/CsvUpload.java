package dev.soma.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The user's own 2-D data: CSV text with three columns x1, x2, label (an optional header line first). Labels that
 * are all integers among −1, 0 … 5 make a classification set (−1 is read as class 0, as TensorFlow Playground's ±1
 * labels); anything else a regression set, unless the problem is given. Points are scaled by one factor (both axes)
 * into [−5, 5] when they reach beyond the playground's square [−6, 6]. At most {@link PlaygroundSettings#MAX_POINTS}
 * rows; every error names the line.
 */
final class CsvUpload {
    /** The parsed data: the points (in file order, not yet split) and the scale applied to x1 and x2. */
    static final class Parsed {
        final float[] xy;
        final double[] values;
        final boolean classification;
        final int classes;
        final double scale;

        Parsed(float[] xy, double[] values, boolean classification, int classes, double scale) {
            this.xy = xy;
            this.values = values;
            this.classification = classification;
            this.classes = classes;
            this.scale = scale;
        }

        int size() {
            return values.length;
        }
    }

    private CsvUpload() {
    }

    /** Parses {@code text}; {@code problem} is "classification", "regression" or null (decided from the labels). */
    static Parsed parse(String text, String problem) {
        String[] lines = text.split("\r\n|\n|\r", -1);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("[,;\t]", -1);
            if (f.length != 3) {
                throw new BadRequest("CSV line " + (i + 1) + ": expected 3 comma-separated fields (x1, x2, label), found "
                        + f.length);
            }
            double[] r = new double[3];
            boolean numeric = true;
            for (int j = 0; j < 3 && numeric; j++) {
                try {
                    r[j] = Double.parseDouble(f[j].trim());
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            }
            if (!numeric) {
                if (rows.isEmpty() && i == firstNonEmpty(lines)) {
                    continue; // a header line
                }
                throw new BadRequest("CSV line " + (i + 1) + ": expected numbers, found \"" + shorten(line) + "\"");
            }
            for (int j = 0; j < 3; j++) {
                if (!Double.isFinite(r[j])) {
                    throw new BadRequest("CSV line " + (i + 1) + ": field " + (j + 1) + " is " + r[j] + "; expected a finite number");
                }
            }
            if (rows.size() == PlaygroundSettings.MAX_POINTS) {
                throw new BadRequest(413, "CSV has more than " + PlaygroundSettings.MAX_POINTS + " rows (limit "
                        + PlaygroundSettings.MAX_POINTS + ")");
            }
            rows.add(r);
        }
        if (rows.size() < 4) {
            throw new BadRequest("CSV: expected at least 4 data rows (x1, x2, label), found " + rows.size());
        }
        boolean integral = true;
        int maxLabel = 0;
        for (double[] r : rows) {
            integral &= r[2] == Math.rint(r[2]) && r[2] >= -1 && r[2] <= 5;
            maxLabel = Math.max(maxLabel, (int) Math.max(0, Math.min(r[2], 5)));
        }
        boolean classification = problem == null ? integral : problem.equals("classification");
        if (classification && !integral) {
            for (int i = 0; i < rows.size(); i++) {
                double v = rows.get(i)[2];
                if (v != Math.rint(v) || v < -1 || v > 5) {
                    throw new BadRequest("CSV data row " + (i + 1) + ": label " + v
                            + " is not a class; expected an integer from 0 to 5 (or -1/1)");
                }
            }
        }
        int n = rows.size();
        double max = 0;
        for (double[] r : rows) {
            max = Math.max(max, Math.max(Math.abs(r[0]), Math.abs(r[1])));
        }
        double scale = max > 6 ? 5 / max : 1;
        float[] xy = new float[2 * n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            xy[2 * i] = (float) (r[0] * scale);
            xy[2 * i + 1] = (float) (r[1] * scale);
            values[i] = classification ? Math.max(0, r[2]) : r[2];
        }
        int classes = classification ? Math.max(2, maxLabel + 1) : 0;
        return new Parsed(xy, values, classification, classes, scale);
    }

    /** The parsed rows shuffled from {@code seed} and split, as the session's data. */
    static Points toPoints(Parsed p, int trainRatio, long seed) {
        int n = p.size();
        int[] perm = DataSets.permutation(n, seed);
        float[] xy = new float[2 * n];
        int[] labels = new int[n];
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = p.xy[2 * perm[i]];
            xy[2 * i + 1] = p.xy[2 * perm[i] + 1];
            labels[i] = (int) p.values[perm[i]];
            targets[i] = (float) p.values[perm[i]];
        }
        int train = DataSets.trainCount(n, trainRatio);
        return p.classification ? Points.classification(xy, labels, p.classes, train) : Points.regression(xy, targets, train);
    }

    private static int firstNonEmpty(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].trim().isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
