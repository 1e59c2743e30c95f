package dev.soma.spark.ml;

import dev.soma.data.Standardizer;
import dev.soma.nn.Module;
import dev.soma.spark.data.RowValues;
import java.io.IOException;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What {@link SomaClassificationModel} and {@link SomaRegressionModel} share: the trained Soma network (as the bytes
 * of a {@code .safetensors} model file), the input and output column params, the per-row network outputs, and
 * {@link #write()}: the params as Spark ML metadata and the network as {@code data/model.safetensors}, a file
 * {@code soma evaluate/predict/inspect} read as it is.
 *
 * @param <M> the concrete model
 */
public abstract class SomaModel<M extends SomaModel<M>> extends Model<M> implements MLWritable {
    private final String uid;
    final ModelBytes model;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;

    protected SomaModel(String uid, byte[] somaModel) {
        this.uid = uid;
        this.model = new ModelBytes(somaModel);
        featuresCol = new Param<>(this, "featuresCol", "features column: vector or array<float>");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public String getFeaturesCol() { return getOrDefault(featuresCol); }
    public String getPredictionCol() { return getOrDefault(predictionCol); }

    @SuppressWarnings("unchecked")
    public M setFeaturesCol(String v) {
        set(featuresCol, v);
        return (M) this;
    }

    @SuppressWarnings("unchecked")
    public M setPredictionCol(String v) {
        set(predictionCol, v);
        return (M) this;
    }

    /** The trained network (eval mode). */
    public Module network() {
        return model.module();
    }

    /** The bytes of the {@code .safetensors} model file ({@code SavedModel.fromBytes} reads them). */
    public byte[] somaModelBytes() {
        return model.bytes.clone();
    }

    /** The network's outputs for one row's features value (a Vector or an array of numbers). */
    static float[] outputs(ModelBytes m, Object features) {
        Module net = m.module();
        int[] shape = m.saved().info().inputShape();
        int width = shape == null ? net.inputShape()[0] : dev.soma.tensor.Shapes.numel(shape);
        float[] x = new float[width];
        RowValues.features(features, "features", width, x, 0, "prediction input");
        Standardizer std = m.saved().info().standardizer();
        if (std != null) {
            std.apply(x, 1);
        }
        return net.predict(x);
    }

    static Vector vector(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return Vectors.dense(d);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ColumnTypes.checkFeatures(schema, getFeaturesCol());
        return outputSchema(schema);
    }

    /** {@code schema} with this model's output columns. */
    protected abstract StructType outputSchema(StructType schema);

    @Override
    public abstract Dataset<Row> transform(Dataset<?> dataset);

    @Override
    public MLWriter write() {
        return new SomaModelWriter(this);
    }

    @Override
    public void save(String path) throws IOException {
        write().save(path);
    }
}
