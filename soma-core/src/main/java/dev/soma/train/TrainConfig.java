package dev.soma.train;

import dev.soma.SomaException;
import dev.soma.optim.OptimizerConfig;
import java.nio.file.Path;

/**
 * Everything a training run needs, fluent, with Keras/PyTorch defaults: 10 epochs, batch 32, Adam at its default
 * rate, constant schedule, seed 42, shuffling each epoch, no regularization, no early stopping.
 */
public final class TrainConfig {
    private int epochs = 10;
    private int batchSize = 32;
    private String optimizer = "adam";
    private OptimizerConfig opt = new OptimizerConfig();
    private String schedule = "constant";
    private boolean schedulePerIteration;
    private long seed = 42;
    private boolean shuffle = true;
    private double l1;
    private double l2;
    private double weightDecay;
    private double clipNorm;
    private double clipValue;
    private double maxNorm;
    private int patience;
    private boolean restoreBest = true;
    private Path checkpointDir;
    private boolean resume;
    private int threads;
    private String loss;
    private boolean standardize;

    public TrainConfig epochs(int v) {
        if (v <= 0) {
            throw new SomaException("epochs must be positive, got " + v);
        }
        epochs = v;
        return this;
    }

    /** Examples per update: 1 is stochastic gradient descent, the set size is batch gradient descent. */
    public TrainConfig batchSize(int v) {
        if (v <= 0) {
            throw new SomaException("batch size must be positive, got " + v);
        }
        batchSize = v;
        return this;
    }

    /** Optimizer name (see optim.Optimizers). */
    public TrainConfig optimizer(String name) {
        optimizer = name;
        return this;
    }

    /** Learning rate (default: the optimizer's). */
    public TrainConfig lr(double v) {
        if (!(v > 0)) {
            throw new SomaException("learning rate must be positive, got " + v);
        }
        opt.lr(v);
        return this;
    }

    public TrainConfig momentum(double v) {
        opt.momentum(v);
        return this;
    }

    /** SGD momentum in the tutorials' form v ← μv + (1 − μ)g instead of PyTorch's b ← μb + g (see optim.Sgd). */
    public TrainConfig emaMomentum(boolean v) {
        opt.emaMomentum(v);
        return this;
    }

    /** RMSprop's β of the tutorials (PyTorch's α, Keras's ρ): v ← βv + (1 − β)g². */
    public TrainConfig rmspropBeta(double v) {
        opt.alpha(v);
        return this;
    }

    public TrainConfig nesterov(boolean v) {
        opt.nesterov(v);
        return this;
    }

    public TrainConfig beta1(double v) {
        opt.beta1(v);
        return this;
    }

    public TrainConfig beta2(double v) {
        opt.beta2(v);
        return this;
    }

    public TrainConfig eps(double v) {
        opt.eps(v);
        return this;
    }

    /** Full optimizer hyperparameters (replaces lr/momentum/betas set before). */
    public TrainConfig optimizerConfig(OptimizerConfig c) {
        opt = c.copy();
        return this;
    }

    /** Learning-rate schedule spec (see optim.Schedules.parse). */
    public TrainConfig schedule(String spec) {
        schedule = spec;
        return this;
    }

    /**
     * Ask the schedule for the rate before every batch, counting iterations instead of epochs (default false: once
     * per epoch).
     */
    public TrainConfig schedulePerIteration(boolean v) {
        schedulePerIteration = v;
        return this;
    }

    public TrainConfig seed(long v) {
        seed = v;
        return this;
    }

    public TrainConfig shuffle(boolean v) {
        shuffle = v;
        return this;
    }

    /** L1 penalty λ: adds λ/m·Σ|W| to the loss of each batch of m examples (weights only). */
    public TrainConfig l1(double v) {
        l1 = v;
        return this;
    }

    /** L2 penalty λ: adds λ/(2m)·Σ‖W‖² to the loss of each batch of m examples (weights only). */
    public TrainConfig l2(double v) {
        l2 = v;
        return this;
    }

    /** Decoupled weight decay λ: θ ← θ·(1 − lr·λ) at every step, for any optimizer (AdamW style). */
    public TrainConfig weightDecay(double v) {
        weightDecay = v;
        return this;
    }

    /** Clip the global gradient norm to this value (0: off). */
    public TrainConfig clipNorm(double v) {
        clipNorm = v;
        return this;
    }

    /** Clip every gradient value into [−v, v] (0: off). */
    public TrainConfig clipValue(double v) {
        clipValue = v;
        return this;
    }

    /** Max-norm constraint on each unit's incoming weights (0: off). */
    public TrainConfig maxNorm(double v) {
        maxNorm = v;
        return this;
    }

    /** Stop when the dev loss has not improved for this many epochs (0: off); see {@link #restoreBest}. */
    public TrainConfig earlyStoppingPatience(int v) {
        patience = v;
        return this;
    }

    /** With early stopping, put back the weights of the best dev loss at the end (default true). */
    public TrainConfig restoreBest(boolean v) {
        restoreBest = v;
        return this;
    }

    /** Write a checkpoint there after each epoch (null: none). */
    public TrainConfig checkpointDir(Path dir) {
        checkpointDir = dir;
        return this;
    }

    /** Continue from the checkpoint in {@link #checkpointDir} when there is one. */
    public TrainConfig resume(boolean v) {
        resume = v;
        return this;
    }

    /**
     * Threads for the kernels during {@code fit} (kernel.Parallel.setThreads when training starts, the previous count
     * restored when it returns); 0, the default, leaves the kernels' setting ({@code -Dsoma.threads}, else all processors). Same seed, data and threads: same weights.
     */
    public TrainConfig threads(int v) {
        if (v <= 0) {
            throw new SomaException("threads must be positive, got " + v);
        }
        threads = v;
        return this;
    }

    /** Loss name (see nn.Losses.parse); null picks the natural one for the model and task. */
    public TrainConfig loss(String name) {
        loss = name;
        return this;
    }

    /** Standardize inputs with mean/std fitted on the training set (applied to dev/test, saved with the model). */
    public TrainConfig standardize(boolean v) {
        standardize = v;
        return this;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public String optimizer() {
        return optimizer;
    }

    /** The optimizer hyperparameters, including the decoupled weight decay when set. */
    public OptimizerConfig optimizerConfig() {
        OptimizerConfig c = opt.copy();
        if (weightDecay != 0) {
            c.weightDecay(weightDecay).decoupled(true);
        }
        return c;
    }

    public String schedule() {
        return schedule;
    }

    public boolean schedulePerIteration() {
        return schedulePerIteration;
    }

    public long seed() {
        return seed;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public double l1() {
        return l1;
    }

    public double l2() {
        return l2;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public double clipNorm() {
        return clipNorm;
    }

    public double clipValue() {
        return clipValue;
    }

    public double maxNorm() {
        return maxNorm;
    }

    public int earlyStoppingPatience() {
        return patience;
    }

    public boolean restoreBest() {
        return restoreBest;
    }

    public Path checkpointDir() {
        return checkpointDir;
    }

    public boolean resume() {
        return resume;
    }

    /** The kernel thread count for the duration of a fit (restored afterwards), or 0 for "leave as is". */
    public int threads() {
        return threads;
    }

    public String loss() {
        return loss;
    }

    public boolean standardize() {
        return standardize;
    }
}
