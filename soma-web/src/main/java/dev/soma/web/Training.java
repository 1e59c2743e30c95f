package dev.soma.web;

import dev.soma.autograd.NoGrad;
import dev.soma.nn.Linear;
import dev.soma.nn.Loss;
import dev.soma.nn.Sequential;
import dev.soma.optim.Optimizer;
import dev.soma.optim.OptimizerConfig;
import dev.soma.optim.Optimizers;
import dev.soma.optim.Schedule;
import dev.soma.optim.Schedules;
import dev.soma.tensor.Tensor;
import dev.soma.train.TrainConfig;
import dev.soma.train.TrainingStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A playground network being trained by soma-core's {@link TrainingStep}: each epoch shuffles the training points
 * (from the seed and the epoch number), then for each mini-batch computes the loss (plus the L1/L2 penalty) and the
 * gradients and applies the optimizer. The learning rate of epoch t is the schedule's rate(t, {@link #HORIZON}, base). After every epoch
 * the train and test losses (without penalty) are computed over the whole sets; a non-finite loss or weight restores
 * the weights of the epoch before, resets the optimizer and reports what happened.
 */
final class Training {
    /** The epoch count schedules that need one (cosine without a period) are given. */
    static final int HORIZON = 1000;

    private final Points data;
    private final Sequential model;
    private final Loss loss;
    private final int features;
    private final Tensor trainX;
    private final Tensor testX;
    private final int[] trainLabels;
    private final int[] testLabels;
    private final Tensor trainTargets;
    private final Tensor testTargets;
    private final Schedule schedule;
    private final List<Linear> linears;
    private final Set<Integer> hiddenActivations;
    private PlaygroundSettings settings;
    private Optimizer optimizer;
    private TrainingStep step;
    private int stepBatch;
    private LinkedHashMap<String, Tensor> lastGood;
    private int epoch;
    private double trainLoss;
    private double testLoss;
    private double lr;

    Training(PlaygroundSettings settings, Points data) {
        this.settings = settings;
        this.data = data;
        Network.Built built = Network.build(settings, data);
        this.model = built.model();
        this.linears = built.linears();
        this.hiddenActivations = built.hiddenActivations();
        this.loss = Network.loss(settings, data);
        this.features = settings.features.size();
        float[] all = Network.features(data.xy, settings.features);
        int n = data.size();
        int nt = data.trainCount;
        float[] tr = new float[nt * features];
        float[] te = new float[(n - nt) * features];
        System.arraycopy(all, 0, tr, 0, tr.length);
        System.arraycopy(all, tr.length, te, 0, te.length);
        this.trainX = Tensor.of(tr, nt, features);
        this.testX = Tensor.of(te, Math.max(0, n - nt), features);
        if (data.isClassification()) {
            trainLabels = java.util.Arrays.copyOfRange(data.labels, 0, nt);
            testLabels = java.util.Arrays.copyOfRange(data.labels, nt, n);
            trainTargets = null;
            testTargets = null;
        } else {
            trainLabels = null;
            testLabels = null;
            trainTargets = Tensor.of(java.util.Arrays.copyOfRange(data.targets, 0, nt), nt, 1);
            testTargets = Tensor.of(java.util.Arrays.copyOfRange(data.targets, nt, n), n - nt, 1);
        }
        this.schedule = Schedules.parse(settings.schedule);
        this.optimizer = newOptimizer();
        this.lr = settings.learningRate;
        this.lastGood = model.snapshot();
        evaluate();
    }

    private Optimizer newOptimizer() {
        return Optimizers.create(settings.optimizer, model.trainableParameters(), new OptimizerConfig().lr(settings.learningRate));
    }

    /** New learning and regularization rates and batch size, keeping the weights and the optimizer's state. */
    void setRates(PlaygroundSettings next) {
        this.settings = next;
        this.step = null;
    }

