package dev.soma.spark.cli;

import dev.soma.SomaException;
import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.spark.data.Blocks;
import dev.soma.spark.io.HadoopFiles;
import dev.soma.spark.train.DistributedTrainer;
import dev.soma.spark.train.Mode;
import dev.soma.spark.train.Sync;
import dev.soma.spark.train.SparkFailures;
import dev.soma.spark.train.TrainSpec;
import dev.soma.spark.train.TrainSpecBuilder;
import dev.soma.train.ClassificationReport;
import dev.soma.train.Evaluation;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train}: the options of {@code soma train} that make sense on a cluster, plus the distribution's own.
 * Writes the same {@code .safetensors} model file, which {@code soma evaluate/predict/inspect} read.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network data-parallel on Spark and save it as a Soma model file.")
final class TrainCommand implements Runnable {
    @Option(names = "--data", required = true, paramLabel = "PATH|builtin:NAME",
            description = "IDX directory, builtin:NAME, CSV file (header row) or Parquet file/directory (any Hadoop path).")
    String data;

    @Option(names = "--out", required = true, paramLabel = "MODEL.safetensors",
            description = "Where the driver saves the model (a local path or any Hadoop URI).")
    String out;

    @Option(names = "--test", paramLabel = "PATH", description = "IDX/builtin: evaluate on its test part (default); "
            + "CSV/Parquet: a second file of the same columns to evaluate on.")
    String test;

    @Option(names = "--target", paramLabel = "COLUMN", description = "CSV/Parquet: the label column (default: the last).")
    String target;

    @Option(names = "--features", paramLabel = "COLUMN",
            description = "Parquet: a vector or array<float> column holding the features (default: every other column).")
    String featuresColumn;

    @Option(names = "--regression", description = "CSV/Parquet: predict numbers (MSE) instead of classes.")
    boolean regression;

    @Option(names = "--architecture", paramLabel = "SPEC", description = "Layer spec (default: from --hidden).")
    String architecture;

    @Option(names = "--hidden", split = ",", paramLabel = "W,W,...", defaultValue = "256,128",
            description = "Hidden layer widths when no --architecture is given (default: 256,128).")
    List<Integer> hidden;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu", description = "Hidden activation.")
    String activation;

    @Option(names = "--loss", paramLabel = "NAME", description = "Loss (default: Soma's for the network and task).")
    String loss;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam", description = "Optimizer (default adam).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the optimizer's).")
    Double lr;

