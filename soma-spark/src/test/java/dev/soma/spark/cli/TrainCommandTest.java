package dev.soma.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.ArrayDataset;
import dev.soma.data.Digits;
import dev.soma.spark.TestData;
import dev.soma.spark.TestSpark;
import dev.soma.train.Evaluation;
import dev.soma.train.SavedModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The submit command: CSV, Parquet and IDX input, the saved model file, and one-line errors for bad rows. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class TrainCommandTest {
    /** Runs the command in the tests' Spark session; returns [exit code, standard error]. */
    static Object[] run(String... args) {
        TestSpark.session();
        StringWriter err = new StringWriter();
        int code = SparkMain.run(new PrintWriter(err, true), args);
        return new Object[] {code, err.toString()};
    }

    /** The blobs as CSV lines "x0,x1,x2,x3,label" with labels "a", "b", "c". */
    static List<String> csv(ArrayDataset d) {
        List<String> lines = new ArrayList<>(List.of("x0,x1,x2,x3,kind"));
        float[] x = new float[4];
        for (int i = 0; i < d.size(); i++) {
            d.inputs(new int[] {i}, 0, 1, x);
            lines.add(x[0] + "," + x[1] + "," + x[2] + "," + x[3] + "," + "abc".charAt(d.label(i)));
        }
        return lines;
    }

    @Test
    void trainsOnCsvAndWritesASomaModelFile(@TempDir Path dir) throws Exception {
        ArrayDataset d = TestData.blobs(300, 4, 3, 21);
        Path data = Files.write(dir.resolve("blobs.csv"), csv(d));
        Path out = dir.resolve("m.safetensors");
        Object[] r = run("train", "--data", data.toString(), "--out", out.toString(), "--hidden", "16", "--epochs", "4",
                "--batch", "32", "--lr", "0.01", "--mode", "local-sgd", "--k", "2", "--partitions", "2", "--seed", "1");
        assertEquals(0, r[0], (String) r[1]);
        SavedModel m = SavedModel.load(out);
        assertEquals(List.of("a", "b", "c"), m.info().classNames());
        assertEquals("linear:4:16,relu,linear:16:3", m.model().spec());
        assertTrue(Evaluation.classification(m, d).accuracy() > 0.9);
    }

    @Test
    void trainsOnBuiltinDigitsAndResumesFromACheckpoint(@TempDir Path dir) {
        Path out = dir.resolve("digits.safetensors");
        Path ckpt = dir.resolve("ckpt");
        String[] args = {"train", "--data", "builtin:digits", "--out", out.toString(), "--hidden", "32",
                "--epochs", "1", "--batch", "128", "--mode", "local-sgd", "--k", "8", "--partitions", "2",
                "--checkpoint-dir", ckpt.toString()};
        Object[] r = run(args);
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(Evaluation.classification(SavedModel.load(out), Digits.load().test()).accuracy() > 0.8);
        assertTrue(Files.isRegularFile(ckpt.resolve("checkpoint.safetensors")));
        Object[] again = run(args); // a checkpoint is there: not without --resume
        assertEquals(1, again[0]);
        assertTrue(((String) again[1]).contains("add --resume"), (String) again[1]);
    }

    @Test
    void aCorruptValueFailsWithOneLineNamingTheRow(@TempDir Path dir) throws Exception {
        List<String> lines = csv(TestData.blobs(40, 4, 3, 22));
        lines.set(6, "0.5,0.25,oops,1.0,a"); // data row 5 of the file's only partition
        Path data = Files.write(dir.resolve("bad.csv"), lines);
        Object[] r = run("train", "--data", data.toString(), "--out", dir.resolve("m.safetensors").toString(),
                "--hidden", "8", "--epochs", "1", "--partitions", "2");
        String err = (String) r[1];
        assertEquals(1, r[0]);
        assertEquals("soma: error: input partition 0, row 5: column 'features' value 2 is null, expected a number",
                err.strip());
        assertFalse(err.contains("\tat "), "no stack trace");
    }

    @Test
    void aWrongWidthOrALabelOutOfRangeFailsWithOneLine(@TempDir Path dir) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            List<Float> f = i == 13 ? List.of(1f, 2f, 3f) : List.of(1f, 2f, 3f, 4f);
            rows.add(RowFactory.create(f, (double) (i % 2)));
        }
        var schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("f", DataTypes.createArrayType(DataTypes.FloatType), false),
                DataTypes.createStructField("y", DataTypes.DoubleType, false)));
        String wide = dir.resolve("width.parquet").toString();
        TestSpark.session().createDataFrame(rows, schema).coalesce(1).write().parquet(wide);
        Object[] r = run("train", "--data", wide, "--out", dir.resolve("m.safetensors").toString(), "--features", "f",
                "--target", "y", "--hidden", "4", "--epochs", "1");
        assertEquals(1, r[0]);
        assertEquals("soma: error: input partition 0, row 13: column 'features' has 3 values, expected 4",
                ((String) r[1]).strip());

        rows.set(13, RowFactory.create(List.of(1f, 2f, 3f, 4f), 1.0));
        rows.set(17, RowFactory.create(List.of(1f, 2f, 3f, 4f), -1.0));
        String label = dir.resolve("label.parquet").toString();
        TestSpark.session().createDataFrame(rows, schema).coalesce(1).write().parquet(label);
        r = run("train", "--data", label, "--out", dir.resolve("m.safetensors").toString(), "--features", "f",
                "--target", "y", "--hidden", "4", "--epochs", "1");
        assertEquals(1, r[0]);
        assertEquals("soma: error: input partition 0, row 17: label -1.0 is out of range, expected an integer in [0, 2)",
                ((String) r[1]).strip());
    }
}
