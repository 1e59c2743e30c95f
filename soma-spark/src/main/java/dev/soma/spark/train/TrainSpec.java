package dev.soma.spark.train;

import dev.soma.SomaException;
import dev.soma.nn.Loss;
import dev.soma.nn.Losses;
import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.optim.Optimizer;
import dev.soma.optim.Optimizers;
import dev.soma.train.InputShapes;
import dev.soma.train.TrainConfig;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Everything about a distributed training run that the driver and every task agree on: the network, the loss, the
 * optimizer and its hyperparameters, the global batch size, the mode. Small and immutable; it travels with each task
 * (Spark ships task closures itself), so only strings and numbers are inside, never a module or a tensor.
 *
 * <p>Example:
 * <pre>{@code
 * TrainSpec spec = TrainSpec.builder("linear:784:128,relu,linear:128:10", new int[] {784})
 *         .optimizer("adam").lr(1e-3).batchSize(128).epochs(5).mode(Mode.LOCAL_SGD).k(8).build();
 * }</pre>
 */
public final class TrainSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    final String runId;
    final String architecture;
    final int[] inputShape;
    final String loss;
    final boolean classification;
    final String optimizer;
    final double lr;
    final double momentum;
    final double weightDecay;
    final double clipNorm;
    final double clipValue;
    final double maxNorm;
    final String schedule;
    final int epochs;
    final int batchSize;
    final long seed;
    final Mode mode;
    final int k;
    final Sync sync;
    final boolean averageOptimizerState;
    final int threadsPerTask;

    TrainSpec(TrainSpecBuilder b) {
        this.runId = b.runId != null ? b.runId : java.util.UUID.randomUUID().toString(); // each build a new run
        this.architecture = b.architecture;
        this.inputShape = b.inputShape.clone();
        this.loss = b.loss;
        this.classification = b.classification;
        this.optimizer = b.optimizer;
        this.lr = b.lr;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
        this.clipNorm = b.clipNorm;
        this.clipValue = b.clipValue;
        this.maxNorm = b.maxNorm;
        this.schedule = b.schedule;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.mode = b.mode;
        this.k = b.k;
        this.sync = b.sync;
        this.averageOptimizerState = b.averageOptimizerState;
        this.threadsPerTask = b.threadsPerTask;
    }

    /** A builder for a network of {@code architecture} fed examples of {@code inputShape}. */
    public static TrainSpecBuilder builder(String architecture, int[] inputShape) {
        return new TrainSpecBuilder(architecture, inputShape);
    }

    public String architecture() {
        return architecture;
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    public int features() {
        return Arrays.stream(inputShape).reduce(1, (a, c) -> a * c);
    }

    public boolean classification() {
        return classification;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }

    public Mode mode() {
        return mode;
    }

    public int k() {
        return k;
    }

    public Sync sync() {
        return sync;
    }

    public String optimizer() {
        return optimizer;
    }

    public String schedule() {
        return schedule;
    }

    /** The network with its initial weights (the same on every call: initialized from the seed). */
    public Module newModel() {
        return Sequential.fromSpec(architecture, null, seed, inputShape);
    }

    /** Number of outputs per example. */
    public int outputs(Module model) {
        return InputShapes.outputs(model, inputShape);
    }

    /** The loss: the one named, or Soma's default for the network's output and the task. */
    public Loss newLoss(Module model) {
        return loss != null ? Losses.parse(loss) : Losses.defaultFor(model, outputs(model), classification);
    }

    /** The single-process configuration with the same optimizer, clipping and seed (nothing else of it is read). */
    public TrainConfig trainConfig() {
        TrainConfig c = new TrainConfig().optimizer(optimizer).seed(seed).epochs(epochs).batchSize(batchSize)
                .schedule(schedule);
        if (!Double.isNaN(lr)) {
            c.lr(lr);
        }
        if (!Double.isNaN(momentum)) {
            c.momentum(momentum);
        }
        if (weightDecay > 0) {
            c.weightDecay(weightDecay);
        }
        if (clipNorm > 0) {
            c.clipNorm(clipNorm);
        }
        if (clipValue > 0) {
            c.clipValue(clipValue);
        }
        if (maxNorm > 0) {
            c.maxNorm(maxNorm);
        }
        return c;
    }

    /** A new optimizer over {@code model}'s parameters. */
    public Optimizer newOptimizer(Module model) {
        return Optimizers.create(optimizer, model.parameters(), trainConfig().optimizerConfig());
    }
}
