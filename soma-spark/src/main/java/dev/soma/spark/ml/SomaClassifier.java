package dev.soma.spark.ml;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML estimator that trains a Soma network on a features column ({@code Vector} or {@code array<float>}) and
 * a label column (class index 0…C−1, as {@code StringIndexer} makes), data-parallel over the data's partitions
 * (docs/DISTRIBUTED.md). The network's output width is the number of classes.
 *
 * <p>Example:
 * <pre>{@code
 * SomaClassifier clf = new SomaClassifier();
 * clf.setArchitecture("linear:784:256,relu,linear:256:128,relu,linear:128:10")
 *    .setOptimizer("adam").setEpochs(5).setBatchSize(128).setMode("local-sgd").setK(8).setSeed(1);
 * Pipeline p = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, clf});
 * PipelineModel m = p.fit(train);   // prediction, probability, rawPrediction on m.transform(test)
 * }</pre>
 */
public final class SomaClassifier extends SomaEstimator<SomaClassificationModel> implements DefaultParamsWritable {
    public SomaClassifier() {
        this(Identifiable$.MODULE$.randomUID("somaClassifier"));
    }

    public SomaClassifier(String uid) {
        super(uid);
    }

    @Override
    protected boolean classification() {
        return true;
    }

    @Override
    protected SomaClassificationModel newModel(String uid, byte[] somaModel) {
        return new SomaClassificationModel(uid, somaModel);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ColumnTypes.checkFeatures(schema, getFeaturesCol());
        ColumnTypes.checkLabel(schema, getLabelCol());
        StructType s = ColumnTypes.append(schema, "rawPrediction", SQLDataTypes.VectorType());
        s = ColumnTypes.append(s, "probability", SQLDataTypes.VectorType());
        return ColumnTypes.append(s, "prediction", DataTypes.DoubleType);
    }

    @Override
    public SomaClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<SomaClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static SomaClassifier load(String path) {
        return read().load(path);
    }
}
