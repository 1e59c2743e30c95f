package dev.soma.spark.train;

import dev.soma.SomaException;
import dev.soma.nn.Module;
import dev.soma.optim.Optimizer;
import dev.soma.optim.Schedule;
import dev.soma.optim.Schedules;
import dev.soma.spark.data.Block;
import dev.soma.spark.data.Blocks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * Synchronous data-parallel training of a Soma network on Spark: the driver owns the model, the tasks own the data
 * (one {@link Block} per partition, cached in the executors' memory). Per epoch the learning rate comes from the
 * schedule, the global example order from (seed, epoch), exactly as in single-process training, and the epoch runs
 * in the {@link Mode} of the spec, synchronized as its {@link Sync} says. Given the same partitioning and seed the
 * result is the same bit for bit, with either strategy, also when failed tasks run again on other executors (each
 * task's result depends only on its inputs).
 *
 * <p>Example:
 * <pre>{@code
 * JavaRDD<Block> blocks = Blocks.fromRows(df, "features", "label", 784, 10);
 * TrainSpec spec = TrainSpec.builder("linear:784:128,relu,linear:128:10", new int[] {784}).epochs(3).build();
 * DistributedTrainer.Result r = new DistributedTrainer(spec).fit(blocks);
 * SavedModel.save(Path.of("model.safetensors"), r.model(), ModelInfo.classification(names));
 * }</pre>
 */
public final class DistributedTrainer {
    private final TrainSpec spec;
    private String checkpointDir;
    private boolean resume = true;
    private Consumer<EpochResult> listener = r -> { };

    public DistributedTrainer(TrainSpec spec) {
        this.spec = spec;
    }

    /** Saves a checkpoint after each epoch to {@code dir} (any Hadoop file system) and resumes from one found there. */
    public DistributedTrainer checkpointDir(String dir) {
        this.checkpointDir = dir;
        return this;
    }

    /**
     * True (default): continue from a checkpoint found in the checkpoint directory; false: fail when there is one
     * (the command line's default, as {@code soma train} without {@code --resume}).
     */
    public DistributedTrainer resume(boolean on) {
        this.resume = on;
        return this;
    }

    /** Called on the driver after each epoch. */
    public DistributedTrainer onEpoch(Consumer<EpochResult> l) {
        this.listener = l;
        return this;
    }

    /** The trained model, the epochs run by this call, and the epoch training resumed from (0: a fresh start). */
    public record Result(Module model, List<EpochResult> history, int resumedFrom) {
    }

    /** Trains on {@code blocks} (one block per partition, consecutive global indices from 0). */
    public Result fit(JavaRDD<Block> blocks) {
        try {
            return run(blocks);
        } catch (SomaException e) {
            throw e;
        } catch (Exception e) { // SparkException is a checked exception thrown undeclared
            throw SparkFailures.oneLine(e);
        }
    }

    private Result run(JavaRDD<Block> input) {
        JavaRDD<Block> blocks = input.getStorageLevel().equals(StorageLevel.NONE())
                ? input.persist(StorageLevel.MEMORY_ONLY()) : input;
        try {
            long n = Blocks.count(blocks);
            if (n == 0) {
                throw new SomaException("distributed training: the training data has no rows");
            }
            Module model = spec.newModel();
            Optimizer optimizer = spec.newOptimizer(model);
            double baseLr = optimizer.lr();
            Schedule schedule = Schedules.parse(spec.schedule);
            EpochRunner collect = spec.mode == Mode.GRADIENT ? new GradientAveraging(spec, blocks, n, model, optimizer)
                    : new LocalSgd(spec, blocks, n, model, optimizer);
            EpochRunner runner = spec.sync == Sync.COLLECT ? collect
                    : new BarrierTraining(spec, blocks, n, model, spec.sync == Sync.AUTO ? collect : null);
            try {
                return train(blocks, n, model, runner, baseLr, schedule);
            } finally {
                runner.close();
            }
        } finally {
            if (blocks != input) {
                blocks.unpersist(false);
            }
        }
    }

    private Result train(JavaRDD<Block> blocks, long n, Module model, EpochRunner runner, double baseLr,
                         Schedule schedule) {
        int start = 0;
        org.apache.hadoop.conf.Configuration conf = blocks.context().hadoopConfiguration();
        if (checkpointDir != null) {
            SparkCheckpoint.State s = SparkCheckpoint.load(conf, checkpointDir, spec);
            if (s != null && !resume) {
                throw new SomaException("checkpoint: " + checkpointDir + " holds a checkpoint after epoch " + s.epoch()
                        + "; add --resume to continue from it, or choose another --checkpoint-dir");
            }
            if (s != null) {
                model.loadStateDict(s.model());
                runner.loadOptimizerState(s.optimizer());
                start = s.epoch();
            }
        }
        List<EpochResult> history = new ArrayList<>();
        for (int epoch = start; epoch < spec.epochs; epoch++) {
            double lr = schedule.rate(epoch, spec.epochs, baseLr);
            EpochResult r = runner.run(epoch, lr);
            if (!Double.isFinite(r.loss())) {
                throw new SomaException("distributed training diverged in epoch " + (epoch + 1) + ": loss "
                        + r.loss() + " at learning rate " + lr);
            }
            schedule.observe(r.loss());
            history.add(r);
            if (checkpointDir != null) {
                SparkCheckpoint.save(conf, checkpointDir, epoch + 1, spec, model, runner.optimizerState());
            }
            listener.accept(r);
        }
        model.eval();
        return new Result(model, history, start);
    }
}
