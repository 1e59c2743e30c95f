package dev.soma.train;

import dev.soma.SomaException;
import dev.soma.autograd.NoGrad;
import dev.soma.autograd.Reductions;
import dev.soma.data.Dataset;
import dev.soma.data.Standardizer;
import dev.soma.kernel.Parallel;
import dev.soma.nn.Loss;
import dev.soma.nn.Losses;
import dev.soma.nn.Module;
import dev.soma.optim.Optimizer;
import dev.soma.optim.Optimizers;
import dev.soma.optim.Schedule;
import dev.soma.optim.Schedules;
import dev.soma.tensor.DType;
import dev.soma.tensor.Rng;
import dev.soma.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Mini-batch training by back-propagation. Each epoch: the learning rate from the schedule; the example order
 * shuffled by a generator seeded from (seed, epoch) (so a resumed run sees the same orders); batches of
 * {@code batchSize} examples, the last partial batch included, read into a reused float buffer; per batch: forward,
 * loss (+ L1/L2 penalties), divergence check, backward, clipping, optimizer step, max-norm; then the dev loss and
 * accuracy, the schedule's observation, early stopping, the history and the listeners.
 *
 * <p>Divergence guard: a NaN or infinite loss stops training at once with a {@link DivergenceException}; the model
 * is set back to the weights before the last update (those of the last finite loss).
 *
 * <p>Standardization ({@link TrainConfig#standardize}): mean/std are fitted on the training set only and applied to
 * every training and dev batch; {@link #standardizer()} gives them for saving with the model.
 *
 * <p>Determinism: with the same seed, data and thread count the weights after training are bit-identical.
 */
public final class Trainer {
    private final TrainConfig cfg;
    private Optimizer optimizer;
    private Schedule schedule;
    private Loss loss;
    private InputTransform transform;
    private Standardizer standardizer;
    private boolean planAllowed = !"false".equals(System.getProperty("soma.compiledStep")); // A/B switch for benchmarks
    private boolean planUsed;

    public Trainer(TrainConfig cfg) {
        this.cfg = cfg;
    }

    /**
     * Allows (default) or forbids the compiled training step ({@link TrainingStep}: no graph, no allocation per batch,
     * the same numbers); forbidding it forces the autograd path, the specification the plan is tested against.
     * The default can be turned off for a whole JVM with {@code -Dsoma.compiledStep=false} (benchmark comparisons).
     */
    public Trainer compiledStep(boolean allowed) {
        this.planAllowed = allowed;
        return this;
    }

    /** True when the last {@link #fit} trained with the compiled step rather than the autograd graph. */
    public boolean usedCompiledStep() {
        return planUsed;
    }

    /** Standardizes (or otherwise transforms) every input batch, train and dev (e.g. {@code standardizer::apply}). */
    public Trainer inputTransform(InputTransform t) {
        this.transform = t;
        return this;
    }

    /** The standardizer fitted on the training set by the last {@link #fit} (with standardize on), or null. */
    public Standardizer standardizer() {
        return standardizer;
    }

    /** The optimizer of the last {@link #fit} (its state goes into checkpoints). */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The loss used by the last {@link #fit}. */
    public Loss loss() {
        return loss;
    }

    /** Trains {@code model} (any module) on {@code train}, measuring on {@code dev} (nullable) after each epoch. */
    public History fit(Module model, Dataset train, Dataset dev, TrainingListener... listeners) {
        int[] shape = InputShapes.of(model, train);
        if (dev != null && dev.size() > 0) {
            InputShapes.of(model, dev);
        }
        int before = Parallel.threads();
        if (cfg.threads() > 0 && cfg.threads() != before) {
            Parallel.setThreads(cfg.threads());
        }
        try {
            return run(model, shape, train, dev, listeners);
        } finally {
            if (Parallel.threads() != before) {
                Parallel.setThreads(before); // the kernel thread count is the caller's again
            }
        }
    }

    private History run(Module model, int[] shape, Dataset train, Dataset dev, TrainingListener[] listeners) {
        boolean classification = train.isClassification();
        int outputs = InputShapes.outputs(model, shape);
        loss = cfg.loss() != null ? Losses.parse(cfg.loss()) : Losses.defaultFor(model, outputs, classification);
        checkOutputs(outputs, train);
        InputTransform tf = transform;
        standardizer = null;
        if (cfg.standardize() && tf == null) {
            standardizer = Standardizer.fit(train);
            tf = standardizer::apply;
        }
        optimizer = Optimizers.create(cfg.optimizer(), model.parameters(), cfg.optimizerConfig());
        double baseLr = optimizer.lr();
        schedule = Schedules.parse(cfg.schedule());
        model.seedRng(cfg.seed());
        EarlyStopping stopper = new EarlyStopping(cfg.earlyStoppingPatience());
        History history = new History();
        int start = 0;
        if (cfg.resume() && cfg.checkpointDir() != null) {
            start = Checkpoint.resume(cfg.checkpointDir(), model, optimizer, schedule, stopper, history);
        }
        int n = train.size();
        int bs = Math.min(cfg.batchSize(), Math.max(n, 1));
        int batches = (n + bs - 1) / bs;
        int features = train.features();
        float[] full = new float[bs * features];
        float[] partial = n % bs == 0 ? full : new float[(n % bs) * features];
        float[] targets = classification ? null : new float[bs * train.targetWidth()];
        int[] labels = classification ? new int[bs] : null;
        WeightBackup backup = new WeightBackup(model.parameters());
        TrainingStep step = new TrainingStep(model, loss, optimizer, cfg, shape, classification, bs, planAllowed);
        planUsed = step.compiled();
        int[] order = new int[n];
        for (int epoch = start; epoch < cfg.epochs(); epoch++) {
            long t0 = System.nanoTime();
            double lr = schedule.rate(epoch, cfg.epochs(), baseLr);
            optimizer.setLr(lr);
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            if (cfg.shuffle()) {
                Rng.shuffle(order, new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + epoch));
            }
            for (TrainingListener l : listeners) {
                l.onEpochStart(epoch + 1, batches);
            }
            model.train(true);
            double lossSum = 0;
            long correct = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * bs;
                int to = Math.min(n, from + bs);
                int rows = to - from;
                if (cfg.schedulePerIteration()) {
                    lr = schedule.rate(epoch * batches + b, cfg.epochs() * batches, baseLr);
                    optimizer.setLr(lr);
                }
                float[] buf = rows == bs ? full : partial;
                train.inputs(order, from, to, buf);
                if (tf != null) {
                    tf.apply(buf, rows);
                }
                if (classification) {
                    for (int i = 0; i < rows; i++) {
                        labels[i] = train.label(order[from + i]);
                    }
                } else {
                    train.targets(order, from, to, targets);
                }
                double value = step.forward(buf, rows, labels, targets);
                if (!Double.isFinite(value)) {
                    backup.restore();
                    model.train(false);
                    throw new DivergenceException(epoch + 1, b + 1, batches, value, lr);
                }
                step.backward();
                step.apply(backup);
                lossSum += value * rows;
                double acc = Double.NaN;
                if (classification) {
                    int right = step.correct();
                    correct += right;
                    acc = (double) right / rows;
                }
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(epoch + 1, b + 1, batches, value, acc);
                }
            }
            model.train(false);
            double devLoss = Double.NaN;
            double devAcc = Double.NaN;
            if (dev != null && dev.size() > 0) {
                if (classification) {
                    ClassificationReport r = Evaluation.classification(model, dev, loss, tf);
                    devLoss = r.loss();
                    devAcc = r.accuracy();
                } else {
                    devLoss = Evaluation.meanLoss(model, dev, loss, tf);
                }
            }
            double trainLoss = n == 0 ? Double.NaN : lossSum / n;
            schedule.observe(Double.isNaN(devLoss) ? trainLoss : devLoss);
            double seconds = (System.nanoTime() - t0) / 1e9;
            EpochStats stats = new EpochStats(epoch + 1, trainLoss, classification ? (double) correct / n : Double.NaN,
                    devLoss, devAcc, seconds, n / Math.max(seconds, 1e-9), lr);
            history.add(stats);
            boolean early = stopper.update(epoch + 1, devLoss, model);
            boolean asked = false;
            for (TrainingListener l : listeners) {
                l.onEpochEnd(stats);
                asked |= l.stopRequested();
            }
            if (cfg.checkpointDir() != null) {
                Checkpoint.save(cfg.checkpointDir(), epoch + 1, model, optimizer, schedule, stopper, history);
            }
            if (early) {
                history.setStopReason("early stopping at epoch " + (epoch + 1) + ": dev loss did not improve for "
                        + cfg.earlyStoppingPatience() + " epochs (best " + stopper.bestEpoch() + ")");
                break;
            }
            if (asked) {
                history.setStopReason("stopped at epoch " + (epoch + 1) + " by a training listener");
                break;
            }
        }
        if (stopper.enabled() && cfg.restoreBest() && stopper.best() != null) {
            model.loadStateDict(stopper.best());
            history.setBestEpoch(stopper.bestEpoch());
        }
        return history;
    }

    private void checkOutputs(int out, Dataset train) {
        if (train.isClassification()) {
            boolean ok = out == train.classes() || (out == 1 && train.classes() == 2);
            if (!ok) {
                throw new SomaException("model has " + out + " outputs but " + train.name() + " has "
                        + train.classes() + " classes (use " + train.classes() + " outputs, or 1 for two classes)");
            }
        } else if (out != train.targetWidth()) {
            throw new SomaException("model has " + out + " outputs but " + train.name() + " has "
                    + train.targetWidth() + " targets");
        }
    }

    static int[] labels(Dataset d, int[] order, int from, int to) {
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            y[i - from] = d.label(order[i]);
        }
        return y;
    }

    static Tensor targetTensor(Dataset d, int[] order, int from, int to, float[] buf, DType dtype) {
        int w = d.targetWidth();
        int rows = to - from;
        float[] t = buf != null && buf.length == rows * w ? buf : new float[rows * w];
        d.targets(order, from, to, t);
        Tensor tt = Tensor.of(t, rows, w);
        return dtype == DType.F32 ? tt : tt.to(dtype);
    }

    /** The loss of one batch of {@code d} (labels or targets as the task says). */
    static Tensor batchLoss(Loss loss, Tensor out, Dataset d, int[] order, int from, int to) {
        return d.isClassification() ? loss.compute(out, labels(d, order, from, to))
                : loss.compute(out, targetTensor(d, order, from, to, null, out.dtype()));
    }

    /** Arg-max of each row, or for one output: 1 when above the loss's threshold. */
    static int[] predictedClasses(Tensor out, Loss loss) {
        if (out.size(1) != 1) {
            return Reductions.argmaxRows(out);
        }
        int rows = out.size(0);
        int[] pred = new int[rows];
        for (int r = 0; r < rows; r++) {
            pred[r] = out.get(r, 0) > loss.threshold() ? 1 : 0;
        }
        return pred;
    }
}
