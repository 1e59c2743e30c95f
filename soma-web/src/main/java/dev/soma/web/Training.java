package dev.soma.web;

import dev.soma.autograd.NoGrad;
import dev.soma.nn.Linear;
import dev.soma.nn.Loss;
import dev.soma.nn.Module;
import dev.soma.nn.Penalties;
import dev.soma.nn.Sequential;
import dev.soma.optim.Optimizer;
import dev.soma.optim.OptimizerConfig;
import dev.soma.optim.Optimizers;
import dev.soma.optim.Schedule;
import dev.soma.optim.Schedules;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * A playground network being trained on the autograd path: each epoch shuffles the training points (from the seed
 * and the epoch number), then for each mini-batch runs forward, the loss (plus the L1/L2 penalty), backward and the
 * optimizer's step. The learning rate of epoch t is the schedule's rate(t, {@link #HORIZON}, base). After every epoch
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
    private final List<Tensor> penalized;
    private final Schedule schedule;
    private PlaygroundSettings settings;
    private Optimizer optimizer;
    private LinkedHashMap<String, Tensor> lastGood;
    private int epoch;
    private double trainLoss;
    private double testLoss;
    private double lr;

    Training(PlaygroundSettings settings, Points data) {
        this.settings = settings;
        this.data = data;
        this.model = Network.build(settings, data);
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
        this.penalized = Penalties.weights(model);
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
        model.train(true);
        for (int b = 0; b < n; b += bs) {
            int m = Math.min(bs, n - b);
            float[] xb = new float[m * features];
            float[] src = trainX.floats();
            for (int i = 0; i < m; i++) {
                System.arraycopy(src, order[b + i] * features, xb, i * features, features);
            }
            Tensor out = model.forward(Tensor.of(xb, m, features));
            Tensor l;
            if (trainLabels != null) {
                int[] yb = new int[m];
                for (int i = 0; i < m; i++) {
                    yb[i] = trainLabels[order[b + i]];
                }
                l = loss.compute(out, yb);
            } else {
                float[] tb = new float[m];
                float[] t = trainTargets.floats();
                for (int i = 0; i < m; i++) {
                    tb[i] = t[order[b + i]];
                }
                l = loss.compute(out, Tensor.of(tb, m, 1));
            }
            if (settings.regularization.equals("l2") && settings.regularizationRate > 0) {
                l = l.add(Penalties.l2(penalized, settings.regularizationRate, m));
            } else if (settings.regularization.equals("l1") && settings.regularizationRate > 0) {
                l = l.add(Penalties.l1(penalized, settings.regularizationRate, m));
            }
            optimizer.zeroGrad();
            l.backward();
            optimizer.step();
        }
        model.train(false);
        epoch++;
        evaluate();
        String bad = !Double.isFinite(trainLoss) ? "loss" : finiteWeights() ? null : "weights";
        if (bad != null) {
            String what = bad.equals("loss") ? "the training loss became " + fmt(trainLoss) : "a weight became infinite or NaN";
            model.loadStateDict(lastGood);
            optimizer = newOptimizer();
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

    List<Linear> linears() {
        List<Linear> out = new ArrayList<>();
        for (Module m : model.layers()) {
            if (m instanceof Linear) {
                out.add((Linear) m);
            }
        }
        return out;
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
