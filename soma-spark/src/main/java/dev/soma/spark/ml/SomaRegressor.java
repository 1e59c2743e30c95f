package dev.soma.spark.ml;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML estimator that trains a Soma network with one output on a features column ({@code Vector} or
 * {@code array<float>}) and a numeric label column, data-parallel over the data's partitions.
 *
 * <p>Example:
 * <pre>{@code
 * SomaRegressionModel m = new SomaRegressor().setArchitecture("linear:8:32,relu,linear:32:1").setEpochs(20).fit(df);
 * }</pre>
 */
public final class SomaRegressor extends SomaEstimator<SomaRegressionModel> implements DefaultParamsWritable {
    public SomaRegressor() {
        this(Identifiable$.MODULE$.randomUID("somaRegressor"));
    }

    public SomaRegressor(String uid) {
        super(uid);
    }

    @Override
    protected boolean classification() {
        return false;
    }

    @Override
    protected SomaRegressionModel newModel(String uid, byte[] somaModel) {
        return new SomaRegressionModel(uid, somaModel);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ColumnTypes.checkFeatures(schema, getFeaturesCol());
        ColumnTypes.checkLabel(schema, getLabelCol());
        return ColumnTypes.append(schema, "prediction", DataTypes.DoubleType);
    }

    @Override
    public SomaRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<SomaRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static SomaRegressor load(String path) {
        return read().load(path);
    }
}
