package dev.soma.data;

import dev.soma.SomaException;
import java.io.BufferedReader;
import java.io.IOException;
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

    /** The non-blank lines of a CSV text, split into fields, one at a time (with one row of push-back). */
    static final class Source {
        private final BufferedReader reader;
        private final char delimiter;
        private final String src;
        private int readerLine;
        private int rowLine;
        private String[] pushed;
        private int pushedLine;

        Source(BufferedReader reader, char delimiter, String src) {
            this.reader = reader;
            this.delimiter = delimiter;
            this.src = src;
        }

        /** The next non-blank line's fields, or null at the end. */
        String[] next() throws IOException {
            if (pushed != null) {
                String[] p = pushed;
                pushed = null;
                rowLine = pushedLine;
                return p;
            }
            String text;
            while ((text = reader.readLine()) != null) {
                readerLine++;
                if (readerLine == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (!text.isBlank()) {
                    rowLine = readerLine;
                    return CsvLine.split(text, delimiter, src, readerLine);
                }
            }
            return null;
        }

        /** The 1-based line number of the row last returned. */
        int line() {
            return rowLine;
        }

        /** Makes {@code row} (read from line {@code line}) the next row returned. */
        void pushBack(String[] row, int line) {
            pushed = row;
            pushedLine = line;
        }
    }

    static ArrayDataset build(String src, Source rows, boolean header, String[] names, int[] featureCols,
                              int[] targetCols, boolean regression, boolean dropInvalid, List<String> fixedClasses,
                              CsvReader owner) throws IOException {
        Parsed p = parse(src, rows, header, names, featureCols, targetCols, regression, dropInvalid, owner);
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
    static Parsed parse(String src, Source rows, boolean header, String[] names, int[] featureCols, int[] targetCols,
                        boolean regression, boolean dropInvalid, CsvReader owner) throws IOException {
        int firstData = header ? 1 : 0;
        int width = names.length;
        int f = featureCols.length;
        int t = targetCols.length;
        int capacity = 64;
        float[] x = new float[capacity * f];
        float[] y = regression ? new float[capacity * t] : null;
        List<String> labels = regression ? null : new ArrayList<>();
        Map<String, String> distinct = new HashMap<>();
        int n = 0;
        float[] rowX = new float[f];
        float[] rowY = new float[t];
        String[] row;
        while ((row = rows.next()) != null) {
            int line = rows.line();
            if (row.length != width) {
                throw new SomaException(src + ":" + line + ": " + row.length + " fields, expected " + width);
            }
            if (n == capacity) {
                capacity = Math.multiplyExact(capacity, 2);
                x = Arrays.copyOf(x, Math.multiplyExact(capacity, Math.max(f, 1)));
                if (y != null) {
                    y = Arrays.copyOf(y, Math.multiplyExact(capacity, Math.max(t, 1)));
                }
            }
            try {
                for (int j = 0; j < f; j++) {
                    rowX[j] = value(row[featureCols[j]], src, line, label(names, featureCols[j], firstData), dropInvalid);
                }
                String label = null;
                if (regression) {
                    for (int j = 0; j < t; j++) {
                        rowY[j] = value(row[targetCols[j]], src, line, label(names, targetCols[j], firstData), dropInvalid);
                    }
                } else {
                    label = row[targetCols[0]];
                    if (label.isEmpty()) {
                        if (dropInvalid) {
                            throw new Drop();
                        }
                        throw new SomaException(src + ":" + line + ": " + label(names, targetCols[0], firstData) + ": missing label");
                    }
                }
                System.arraycopy(rowX, 0, x, n * f, f);
                if (regression) {
                    System.arraycopy(rowY, 0, y, n * t, t);
                } else {
                    labels.add(distinct.computeIfAbsent(label, k -> k));
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
                throw new SomaException(src + ":" + line + ": " + column + ": "
                        + (field.isEmpty() ? "missing value" : "'" + field + "' is not a finite number")
                        + " (ask to drop rows with missing or non-finite values to skip it)");
            }
            throw new SomaException(src + ":" + line + ": " + column + ": '" + abbreviate(field) + "' is not a number");
        }
        float fv = v.floatValue();
        if (!Float.isFinite(fv)) {
            if (drop) {
                throw new Drop();
            }
            throw new SomaException(src + ":" + line + ": " + column + ": '" + abbreviate(field)
                    + "' is out of float range");
        }
        return fv;
    }

    /** "column 'petal_width'" with a header, "column 4" (1-based) without. */
    private static String label(String[] names, int col, int firstData) {
        return firstData > 0 ? "column '" + names[col] + "'" : "column " + (col + 1);
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
