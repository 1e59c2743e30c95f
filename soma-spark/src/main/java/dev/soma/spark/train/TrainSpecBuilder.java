package dev.soma.spark.train;

import dev.soma.SomaException;
import dev.soma.nn.Module;

/**
 * Builds a {@link TrainSpec} fluently, starting from Soma's defaults: Adam, batch 32, 10 epochs, seed 42, gradient
 * mode, k = 8, {@link Sync#DEFAULT}. {@link #build} checks the architecture, loss, optimizer and schedule on the
 * driver, so that mistakes fail there with the grammar's one-line message.
 *
 * <p>Example:
 * <pre>{@code
 * TrainSpec spec = TrainSpec.builder("linear:784:128,relu,linear:128:10", new int[] {784})
 *         .optimizer("adam").lr(1e-3).batchSize(128).mode(Mode.LOCAL_SGD).k(16).sync(Sync.BARRIER).build();
 * }</pre>
 */
public final class TrainSpecBuilder {
    String runId;
    final String architecture;
    final int[] inputShape;
    String loss;
    boolean classification = true;
    String optimizer = "adam";
    double lr = Double.NaN;
    double momentum = Double.NaN;
    double weightDecay;
    double clipNorm;
    double clipValue;
    double maxNorm;
    String schedule = "constant";
    int epochs = 10;
    int batchSize = 32;
    long seed = 42;
    Mode mode = Mode.GRADIENT;
    int k = 8;
    Sync sync = Sync.DEFAULT;
    boolean averageOptimizerState = true;
    int threadsPerTask = 1;

    TrainSpecBuilder(String architecture, int[] inputShape) {
        if (architecture == null || architecture.isBlank()) {
            throw new SomaException("no architecture given (expected a spec like linear:784:128,relu,linear:128:10)");
        }
        this.architecture = architecture;
        this.inputShape = inputShape.clone();
    }

    public TrainSpecBuilder loss(String v) {
        loss = v;
        return this;
    }

    public TrainSpecBuilder classification(boolean v) {
        classification = v;
        return this;
    }

    public TrainSpecBuilder optimizer(String v) {
        optimizer = v;
        return this;
    }

    public TrainSpecBuilder lr(double v) {
        lr = v;
        return this;
    }

    public TrainSpecBuilder momentum(double v) {
        momentum = v;
        return this;
    }

    public TrainSpecBuilder weightDecay(double v) {
        weightDecay = v;
        return this;
    }

    public TrainSpecBuilder clipNorm(double v) {
        clipNorm = v;
        return this;
    }

    public TrainSpecBuilder clipValue(double v) {
        clipValue = v;
        return this;
    }

    public TrainSpecBuilder maxNorm(double v) {
        maxNorm = v;
        return this;
    }

    public TrainSpecBuilder schedule(String v) {
        schedule = v;
        return this;
    }

    public TrainSpecBuilder epochs(int v) {
        if (v <= 0) {
            throw new SomaException("epochs must be positive, got " + v);
        }
        epochs = v;
        return this;
    }

    /** The global batch: examples per optimizer step, summed over all partitions. */
    public TrainSpecBuilder batchSize(int v) {
        if (v <= 0) {
            throw new SomaException("batch size must be positive, got " + v);
        }
        batchSize = v;
        return this;
    }

    public TrainSpecBuilder seed(long v) {
        seed = v;
        return this;
    }

    public TrainSpecBuilder mode(Mode v) {
        mode = v;
        return this;
    }

    /** Local steps between two averagings (local-SGD mode). */
    public TrainSpecBuilder k(int v) {
        if (v <= 0) {
            throw new SomaException("k (local steps between averagings) must be positive, got " + v);
        }
        k = v;
        return this;
    }

    /** How the workers synchronize: one job per synchronization, or one barrier job per epoch ({@link Sync}). */
    public TrainSpecBuilder sync(Sync v) {
        sync = v;
        return this;
    }

    /** Local SGD: average the optimizer state too (default), or let each task keep its own. */
    public TrainSpecBuilder averageOptimizerState(boolean v) {
        averageOptimizerState = v;
        return this;
    }

    /** Kernel threads of each task (default 1: one task per core). */
    public TrainSpecBuilder threadsPerTask(int v) {
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
    public TrainSpecBuilder runId(String v) {
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
