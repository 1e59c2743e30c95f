package dev.soma.spark.cli;

import static org.apache.spark.sql.functions.col;

import dev.soma.SomaException;
import dev.soma.data.ArrayDataset;
import dev.soma.data.DataSources;
import dev.soma.data.DataSplit;
import dev.soma.data.Dataset;
import dev.soma.spark.data.Block;
import dev.soma.spark.data.Blocks;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * The training data of {@code train}: IDX directories and built-in sets are read on the driver by soma-core's
 * readers and cut into partitions; CSV and Parquet are read by Spark, where they are (any Hadoop path), features as
 * an array of floats, the label indexed (strings, in alphabetical order) or checked (class indices).
 */
record TrainingData(JavaRDD<Block> blocks, long size, int partitions, int features, int[] exampleShape,
                    boolean classification, List<String> classNames, Dataset test) {
    static final String FEATURES = "features";
    static final String LABEL = "label";
    static final String ROW_ID = "_soma_row";

    int outputs() {
        return classification ? classNames.size() : 1;
    }

    int[] inputShape() {
        return exampleShape.clone();
    }

    static TrainingData open(SparkSession spark, String data, String test, String target, String featuresCol,
                             boolean regression, int partitions) {
        String lower = data.toLowerCase(Locale.ROOT);
        boolean table = lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".parquet")
                || (lower.contains("://") && !lower.startsWith("file:"))
                || (!lower.startsWith("builtin:") && Files.isDirectory(java.nio.file.Path.of(data))
                    && isParquetDirectory(java.nio.file.Path.of(data)));
        return table ? table(spark, data, test, target, featuresCol, regression, partitions)
                : local(spark, data, test, partitions);
    }

    private static boolean isParquetDirectory(java.nio.file.Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static TrainingData local(SparkSession spark, String data, String test, int partitions) {
        DataSplit split = DataSources.open(data, null);
        Dataset train = split.train();
        Dataset t = test != null ? DataSources.open(test, null).train() : split.test();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return new TrainingData(Blocks.fromDataset(sc, train, partitions), train.size(), partitions, train.features(),
                train.exampleShape(), train.isClassification(), train.classNames(), t);
    }

    private static org.apache.spark.sql.Dataset<Row> read(SparkSession spark, String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".tsv")) {
            return spark.read().option("header", "true").option("inferSchema", "true").option("mode", "PERMISSIVE")
                    .option("sep", lower.endsWith(".tsv") ? "\t" : ",").csv(path);
        }
        return spark.read().parquet(path);
    }

    private static TrainingData table(SparkSession spark, String data, String test, String target, String featuresCol,
                                      boolean regression, int partitions) {
        org.apache.spark.sql.Dataset<Row> df = read(spark, data);
        Column rowId = functions.monotonically_increasing_id().as(ROW_ID); // before repartitioning: errors name the input row
        String[] cols = df.columns();
        String label = target != null ? target : cols[cols.length - 1];
        if (!List.of(cols).contains(label)) {
            throw new SomaException(data + ": no column '" + label + "' (columns: " + String.join(", ", cols) + ")");
        }
        List<String> names = new ArrayList<>();
        org.apache.spark.sql.Dataset<Row> prepared;
        Column features = featureColumn(df, featuresCol, label, data);
        boolean classification = !regression;
        if (classification && df.schema().apply(label).dataType() instanceof StringType) {
            StringIndexerModel idx = new StringIndexer().setInputCol(label).setOutputCol("_soma_label_index")
                    .setStringOrderType("alphabetAsc").setHandleInvalid("keep").fit(df);
            names.addAll(List.of(idx.labelsArray()[0]));
            prepared = idx.transform(df).select(features.as(FEATURES), col("_soma_label_index").as(LABEL), rowId);
        } else {
            if (!(df.schema().apply(label).dataType() instanceof NumericType)) {
                throw new SomaException(data + ": label column '" + label + "' is "
                        + df.schema().apply(label).dataType().simpleString() + ", expected numbers or strings");
            }
            prepared = df.select(features.as(FEATURES), col("`" + label + "`").try_cast("double").as(LABEL), rowId);
            if (classification) {
                Row mm = prepared.agg(functions.max(LABEL)).first();
                double max = mm.isNullAt(0) ? 0 : mm.getDouble(0);
                int classes = (int) Math.max(2, Math.min(1 << 20, Math.floor(max) + 1));
                for (int c = 0; c < classes; c++) {
                    names.add(Integer.toString(c));
                }
            }
        }
        prepared = prepared.repartition(partitions);
        int width = width(prepared, data);
        JavaRDD<Block> blocks = Blocks.fromRows(prepared, FEATURES, LABEL, width, classification ? names.size() : 0, ROW_ID);
        Dataset testSet = null;
        if (test != null && classification) {
            testSet = collect(read(spark, test), featureColumn(read(spark, test), featuresCol, label, test), label,
                    width, names, test);
        }
        return new TrainingData(blocks, -1, partitions, width, new int[] {width}, classification, names, testSet);
    }

    private static Column featureColumn(org.apache.spark.sql.Dataset<Row> df, String featuresCol, String label, String src) {
        if (featuresCol != null) {
            if (!List.of(df.columns()).contains(featuresCol)) {
                throw new SomaException(src + ": no column '" + featuresCol + "'");
            }
            return col(featuresCol);
        }
        List<Column> cs = new ArrayList<>();
        for (String c : df.columns()) {
            if (!c.equals(label)) {
                cs.add(col("`" + c + "`").try_cast("float")); // a malformed value becomes null: the row check names it
            }
        }
        return functions.array(cs.toArray(new Column[0]));
    }

    /** Features per example: the first row's width (every row is then checked against it). */
    private static int width(org.apache.spark.sql.Dataset<Row> prepared, String src) {
        Row first = prepared.select(FEATURES).first();
        Object v = first.get(0);
        if (v instanceof org.apache.spark.ml.linalg.Vector vec) {
            return vec.size();
        }
        if (v instanceof scala.collection.Seq<?> s) {
            return s.size();
        }
        if (v instanceof List<?> l) {
            return l.size();
        }
        throw new SomaException(src + ": the first row has no features");
    }

    /** A small test table on the driver, for the accuracy printed at the end. */
    private static Dataset collect(org.apache.spark.sql.Dataset<Row> df, Column features, String label, int width,
                                   List<String> names, String src) {
        List<Row> rows = df.select(features.as(FEATURES), col(label).cast("string")).collectAsList();
        float[] x = new float[rows.size() * width];
        int[] y = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            dev.soma.spark.data.RowValues.features(rows.get(r).get(0), FEATURES, width, x, r * width, src + ": row " + r);
            String v = rows.get(r).getString(1);
            int c = names.indexOf(v);
            if (c < 0 && v != null) {
                try {
                    c = (int) Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    c = -1;
                }
            }
            if (c < 0 || c >= names.size()) {
                throw new SomaException(src + ": row " + r + ": label " + v + " is not one of the training classes " + names);
            }
            y[r] = c;
        }
        return ArrayDataset.classification(src, x, width, y, names.size(), names);
    }
}
