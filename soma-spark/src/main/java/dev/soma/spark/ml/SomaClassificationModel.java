package dev.soma.spark.ml;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained {@link SomaClassifier}: {@link #transform} adds {@code rawPrediction} (the network's outputs),
 * {@code probability} (softmax of them, or [1 − p, p] for one sigmoid/logit output) and {@code prediction} (the class
 * index of the largest probability, as a double) — Spark ML's classifier columns, so evaluators such as
 * {@code MulticlassClassificationEvaluator} work on them.
 *
 * <p>Example:
 * <pre>{@code
 * SomaClassificationModel m = classifier.fit(train);
 * m.transform(test).select("prediction", "probability").show();
 * m.write().overwrite().save("hdfs:///models/fashion");   // data/model.safetensors inside is a Soma model file
 * SomaClassificationModel again = SomaClassificationModel.load("hdfs:///models/fashion");
 * }</pre>
 */
public final class SomaClassificationModel extends SomaModel<SomaClassificationModel> {
    private final Param<String> probabilityCol;
    private final Param<String> rawPredictionCol;

    public SomaClassificationModel(String uid, byte[] somaModel) {
        super(uid, somaModel);
        probabilityCol = new Param<>(this, "probabilityCol", "class probabilities column name (empty: none)");
        rawPredictionCol = new Param<>(this, "rawPredictionCol", "network outputs column name (empty: none)");
        setDefault(probabilityCol, "probability");
        setDefault(rawPredictionCol, "rawPrediction");
    }

    public Param<String> probabilityCol() { return probabilityCol; }
    public Param<String> rawPredictionCol() { return rawPredictionCol; }
    public String getProbabilityCol() { return getOrDefault(probabilityCol); }
    public String getRawPredictionCol() { return getOrDefault(rawPredictionCol); }

    public SomaClassificationModel setProbabilityCol(String v) {
        set(probabilityCol, v);
        return this;
    }

    public SomaClassificationModel setRawPredictionCol(String v) {
        set(rawPredictionCol, v);
        return this;
    }

    /** Number of classes. */
    public int numClasses() {
        return model.saved().info().classNames().size();
    }

    @Override
    protected StructType outputSchema(StructType schema) {
        StructType s = ColumnTypes.append(schema, getRawPredictionCol(), SQLDataTypes.VectorType());
        s = ColumnTypes.append(s, getProbabilityCol(), SQLDataTypes.VectorType());
        return ColumnTypes.append(s, getPredictionCol(), DataTypes.DoubleType);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        ModelBytes m = model;
        String kind = network().outputKind();
        UserDefinedFunction raw = functions.udf((UDF1<Object, Vector>) f -> vector(outputs(m, f)),
                SQLDataTypes.VectorType());
        UserDefinedFunction prob = functions.udf((UDF1<Vector, Vector>) r -> probability(r, kind),
                SQLDataTypes.VectorType());
        UserDefinedFunction pred = functions.udf((UDF1<Vector, Double>) p -> (double) p.argmax(),
                DataTypes.DoubleType);
        String rawCol = getRawPredictionCol().isEmpty() ? "_soma_raw_" + uid() : getRawPredictionCol();
        String probCol = getProbabilityCol().isEmpty() ? "_soma_prob_" + uid() : getProbabilityCol();
        Dataset<Row> out = dataset.toDF().withColumn(rawCol, raw.apply(col(getFeaturesCol())))
                .withColumn(probCol, prob.apply(col(rawCol)))
                .withColumn(getPredictionCol(), pred.apply(col(probCol)));
        if (getProbabilityCol().isEmpty()) {
            out = out.drop(probCol);
        }
        if (getRawPredictionCol().isEmpty()) {
            out = out.drop(rawCol);
        }
        return out;
    }

    /** Class probabilities from the network's outputs, as its last layer and the loss intend them. */
    static Vector probability(Vector raw, String kind) {
        int n = raw.size();
        if (n == 1) {
            double v = raw.apply(0);
            double p = "sigmoid".equals(kind) ? v : 1 / (1 + Math.exp(-v));
            return Vectors.dense(1 - p, p);
        }
        double[] p = raw.toArray().clone();
        if (!"softmax".equals(kind)) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : p) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                p[i] = Math.exp(p[i] - max);
                sum += p[i];
            }
            for (int i = 0; i < n; i++) {
                p[i] /= sum;
            }
        }
        return Vectors.dense(p);
    }

    @Override
    public SomaClassificationModel copy(ParamMap extra) {
        SomaClassificationModel c = new SomaClassificationModel(uid(), model.bytes);
        return copyValues(c, extra).setParent(parent());
    }

    /** Reads a model saved by {@code write().save(path)}. */
    public static MLReader<SomaClassificationModel> read() {
        return new SomaModelReader<>(SomaClassificationModel.class, SomaClassificationModel::new);
    }

    public static SomaClassificationModel load(String path) {
        return read().load(path);
    }
}
