package dev.soma.train;

import dev.soma.nn.Module;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;

/** Early stopping on the dev loss with patience, keeping a copy of the best weights. */
final class EarlyStopping {
    private final int patience;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch = -1;
    private int wait;
    private LinkedHashMap<String, Tensor> best;

    EarlyStopping(int patience) {
        this.patience = patience;
    }

    boolean enabled() {
        return patience > 0;
    }

    /** Records an epoch's dev loss; true when training should stop. */
    boolean update(int epoch, double devLoss, Module model) {
        if (!enabled() || Double.isNaN(devLoss)) {
            return false;
        }
        if (devLoss < bestLoss) {
            bestLoss = devLoss;
            bestEpoch = epoch;
            wait = 0;
            best = model.snapshot();
            return false;
        }
        return ++wait >= patience;
    }

    LinkedHashMap<String, Tensor> best() {
        return best;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    double[] state() {
        return new double[] {bestLoss, bestEpoch, wait};
    }

    void load(double[] s, LinkedHashMap<String, Tensor> bestWeights) {
        bestLoss = s[0];
        bestEpoch = (int) s[1];
        wait = (int) s[2];
        best = bestWeights;
    }
}
