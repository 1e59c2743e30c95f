package dev.soma.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.ArrayDataset;
import dev.soma.spark.TestData;
import dev.soma.spark.TestSpark;
import dev.soma.train.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SomaClassifier / SomaRegressor as Spark ML stages: Pipeline, columns, save and load. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class EstimatorTest {
    /** The blobs as a table: columns f0…f11 (double) and label (double), two partitions. */
    static Dataset<Row> table(ArrayDataset d) {
        List<StructField> fields = new ArrayList<>();
        int f = d.features();
        for (int j = 0; j < f; j++) {
            fields.add(DataTypes.createStructField("f" + j, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
        float[] x = new float[d.size() * f];
        int[] idx = new int[d.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        d.inputs(idx, 0, idx.length, x);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            Object[] v = new Object[f + 1];
            for (int j = 0; j < f; j++) {
                v[j] = (double) x[i * f + j] * 10 + 5; // off scale: the StandardScaler matters
            }
            v[f] = (double) d.label(i);
            rows.add(RowFactory.create(v));
        }
        return TestSpark.session().createDataFrame(rows, DataTypes.createStructType(fields)); // 2 partitions, fixed order
    }

    static double accuracy(Dataset<Row> predicted) {
        long right = predicted.filter("prediction = label").count();
        return (double) right / predicted.count();
    }

    @Test
    void classifierInAPipelineWithAssemblerAndScalerSavesAndLoads(@TempDir Path dir) throws Exception {
        Dataset<Row> df = table(TestData.blobs(300, 12, 3, 11));
        String[] cols = new String[12];
        for (int j = 0; j < 12; j++) {
            cols[j] = "f" + j;
        }
        VectorAssembler assembler = new VectorAssembler().setInputCols(cols).setOutputCol("raw");
        StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true);
        SomaClassifier clf = new SomaClassifier();
        clf.setArchitecture("linear:12:16,relu,linear:16:3").setOptimizer("adam").setLearningRate(0.01)
                .setEpochs(4).setBatchSize(32).setMode("local-sgd").setK(2).setSeed(3);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, clf}).fit(df);
        Dataset<Row> out = model.transform(df).cache();
        assertTrue(accuracy(out) > 0.9, "accuracy " + accuracy(out));
        Row first = out.select("probability", "rawPrediction", "prediction").first();
        Vector p = first.getAs(0);
        assertEquals(3, p.size());
        assertEquals(1.0, p.toArray()[0] + p.toArray()[1] + p.toArray()[2], 1e-6);
        assertEquals(p.argmax(), (int) first.getDouble(2));

        String path = dir.resolve("pipeline").toString();
        model.write().overwrite().save(path);
        PipelineModel again = PipelineModel.load(path);
        List<Row> a = out.select("prediction", "probability").collectAsList();
        List<Row> b = again.transform(df).select("prediction", "probability").collectAsList();
        assertEquals(a, b, "the loaded pipeline predicts the same");

        SomaClassificationModel soma = (SomaClassificationModel) model.stages()[2];
        assertEquals(3, soma.numClasses());
        assertEquals(4, soma.parent() == null ? 4 : ((SomaClassifier) soma.parent()).getEpochs());
        try (var files = Files.walk(Path.of(path))) {
            Path file = files.filter(f -> f.toString().endsWith("data/model.safetensors")).findFirst().orElseThrow();
            SavedModel saved = SavedModel.load(file); // what soma evaluate/predict/inspect read
            assertEquals("linear:12:16,relu,linear:16:3", saved.model().spec());
            assertArrayEquals(soma.network().stateDict().get("2.weight").toFloatArray(),
                    saved.model().stateDict().get("2.weight").toFloatArray());
        }
    }

    @Test
    void arrayOfFloatFeaturesAndARegressor() {
        ArrayDataset d = TestData.blobs(200, 4, 2, 12);
        List<Row> rows = new ArrayList<>();
        float[] x = new float[4];
        for (int i = 0; i < d.size(); i++) {
            d.inputs(new int[] {i}, 0, 1, x);
            List<Float> v = List.of(x[0], x[1], x[2], x[3]);
            double target = 0.5 * x[0] - 0.25 * x[1] + 1;
            rows.add(RowFactory.create(v, (double) d.label(i), target));
        }
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.FloatType), false),
                DataTypes.createStructField("label", DataTypes.DoubleType, false),
                DataTypes.createStructField("y", DataTypes.DoubleType, false)));
        Dataset<Row> df = TestSpark.session().createDataFrame(rows, schema);
        SomaClassifier clf = new SomaClassifier();
        clf.setArchitecture("linear:4:8,relu,linear:8:2").setEpochs(3).setLearningRate(0.01).setSeed(1)
                .setMode("local-sgd").setK(7); // one averaging per epoch: few Spark jobs
        assertTrue(accuracy(clf.fit(df).transform(df)) > 0.9);

        SomaRegressor reg = new SomaRegressor();
        reg.setArchitecture("linear:4:16,relu,linear:16:1").setLabelCol("y").setEpochs(30).setLearningRate(0.01)
                .setBatchSize(16).setMode("local-sgd").setK(13).setSeed(1); // one averaging per epoch
        Dataset<Row> pred = reg.fit(df).transform(df);
        double mse = pred.selectExpr("avg((prediction - y) * (prediction - y))").first().getDouble(0);
        double variance = pred.selectExpr("variance(y)").first().getDouble(0);
        assertTrue(mse < 0.1 * variance, "mse " + mse + " vs variance " + variance);
    }
}
