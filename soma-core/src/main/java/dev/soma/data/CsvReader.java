package dev.soma.data;

import dev.soma.SomaException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a CSV file into an in-memory {@link ArrayDataset}.
 *
 * <ul>
 *   <li>Header: {@link #header(Boolean)} true/false, or null (default) to detect it: the first line is a header when
 *       one of its feature fields is not a number (or when the target is given by a name it contains).</li>
 *   <li>Target: {@link #target(String)} names the label/target column by header name or by 0-based index
 *       (negative counts from the end); default: the last column. {@link #targets(String...)} gives several
 *       regression targets. Every other column is a numeric feature.</li>
 *   <li>Classification (default): the label column may hold strings or integers. Classes are the distinct labels
 *       sorted — numerically when every label is an integer, else lexicographically (like scikit-learn's
 *       LabelEncoder and pandas' Categorical) — unless {@link #classNames(List)} fixes them (e.g. a model's).</li>
 *   <li>Regression ({@link #regression(boolean)}): one or more numeric target columns.</li>
 *   <li>Errors name file, line (1-based) and column: {@code train.csv:1043: column 'petal_width': 'abc' is not a
 *       number}, {@code train.csv:77: 4 fields, expected 5}. Empty, NaN and infinite values are refused unless
 *       {@link #dropInvalid(boolean)} asks to drop such rows ({@link #droppedRows()} counts them). Columns without a
 *       header are named by 1-based position ({@code column 3}).</li>
 *   <li>Fields are separated by {@link #delimiter(char)} (default ','), may be quoted with '"' ("" inside quotes is
 *       a quote), and are trimmed. Blank lines are skipped.</li>
 * </ul>
 */
public final class CsvReader {
    private Boolean header;
    private List<String> targetSpecs = List.of();
    private boolean regression;
    private boolean dropInvalid;
    private char delimiter = ',';
    private List<String> fixedClasses;
    private int dropped;
    private List<String> featureNames = List.of();

    /** Header given by name or index; see the class comment. */
    public CsvReader header(Boolean hasHeader) {
        this.header = hasHeader;
        return this;
    }

    /** The label (classification) or target (regression) column, by header name or 0-based index. */
    public CsvReader target(String column) {
        this.targetSpecs = column == null ? List.of() : List.of(column);
        return this;
    }

    /** Several regression target columns (implies {@link #regression(boolean) regression(true)}). */
    public CsvReader targets(String... columns) {
        this.targetSpecs = List.of(columns);
        if (columns.length > 1) {
            this.regression = true;
        }
        return this;
    }

    /** Regression (numeric targets) instead of classification. */
    public CsvReader regression(boolean on) {
        this.regression = on;
        return this;
    }

    /** Drop rows holding an empty, NaN or infinite value instead of refusing the file. */
    public CsvReader dropInvalid(boolean on) {
        this.dropInvalid = on;
        return this;
    }

    /** Field delimiter (',' by default; ';' or '\t' for other dialects). */
    public CsvReader delimiter(char d) {
        this.delimiter = d;
        return this;
    }

    /** Fixes the classes and their order (a saved model's class names); unknown labels become errors. */
    public CsvReader classNames(List<String> names) {
        this.fixedClasses = names == null ? null : List.copyOf(names);
        return this;
    }

    /** Rows dropped by the last read because of empty/NaN/infinite values. */
    public int droppedRows() {
        return dropped;
    }

    /** Names of the feature columns of the last read (header names, or "column N"). */
    public List<String> featureNames() {
        return featureNames;
    }

    /** A numeric table: {@code rows × columns} values row-major, with the column names (header or "column N"). */
    public record Matrix(List<String> columns, float[] values, int rows) {
        public int cols() {
            return columns.size();
        }
    }

    /**
     * Reads a CSV file whose columns are all numbers (inputs to predict, no label column), with the same header
     * detection, quoting and error messages as {@link #read(Path)}; empty/NaN/infinite values are refused, or their
     * rows dropped when {@link #dropInvalid(boolean)} is on.
     */
    public Matrix readMatrix(Path file) {
        return withFile(file, r -> (Matrix) parse(r, file.toString(), true));
    }

    /** {@link #readMatrix(Path)} on CSV text. */
    public Matrix readMatrix(String content, String source) {
        try {
            return (Matrix) parse(new BufferedReader(new StringReader(content)), source, true);
        } catch (IOException e) {
            throw new SomaException(source + ": " + e.getMessage(), e);
        }
    }

    /** Reads a CSV file; the data set is named after the file. */
    public ArrayDataset read(Path file) {
        return withFile(file, r -> read(r, file.toString()));
    }

    /** What a reader of the file's UTF-8 text gives, with the file's I/O errors as one-line SomaExceptions. */
    private static <T> T withFile(Path file, FileBody<T> body) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return body.apply(r);
        } catch (NoSuchFileException e) {
            throw new SomaException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new SomaException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new SomaException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads from an open file. */
    private interface FileBody<T> {
        T apply(BufferedReader r) throws IOException;
    }

    /** Reads CSV text; {@code source} names it in error messages. */
    public ArrayDataset read(String content, String source) {
        try {
            return read(new BufferedReader(new StringReader(content)), source);
        } catch (IOException e) {
            throw new SomaException(source + ": " + e.getMessage(), e);
        }
    }

    private ArrayDataset read(BufferedReader r, String src) throws IOException {
        return (ArrayDataset) parse(r, src, false);
    }

    /** Reads a data set, or with {@code matrixOnly} a {@link Matrix} of all columns. */
    private Object parse(BufferedReader r, String src, boolean matrixOnly) throws IOException {
        dropped = 0;
        CsvRows.Source rows = new CsvRows.Source(r, delimiter, src);
        String[] first = rows.next();
        if (first == null) {
            throw new SomaException(src + ": no data (the file is empty)");
        }
        int firstLine = rows.line();
        int width = first.length;
        boolean hasHeader = header != null ? header : detectHeader(first, width, matrixOnly);
        String[] names = new String[width];
        for (int j = 0; j < width; j++) {
            names[j] = hasHeader ? first[j] : "column " + (j + 1);
        }
        int[] targetCols = matrixOnly ? new int[0] : resolveTargets(names, hasHeader, width, src);
        if (width - targetCols.length < 1) {
            throw new SomaException(src + ": " + width + " columns leave no feature column besides the target");
        }
        Set<Integer> targetSet = new LinkedHashSet<>();
        for (int t : targetCols) {
            targetSet.add(t);
        }
        int[] featureCols = new int[width - targetSet.size()];
        List<String> fnames = new ArrayList<>();
        for (int j = 0, k = 0; j < width; j++) {
            if (!targetSet.contains(j)) {
                featureCols[k++] = j;
                fnames.add(names[j]);
            }
        }
        featureNames = List.copyOf(fnames);
        if (matrixOnly) {
            if (!hasHeader) {
                rows.pushBack(first, firstLine);
            }
            CsvRows.Parsed p = CsvRows.parse(src, rows, hasHeader, names, featureCols, targetCols, true, dropInvalid, this);
            if (p.n() == 0) {
                throw new SomaException(src + ": no data rows");
            }
            return new Matrix(featureNames, p.x(), p.n());
        }
        if (!hasHeader) {
            rows.pushBack(first, firstLine);
        }
        return CsvRows.build(src, rows, hasHeader, names, featureCols, targetCols, regression, dropInvalid, fixedClasses, this);
    }

    void countDropped() {
        dropped++;
    }

    private boolean detectHeader(String[] first, int width, boolean matrixOnly) {
        for (String spec : matrixOnly ? List.<String>of() : targetSpecs) {
            if (Arrays.asList(first).contains(spec) && CsvLine.number(spec) == null) {
                return true;
            }
        }
        Set<Integer> targets = new LinkedHashSet<>();
        if (matrixOnly) {
            // every column is a feature
        } else if (targetSpecs.isEmpty()) {
            targets.add(width - 1);
        } else {
            for (String spec : targetSpecs) {
                Integer idx = parseIndex(spec, width);
                if (idx != null) {
                    targets.add(idx);
                }
            }
        }
        for (int j = 0; j < width; j++) {
            if (!targets.contains(j) && CsvLine.number(first[j]) == null && !CsvLine.isMissingOrNonFinite(first[j])) {
                return true;
            }
        }
        return false;
    }

    private static Integer parseIndex(String spec, int width) {
        try {
            int i = Integer.parseInt(spec.trim());
            return i < 0 ? width + i : i;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private int[] resolveTargets(String[] names, boolean hasHeader, int width, String src) {
        if (targetSpecs.isEmpty()) {
            return new int[] {width - 1};
        }
        int[] out = new int[targetSpecs.size()];
        for (int k = 0; k < out.length; k++) {
            String spec = targetSpecs.get(k);
            int found = hasHeader ? Arrays.asList(names).indexOf(spec) : -1;
            if (found < 0) {
                Integer idx = parseIndex(spec, width);
                if (idx == null || idx < 0 || idx >= width) {
                    throw new SomaException(src + ": no column '" + spec + "'" + (hasHeader
                            ? " among " + Arrays.toString(names) : " (no header; give a 0-based index below " + width + ")"));
                }
                found = idx;
            }
            out[k] = found;
        }
        return out;
    }
}
