package dev.soma.spark.ml;

import dev.soma.SomaException;
import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.spark.data.Blocks;
import dev.soma.spark.train.DistributedTrainer;
import dev.soma.spark.train.Mode;
import dev.soma.spark.train.SparkFailures;
import dev.soma.spark.train.Sync;
import dev.soma.spark.train.TrainSpec;
import dev.soma.spark.train.TrainSpecBuilder;
import dev.soma.train.InputShapes;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@link SomaClassifier} and {@link SomaRegressor} share: the network and training {@code Param}s and
 * {@link #fit}, which trains with {@link DistributedTrainer} on the data's partitions (one worker per partition:
 * repartition the data to the number of executor cores first).
 *
 * @param <M> the model the estimator makes
 */
public abstract class SomaEstimator<M extends Model<M>> extends Estimator<M> {
    private final String uid;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> architecture;
    private final Param<String> optimizer;
    private final DoubleParam learningRate;
    private final IntParam epochs;
    private final IntParam batchSize;
    private final Param<String> mode;
    private final IntParam k;
    private final Param<String> sync;
    private final LongParam seed;
    private final Param<String> loss;
    private final BooleanParam averageOptimizerState;
    private final Param<String> checkpointDir;

    protected SomaEstimator(String uid) {
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "features column: vector or array<float>");
        labelCol = new Param<>(this, "labelCol", "label column: class index (classifier) or target (regressor)");
        architecture = new Param<>(this, "architecture", "Soma architecture spec, e.g. linear:784:128,relu,linear:128:10");
        optimizer = new Param<>(this, "optimizer", "optimizer: sgd, momentum, nesterov, rmsprop, adam, adamw, ...");
        learningRate = new DoubleParam(this, "learningRate", "learning rate (0: the optimizer's default)",
                ParamValidators.gtEq(0));
        epochs = new IntParam(this, "epochs", "passes over the data", ParamValidators.gtEq(1));
        batchSize = new IntParam(this, "batchSize", "global batch: examples per optimizer step over all partitions",
                ParamValidators.gtEq(1));
        mode = new Param<>(this, "mode", "gradient (average gradients every step) or local-sgd (average parameters every k steps)",
                ParamValidators.inArray(new String[] {"gradient", "local-sgd"}));
        k = new IntParam(this, "k", "local-sgd: local steps between averagings", ParamValidators.gtEq(1));
        sync = new Param<>(this, "sync", "barrier (one barrier job per epoch; needs a free task slot per partition), "
                + "collect (one Spark job per synchronization) or auto (barrier when every partition has a slot, else "
                + "collect)", ParamValidators.inArray(new String[] {"auto", "barrier", "collect"}));
        seed = new LongParam(this, "seed", "seed of the initial weights and of the example order");
        loss = new Param<>(this, "loss", "loss name (empty: Soma's default for the network and task)");
        averageOptimizerState = new BooleanParam(this, "averageOptimizerState",
                "local-sgd: average the optimizer state with the parameters");
        checkpointDir = new Param<>(this, "checkpointDir", "directory (any Hadoop file system) for per-epoch checkpoints; empty: none");
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(optimizer, "adam");
        setDefault(learningRate, 0.0);
        setDefault(epochs, 10);
        setDefault(batchSize, 32);
        setDefault(mode, "gradient");
        setDefault(k, 8);
        setDefault(sync, Sync.DEFAULT.cliName());
        setDefault(seed, 42L);
        setDefault(loss, "");
        setDefault(averageOptimizerState, true);
        setDefault(checkpointDir, "");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> labelCol() { return labelCol; }
    public Param<String> architecture() { return architecture; }
    public Param<String> optimizer() { return optimizer; }
    public DoubleParam learningRate() { return learningRate; }
    public IntParam epochs() { return epochs; }
    public IntParam batchSize() { return batchSize; }
    public Param<String> mode() { return mode; }
    public IntParam k() { return k; }
    public Param<String> sync() { return sync; }
    public LongParam seed() { return seed; }
    public Param<String> loss() { return loss; }
    public BooleanParam averageOptimizerState() { return averageOptimizerState; }
    public Param<String> checkpointDir() { return checkpointDir; }

    @SuppressWarnings("unchecked")
    private <T> SomaEstimator<M> put(Param<T> p, T v) {
        set(p, v);
        return this;
    }

