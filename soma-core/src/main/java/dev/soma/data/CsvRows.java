package dev.soma.data;

import dev.soma.SomaException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Turns the split rows of a CSV file into an {@link ArrayDataset}, with line-and-column error messages. */
final class CsvRows {
    private CsvRows() {
    }

    /** Thrown inside a row when the row is to be dropped (dropInvalid) rather than refused. */
    private static final class Drop extends RuntimeException {
        Drop() {
            super(null, null, false, false);
        }
    }

    /** Parsed rows: n rows of features x (row-major), regression targets y or string labels. */
    record Parsed(float[] x, int n, float[] y, List<String> labels) {
    }

    static ArrayDataset build(String src, List<String[]> rows, List<Integer> lines, int firstData, String[] names,
                              int[] featureCols, int[] targetCols, boolean regression, boolean dropInvalid,
                              List<String> fixedClasses, CsvReader owner) {
        Parsed p = parse(src, rows, lines, firstData, names, featureCols, targetCols, regression, dropInvalid, owner);
        int f = featureCols.length;
        int n = p.n();
        if (regression) {
            return ArrayDataset.regression(src, p.x(), f, p.y(), targetCols.length);
        }
        List<String> labels = p.labels();
        List<String> classes = fixedClasses != null ? fixedClasses : sortedClasses(labels);
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            Integer c = index.get(labels.get(i));
            if (c == null) {
                throw new SomaException(src + ": label '" + labels.get(i) + "' of data row " + (i + 1)
                        + " is not one of the classes " + classes);
            }
            ids[i] = c;
        }
        return ArrayDataset.classification(src, p.x(), f, ids, classes.size(), classes);
    }

    /** Parses the data rows (targetCols may be empty: features only, with regression = true). */
    static Parsed parse(String src, List<String[]> rows, List<Integer> lines, int firstData, String[] names,
                        int[] featureCols, int[] targetCols, boolean regression, boolean dropInvalid, CsvReader owner) {
        int width = names.length;
        int f = featureCols.length;
        int t = targetCols.length;
        float[] x = new float[Math.max(16, (rows.size() - firstData) * f)];
        float[] y = regression ? new float[Math.max(16, (rows.size() - firstData) * t)] : null;
        List<String> labels = regression ? null : new ArrayList<>();
        int n = 0;
        float[] rowX = new float[f];
        float[] rowY = new float[t];
        for (int r = firstData; r < rows.size(); r++) {
            String[] row = rows.get(r);
            int line = lines.get(r);
            if (row.length != width) {
                throw new SomaException(src + ":" + line + ": " + row.length + " fields, expected " + width);
            }
            try {
                for (int j = 0; j < f; j++) {
                    rowX[j] = value(row[featureCols[j]], src, line, names[featureCols[j]], dropInvalid);
                }
                String label = null;
                if (regression) {
                    for (int j = 0; j < t; j++) {
                        rowY[j] = value(row[targetCols[j]], src, line, names[targetCols[j]], dropInvalid);
                    }
                } else {
                    label = row[targetCols[0]];
                    if (label.isEmpty()) {
                        if (dropInvalid) {
                            throw new Drop();
                        }
                        throw new SomaException(src + ":" + line + ": column '" + names[targetCols[0]] + "': missing label");
                    }
                }
                System.arraycopy(rowX, 0, x, n * f, f);
                if (regression) {
                    System.arraycopy(rowY, 0, y, n * t, t);
                } else {
                    labels.add(label);
                }
                n++;
            } catch (Drop d) {
                owner.countDropped();
            }
        }
        if (n == 0) {
            throw new SomaException(src + ": no data rows" + (owner.droppedRows() > 0 ? " left after dropping " + owner.droppedRows() + " invalid ones" : ""));
        }
        return new Parsed(Arrays.copyOf(x, n * f), n, regression ? Arrays.copyOf(y, n * t) : null, labels);
    }

    private static float value(String field, String src, int line, String column, boolean drop) {
        Double v = CsvLine.number(field);
        if (v == null) {
            if (CsvLine.isMissingOrNonFinite(field)) {
                if (drop) {
                    throw new Drop();
                }
                throw new SomaException(src + ":" + line + ": column '" + column + "': "
                        + (field.isEmpty() ? "missing value" : "'" + field + "' is not a finite number")
                        + " (ask to drop rows with missing or non-finite values to skip it)");
            }
            throw new SomaException(src + ":" + line + ": column '" + column + "': '" + abbreviate(field) + "' is not a number");
        }
        float fv = v.floatValue();
        if (!Float.isFinite(fv)) {
            if (drop) {
                throw new Drop();
            }
            throw new SomaException(src + ":" + line + ": column '" + column + "': '" + abbreviate(field)
                    + "' is out of float range");
        }
        return fv;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** Distinct labels sorted numerically if all are integers, else as strings. */
    static List<String> sortedClasses(List<String> labels) {
        TreeSet<String> distinct = new TreeSet<>(labels);
        boolean allInts = true;
        for (String s : distinct) {
            if (!s.matches("[-+]?\\d{1,18}")) {
                allInts = false;
                break;
            }
        }
        List<String> out = new ArrayList<>(distinct);
        if (allInts) {
            out.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        }
        return out;
    }
}