    /**
     * The training step for this batch size and penalty: soma-core's {@link TrainingStep}, which runs the model's
     * compiled stages when the loss allows (cross-entropy, or squared error without L1/L2), the autograd graph
     * otherwise.
     */
    private TrainingStep step(int batch) {
        if (step == null || stepBatch != batch) {
            TrainConfig cfg = new TrainConfig();
            if (settings.regularization.equals("l1")) {
                cfg.l1(settings.regularizationRate);
            } else if (settings.regularization.equals("l2")) {
                cfg.l2(settings.regularizationRate);
            }
            step = new TrainingStep(model, loss, optimizer, cfg, new int[] {features}, trainLabels != null, batch, true);
            stepBatch = batch;
        }
        return step;
    }

    /** The page edited a weight: the edit is the new last good state. */
    void weightsEdited() {
        lastGood = model.snapshot();
        evaluate();
    }

    /** Trains one epoch; returns null, or the divergence message (then the previous weights are back). */
    String epoch() {
        lr = schedule.rate(epoch, HORIZON, settings.learningRate);
        optimizer.setLr(lr);
        int n = data.trainCount;
        int bs = Math.min(settings.batchSize, n);
        int[] order = DataSets.permutation(n, settings.seed * 1_000_003L + epoch);
        TrainingStep step = step(bs);
        float[] src = trainX.floats();
        float[] xb = new float[bs * features];
        int[] yb = trainLabels != null ? new int[bs] : null;
        float[] tb = trainLabels == null ? new float[bs] : null;
        float[] t = trainTargets == null ? null : trainTargets.floats();
        for (int b = 0; b < n; b += bs) {
            int m = Math.min(bs, n - b);
            for (int i = 0; i < m; i++) {
                int k = order[b + i];
                System.arraycopy(src, k * features, xb, i * features, features);
                if (yb != null) {
                    yb[i] = trainLabels[k];
                } else {
                    tb[i] = t[k];
                }
            }
            step.computeGradients(xb, m, yb, tb);
            step.apply();
        }
        epoch++;
        evaluate();
        String bad = !Double.isFinite(trainLoss) ? "loss" : finiteWeights() ? null : "weights";
        if (bad != null) {
            String what = bad.equals("loss") ? "the training loss became " + fmt(trainLoss) : "a weight became infinite or NaN";
            model.loadStateDict(lastGood);
            optimizer = newOptimizer();
            step = null;
            epoch--;
            evaluate();
            return String.format(Locale.ROOT, "Diverged: %s in epoch %d with learning rate %s. Training is paused and "
                    + "the weights of epoch %d are back; lower the learning rate, then play or reset.", what, epoch + 1,
                    fmt(lr), epoch);
        }
        lastGood = model.snapshot();
        return null;
    }

    private boolean finiteWeights() {
        for (Tensor p : model.parameters()) {
            for (float v : p.floats()) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void evaluate() {
        trainLoss = lossOf(trainX, trainLabels, trainTargets);
        testLoss = testX.size(0) == 0 ? Double.NaN : lossOf(testX, testLabels, testTargets);
    }

    private double lossOf(Tensor x, int[] labels, Tensor targets) {
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor out = model.predict(x);
            return labels != null ? loss.compute(out, labels).item() : loss.compute(out, targets).item();
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "Infinity" : "-Infinity")
                : String.format(Locale.ROOT, "%.4g", v);
    }

    /** The network's linear layers in order (the weights the page draws and edits). */
    List<Linear> linears() {
        return linears;
    }

    /** The positions in {@code model().layers()} of the hidden activations (the neurons the page draws). */
    Set<Integer> hiddenActivations() {
        return hiddenActivations;
    }

    Sequential model() {
        return model;
    }

    PlaygroundSettings settings() {
        return settings;
    }

    Points data() {
        return data;
    }

    int epochCount() {
        return epoch;
    }

    double trainLoss() {
        return trainLoss;
    }

    double testLoss() {
        return testLoss;
    }

    double lr() {
        return lr;
    }
}