    @Option(names = "--momentum", paramLabel = "μ", description = "Momentum.")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "λ", defaultValue = "0", description = "Weight decay.")
    double weightDecay;

    @Option(names = "--clip-norm", paramLabel = "N", defaultValue = "0", description = "Clip the global gradient norm.")
    double clipNorm;

    @Option(names = "--schedule", paramLabel = "SPEC", defaultValue = "constant", description = "Learning-rate schedule (per epoch).")
    String schedule;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Passes over the training data.")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
            description = "Global batch: examples per update, over all workers (default 64).")
    int batch;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the weights and shuffling.")
    long seed;

    @Option(names = "--mode", paramLabel = "gradient|local-sgd", defaultValue = "gradient",
            description = "gradient: average gradients every step; local-sgd: average parameters every --k steps.")
    String mode;

    @Option(names = "--k", paramLabel = "N", defaultValue = "8", description = "local-sgd: local steps between averagings.")
    int k;

    @Option(names = "--sync", paramLabel = "auto|barrier|collect", description = "How workers synchronize: barrier "
            + "(one barrier job per epoch; needs a free task slot per partition), collect (one Spark job per "
            + "synchronization) or auto (barrier when every partition has a slot, else collect). Default: "
            + "${DEFAULT-VALUE}.")
    String sync = Sync.DEFAULT.cliName();

    @Option(names = "--local-optimizer-state",
            description = "local-sgd: each task keeps its own optimizer state instead of averaging it.")
    boolean localOptimizerState;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Workers (data partitions; default: Spark's default parallelism).")
    Integer partitions;

    @Option(names = "--threads-per-task", paramLabel = "N", defaultValue = "1", description = "Kernel threads per task.")
    int threadsPerTask;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Write a checkpoint there after each epoch (any Hadoop file system).")
    String checkpointDir;

    @Option(names = "--resume", description = "Continue from the checkpoint in --checkpoint-dir.")
    boolean resume;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Spark master when not started by spark-submit, e.g. local[2] or spark://host:7077.")
    String master;

    @Override
    public void run() {
        if (resume && checkpointDir == null) {
            throw new SomaException("--resume needs --checkpoint-dir");
        }
        SparkSession.Builder b = SparkSession.builder().appName("soma train");
        if (master != null) {
            // a local run from the soma command: Spark's start-up chatter off (spark-submit keeps the cluster's logging)
            org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
            // the weights travel in each job's task binary (broadcast by Spark): its size warning is expected here
            org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.spark.scheduler.DAGScheduler",
                    org.apache.logging.log4j.Level.ERROR);
            b.master(master).config("spark.ui.showConsoleProgress", "false");
        }
        SparkSession spark = b.getOrCreate();
        if (master != null) {
            spark.sparkContext().setLogLevel("WARN");
        }
        try {
            train(spark);
        } catch (SomaException e) {
            throw e;
        } catch (Exception e) { // SparkException is a checked exception thrown undeclared
            throw SparkFailures.oneLine(e);
        } finally {
            if (master != null) {
                spark.stop();
            }
        }
    }

    private void train(SparkSession spark) {
        int parts = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
        TrainingData d = TrainingData.open(spark, data, test, target, featuresColumn, regression, parts);
        String arch = architecture != null ? architecture : Architectures.mlp(d.features(), hidden, activation, d.outputs());
        int[] want = Sequential.fromSpec(arch, null, seed, d.inputShape()).inputShape();
        int[] shape = want != null && want.length == 1 && want[0] == d.features() ? want : d.inputShape();
        TrainSpecBuilder sb = TrainSpec.builder(arch, shape).classification(d.classification())
                .optimizer(optimizer).weightDecay(weightDecay).clipNorm(clipNorm).schedule(schedule).epochs(epochs)
                .batchSize(batch).seed(seed).mode(Mode.parse(mode)).k(k).sync(Sync.parse(sync)).averageOptimizerState(!localOptimizerState)
                .threadsPerTask(threadsPerTask).loss(loss);
        if (lr != null) {
            sb.lr(lr);
        }
        if (momentum != null) {
            sb.momentum(momentum);
        }
        TrainSpec spec = sb.build();
        System.out.printf(Locale.ROOT, "training %s on %s: %s%d partitions, %s, global batch %d%s%n", arch,
                data, d.size() >= 0 ? d.size() + " examples in " : "", d.partitions(),
                spec.mode().cliName() + ", " + spec.sync().cliName(), batch,
                spec.mode() == Mode.LOCAL_SGD ? ", k " + k : "");
        DistributedTrainer trainer = new DistributedTrainer(spec).onEpoch(r -> System.out.println(r));
        if (checkpointDir != null) {
            trainer.checkpointDir(checkpointDir).resume(resume);
        }
        DistributedTrainer.Result r;
        try {
            r = trainer.fit(d.blocks());
        } finally {
            Blocks.release(d.blocks());
        }
        Module model = r.model();
        ModelInfo info = d.classification() ? ModelInfo.classification(d.classNames()) : ModelInfo.regression();
        info = info.withInputShape(shape).withLoss(spec.newLoss(model).name());
        save(spark, model, info);
        if (d.test() != null && d.classification()) {
            ClassificationReport rep = Evaluation.classification(model, d.test());
            System.out.printf(Locale.ROOT, "test accuracy %.4f on %d examples (%s)%n", rep.accuracy(), d.test().size(),
                    d.test().name());
        }
        System.out.println("saved " + out);
    }

    private void save(SparkSession spark, Module model, ModelInfo info) {
        String scheme = URI.create(out.replace('\\', '/').replace(" ", "%20")).getScheme();
        if (scheme == null || scheme.equals("file") || scheme.length() == 1) {
            SavedModel.save(Path.of(scheme == null || scheme.length() == 1 ? out : URI.create(out).getPath()), model, info);
        } else {
            HadoopFiles.write(spark.sparkContext().hadoopConfiguration(), out, SavedModel.toBytes(model, info));
        }
    }
}
