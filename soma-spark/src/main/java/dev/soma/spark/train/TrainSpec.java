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

    private TrainSpec(Builder b) {
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
    public static Builder builder(String architecture, int[] inputShape) {
        return new Builder(architecture, inputShape);
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

    /** Fluent construction with Soma's defaults (Adam, batch 32, 10 epochs, seed 42, gradient mode, k = 8,
     * {@link Sync#DEFAULT}). */
    public static final class Builder {
        private String runId;
        private final String architecture;
        private final int[] inputShape;
        private String loss;
        private boolean classification = true;
        private String optimizer = "adam";
        private double lr = Double.NaN;
        private double momentum = Double.NaN;
        private double weightDecay;
        private double clipNorm;
        private double clipValue;
        private double maxNorm;
        private String schedule = "constant";
        private int epochs = 10;
        private int batchSize = 32;
        private long seed = 42;
        private Mode mode = Mode.GRADIENT;
        private int k = 8;
        private Sync sync = Sync.DEFAULT;
        private boolean averageOptimizerState = true;
        private int threadsPerTask = 1;

        Builder(String architecture, int[] inputShape) {
            if (architecture == null || architecture.isBlank()) {
                throw new SomaException("no architecture given (expected a spec like linear:784:128,relu,linear:128:10)");
            }
            this.architecture = architecture;
            this.inputShape = inputShape.clone();
        }

        public Builder loss(String v) {
            loss = v;
            return this;
        }

        public Builder classification(boolean v) {
            classification = v;
            return this;
        }

        public Builder optimizer(String v) {
            optimizer = v;
            return this;
        }

        public Builder lr(double v) {
            lr = v;
            return this;
        }

        public Builder momentum(double v) {
            momentum = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder clipNorm(double v) {
            clipNorm = v;
            return this;
        }

        public Builder clipValue(double v) {
            clipValue = v;
            return this;
        }

        public Builder maxNorm(double v) {
            maxNorm = v;
            return this;
        }

        public Builder schedule(String v) {
            schedule = v;
            return this;
        }

        public Builder epochs(int v) {
            if (v <= 0) {
                throw new SomaException("epochs must be positive, got " + v);
            }
            epochs = v;
            return this;
        }

        /** The global batch: examples per optimizer step, summed over all partitions. */
        public Builder batchSize(int v) {
            if (v <= 0) {
                throw new SomaException("batch size must be positive, got " + v);
            }
            batchSize = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder mode(Mode v) {
            mode = v;
            return this;
        }

        /** Local steps between two averagings (local-SGD mode). */
        public Builder k(int v) {
            if (v <= 0) {
                throw new SomaException("k (local steps between averagings) must be positive, got " + v);
            }
            k = v;
            return this;
        }

        /** How the workers synchronize: one job per synchronization, or one barrier job per epoch ({@link Sync}). */
        public Builder sync(Sync v) {
            sync = v;
            return this;
        }

        /** Local SGD: average the optimizer state too (default), or let each task keep its own. */
        public Builder averageOptimizerState(boolean v) {
            averageOptimizerState = v;
            return this;
        }

        /** Kernel threads of each task (default 1: one task per core). */
        public Builder threadsPerTask(int v) {
            if (v <= 0) {
                throw new SomaException("threads per task must be positive, got " + v);
            }
            threadsPerTask = v;
            return this;
        }

        /**
         * A fixed run id: tasks of the same run and partition reuse their worker (network, buffers) inside an
         * executor. By default every {@link #build} is a new run.
         */
        public Builder runId(String v) {
            runId = v;
            return this;
        }

        public TrainSpec build() {
            TrainSpec s = new TrainSpec(this);
            Module m = s.newModel(); // fails here, on the driver, with the grammar's message
            s.newLoss(m);
            s.newOptimizer(m);
            dev.soma.optim.Schedules.parse(schedule);
            return s;
        }
    }
}