    public SomaEstimator<M> setFeaturesCol(String v) { return put(featuresCol, v); }
    public SomaEstimator<M> setLabelCol(String v) { return put(labelCol, v); }
    public SomaEstimator<M> setArchitecture(String v) { return put(architecture, v); }
    public SomaEstimator<M> setOptimizer(String v) { return put(optimizer, v); }
    public SomaEstimator<M> setLearningRate(double v) { return put(learningRate, v); }
    public SomaEstimator<M> setEpochs(int v) { return put(epochs, v); }
    public SomaEstimator<M> setBatchSize(int v) { return put(batchSize, v); }
    public SomaEstimator<M> setMode(String v) { return put(mode, Mode.parse(v).cliName()); }
    public SomaEstimator<M> setK(int v) { return put(k, v); }
    public SomaEstimator<M> setSync(String v) { return put(sync, Sync.parse(v).cliName()); }
    public SomaEstimator<M> setSeed(long v) { return put(seed, v); }
    public SomaEstimator<M> setLoss(String v) { return put(loss, v); }
    public SomaEstimator<M> setAverageOptimizerState(boolean v) { return put(averageOptimizerState, v); }
    public SomaEstimator<M> setCheckpointDir(String v) { return put(checkpointDir, v); }

    public String getFeaturesCol() { return getOrDefault(featuresCol); }
    public String getLabelCol() { return getOrDefault(labelCol); }
    public String getArchitecture() { return getOrDefault(architecture); }
    public int getEpochs() { return (Integer) getOrDefault(epochs); }
    public int getBatchSize() { return (Integer) getOrDefault(batchSize); }
    public String getMode() { return getOrDefault(mode); }
    public int getK() { return (Integer) getOrDefault(k); }
    public String getSync() { return getOrDefault(sync); }
    public long getSeed() { return (Long) getOrDefault(seed); }

    /** True for class labels, false for regression targets. */
    protected abstract boolean classification();

    /** The model holding the trained network. */
    protected abstract M newModel(String uid, byte[] somaModel);

    /** The spec of the run these params describe, for examples of {@code inputShape}. */
    TrainSpec trainSpec(int[] inputShape) {
        TrainSpecBuilder b = TrainSpec.builder(getArchitecture(), inputShape).classification(classification())
                .optimizer(getOrDefault(optimizer)).epochs(getEpochs()).batchSize(getBatchSize()).seed(getSeed())
                .mode(Mode.parse(getMode())).k(getK()).sync(Sync.parse(getSync()))
                .averageOptimizerState((Boolean) getOrDefault(averageOptimizerState));
        double lr = (Double) getOrDefault(learningRate);
        if (lr > 0) {
            b.lr(lr);
        }
        if (!getOrDefault(loss).isEmpty()) {
            b.loss(getOrDefault(loss));
        }
        return b.build();
    }

    @Override
    public M fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        if (!isDefined(architecture)) {
            throw new SomaException(getClass().getSimpleName() + ": set the architecture (setArchitecture(\"linear:4:16,relu,linear:16:3\"))");
        }
        Sequential probe = Sequential.fromSpec(getArchitecture());
        int[] shape = probe.inputShape();
        if (shape == null) {
            throw new SomaException("architecture " + getArchitecture() + " does not fix its input width; start it with a linear layer");
        }
        int features = dev.soma.tensor.Shapes.numel(shape);
        int outputs = InputShapes.outputs(probe, shape);
        int classes = classification() ? Math.max(outputs, 2) : 0;
        if (!classification() && outputs != 1) {
            throw new SomaException("SomaRegressor: the network has " + outputs + " outputs, expected 1 (one numeric label)");
        }
        TrainSpec spec = trainSpec(shape);
        @SuppressWarnings("unchecked")
        Dataset<Row> rows = (Dataset<Row>) dataset.toDF();
        DistributedTrainer trainer = new DistributedTrainer(spec);
        if (!getOrDefault(checkpointDir).isEmpty()) {
            trainer.checkpointDir(getOrDefault(checkpointDir));
        }
        Module trained;
        try {
            trained = trainer.fit(Blocks.fromRows(rows, getFeaturesCol(), getLabelCol(), features, classes)).model();
        } catch (Exception e) { // SparkException is a checked exception thrown undeclared
            throw SparkFailures.oneLine(e);
        }
        ModelInfo info = classification() ? ModelInfo.classification(classNames(classes)) : ModelInfo.regression();
        M model = newModel(uid, SavedModel.toBytes(trained, info.withInputShape(shape)));
        return copyValues(model.setParent(this), extractParamMap());
    }

    private static java.util.List<String> classNames(int classes) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }
}
