package dev.soma.train;

import dev.soma.SomaException;

/**
 * Training stopped because the loss became NaN or infinite (usually a learning rate that is too large). The model
 * holds the weights of the last step whose loss was finite.
 */
public final class DivergenceException extends SomaException {
    private final int epoch;
    private final int batch;
    private final double learningRate;

    public DivergenceException(int epoch, int batch, int batches, double loss, double learningRate) {
        super("training diverged at epoch " + epoch + ", batch " + batch + " of " + batches + ": loss is "
                + (Double.isNaN(loss) ? "NaN" : loss > 0 ? "+Infinity" : "-Infinity") + " with learning rate "
                + learningRate + "; the last good weights were kept; try a smaller learning rate, e.g. "
                + learningRate / 10);
        this.epoch = epoch;
        this.batch = batch;
        this.learningRate = learningRate;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }

    public double learningRate() {
        return learningRate;
    }
}
