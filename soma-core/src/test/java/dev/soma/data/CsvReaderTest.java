package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    static final String IRIS = String.join("\n",
            "sepal_length,sepal_width,petal_length,petal_width,species",
            "5.1,3.5,1.4,0.2,setosa",
            "7.0,3.2,4.7,1.4,versicolor",
            "",
            "6.3,3.3,6.0,2.5,virginica",
            "4.9,3.0,1.4,0.2,setosa",
            "");

    static float[] row(Dataset d, int i) {
        float[] out = new float[d.features()];
        d.inputs(new int[] {i}, 0, 1, out);
        return out;
    }

    @Test
    void readsAHeaderAndStringLabelsSortedLikeLabelEncoder() {
        CsvReader r = new CsvReader();
        Dataset d = r.read(IRIS, "iris.csv");
        assertEquals(4, d.size());
        assertEquals(4, d.features());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), r.featureNames());
        assertEquals(0, d.label(0));
        assertEquals(1, d.label(1));
        assertEquals(2, d.label(2));
        assertArrayEquals(new float[] {6.3f, 3.3f, 6.0f, 2.5f}, row(d, 2));
    }

    @Test
    void integerLabelsSortNumericallyAndHeaderIsDetectedAbsent() {
        Dataset d = new CsvReader().read("1,2,10\n3,4,2\n5,6,10\n7,8,9\n", "n.csv");
        assertEquals(List.of("2", "9", "10"), d.classNames());
        assertEquals(4, d.size());
        assertEquals(2, d.label(0));
        assertEquals(0, d.label(1));
        assertArrayEquals(new float[] {1, 2}, row(d, 0));
    }

    @Test
    void targetByNameOrIndexAndFixedClasses() {
        Dataset d = new CsvReader().target("species").classNames(List.of("virginica", "versicolor", "setosa")).read(IRIS, "iris.csv");
        assertEquals(2, d.label(0));
        Dataset byIndex = new CsvReader().target("0").regression(true).read("a,b,c\n1,2,3\n7,8,9\n", "n.csv");
        assertEquals(1, byIndex.targetWidth());
        float[] y = new float[1];
        byIndex.targets(new int[] {1}, 0, 1, y);
        assertEquals(7.0f, y[0]);
        assertEquals("iris.csv: label 'setosa' of data row 1 is not one of the classes [a, b]", assertThrows(SomaException.class,
                () -> new CsvReader().target("species").classNames(List.of("a", "b")).read(IRIS, "iris.csv")).getMessage());
        assertEquals("iris.csv: no column 'colour' among [sepal_length, sepal_width, petal_length, petal_width, species]",
                assertThrows(SomaException.class, () -> new CsvReader().target("colour").read(IRIS, "iris.csv")).getMessage());
    }

    @Test
    void regressionWithSeveralTargets() {
        String csv = "size;rooms;price;tax\n50;2;150.5;3\n120;4;\"399\";8\n";
        Dataset d = new CsvReader().delimiter(';').targets("price", "tax").read(csv, "h.csv");
        assertEquals(2, d.features());
        assertEquals(2, d.targetWidth());
        float[] y = new float[4];
        d.targets(new int[] {0, 1}, 0, 2, y);
        assertArrayEquals(new float[] {150.5f, 3, 399, 8}, y);
        assertArrayEquals(new float[] {120, 4}, row(d, 1));
    }

    @Test
    void errorsNameFileLineAndColumn() {
        StringBuilder sb = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        for (int i = 2; i < 1043; i++) {
            sb.append(i == 77 ? "1,2,3,setosa\n" : "1,2,3,4,setosa\n");
        }
        sb.append("1,2,3,abc,setosa\n");
        String text = sb.toString();
        assertEquals("train.csv:77: 4 fields, expected 5",
                assertThrows(SomaException.class, () -> new CsvReader().read(text, "train.csv")).getMessage());
        String fixed77 = text.replace("1,2,3,setosa\n", "1,2,3,4,setosa\n");
        assertEquals("train.csv:1043: column 'petal_width': 'abc' is not a number",
                assertThrows(SomaException.class, () -> new CsvReader().read(fixed77, "train.csv")).getMessage());
        assertEquals("d.csv:2: column 2: 'NaN' is not a finite number (ask to drop rows with missing or non-finite values to skip it)",
                assertThrows(SomaException.class, () -> new CsvReader().read("1,2,a\n3,NaN,b\n", "d.csv")).getMessage());
        assertEquals("d.csv:2: column 1: missing value (ask to drop rows with missing or non-finite values to skip it)",
                assertThrows(SomaException.class, () -> new CsvReader().read("1,2,a\n,4,b\n", "d.csv")).getMessage());
        assertEquals("d.csv:1: unterminated quoted field",
                assertThrows(SomaException.class, () -> new CsvReader().read("\"1,2,a\n", "d.csv")).getMessage());
        assertEquals("d.csv: no data (the file is empty)", assertThrows(SomaException.class, () -> new CsvReader().read("\n\n", "d.csv")).getMessage());
    }

    @Test
    void nonFiniteRowsCanBeDropped() {
        CsvReader r = new CsvReader().dropInvalid(true);
        Dataset d = r.read("x,y,label\n1,2,a\n3,inf,b\n,4,b\n5,6,\n7,8,b\n", "d.csv");
        assertEquals(2, d.size());
        assertEquals(3, r.droppedRows());
        assertArrayEquals(new float[] {7, 8}, row(d, 1));
        assertEquals(List.of("a", "b"), d.classNames());
    }

    @Test
    void numericMatricesForPrediction() {
        CsvReader.Matrix m = new CsvReader().readMatrix("a,b\n1,2\n3,4.5\n", "p.csv");
        assertEquals(List.of("a", "b"), m.columns());
        assertEquals(2, m.rows());
        assertArrayEquals(new float[] {1, 2, 3, 4.5f}, m.values());
        CsvReader.Matrix n = new CsvReader().readMatrix("1,2,3\n\n4,5,6", "p.csv");
        assertEquals(List.of("column 1", "column 2", "column 3"), n.columns());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, n.values());
        assertEquals("p.csv:3: 2 fields, expected 3",
                assertThrows(SomaException.class, () -> new CsvReader().readMatrix("1,2,3\n\n4,5", "p.csv")).getMessage());
        assertEquals("p.csv:2: column 'x': 'z' is not a number",
                assertThrows(SomaException.class, () -> new CsvReader().readMatrix("x,y\nz,1", "p.csv")).getMessage());
    }

    @Test
    void manyRowsGrowTheBuffers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        StringBuilder sb = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 3000; i++) {
            sb.append(i).append(',').append(-0.5 * i).append(',').append(i % 7 == 0 ? "seven" : "other").append('\n');
        }
        java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("big.csv"), sb);
        Dataset d = new CsvReader().read(f);
        assertEquals(3000, d.size());
        assertEquals(List.of("other", "seven"), d.classNames());
        assertArrayEquals(new float[] {2999, -1499.5f}, row(d, 2999));
        assertEquals(1, d.label(2996));
        CsvReader.Matrix m = new CsvReader().readMatrix(java.nio.file.Files.writeString(dir.resolve("m.csv"), "1,2\n3,4\n"));
        assertArrayEquals(new float[] {1, 2, 3, 4}, m.values());
    }
}
