package dev.soma.spark.ml;

import static org.apache.spark.sql.functions.col;

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
 * A trained {@link SomaRegressor}: {@link #transform} adds {@code prediction}, the network's single output.
 *
 * <p>Example: {@code new SomaRegressor().setArchitecture("linear:8:32,relu,linear:32:1").fit(df).transform(df)}.
 */
public final class SomaRegressionModel extends SomaModel<SomaRegressionModel> {
    public SomaRegressionModel(String uid, byte[] somaModel) {
        super(uid, somaModel);
    }

    @Override
    protected StructType outputSchema(StructType schema) {
        return ColumnTypes.append(schema, getPredictionCol(), DataTypes.DoubleType);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        ModelBytes m = model;
        UserDefinedFunction pred = functions.udf((UDF1<Object, Double>) f -> (double) outputs(m, f)[0],
                DataTypes.DoubleType);
        return dataset.toDF().withColumn(getPredictionCol(), pred.apply(col(getFeaturesCol())));
    }

    @Override
    public SomaRegressionModel copy(ParamMap extra) {
        return copyValues(new SomaRegressionModel(uid(), model.bytes), extra).setParent(parent());
    }

    /** Reads a model saved by {@code write().save(path)}. */
    public static MLReader<SomaRegressionModel> read() {
        return new SomaModelReader<>(SomaRegressionModel.class, SomaRegressionModel::new);
    }

    public static SomaRegressionModel load(String path) {
        return read().load(path);
    }
}
