package dev.soma.train;

import dev.soma.Numbers;
import dev.soma.SomaException;

/**
 * Training stopped because the loss became NaN or infinite (usually a learning rate that is too large). The model
 * holds the weights of the last step whose loss was finite.
 */
public final class DivergenceException extends SomaException {
    private final int epoch;
    private final int batch;
    private final int batches;
    private final double loss;
    private final double learningRate;

    public DivergenceException(int epoch, int batch, int batches, double loss, double learningRate) {
        this(epoch, batch, batches, loss, learningRate, "the last good weights were kept in the model");
    }

    private DivergenceException(int epoch, int batch, int batches, double loss, double learningRate, String weights) {
        super("training diverged at epoch " + epoch + ", batch " + batch + " of " + batches + ": loss is "
                + Numbers.human(loss) + " with learning rate " + Numbers.human(learningRate) + "; " + weights
                + "; try a smaller learning rate, e.g. " + Numbers.human(learningRate / 10));
        this.epoch = epoch;
        this.batch = batch;
        this.batches = batches;
        this.loss = loss;
        this.learningRate = learningRate;
    }

    /**
     * The same exception, its message saying what became of the last good weights ("the last good weights were
     * written to m.safetensors", "… were not saved").
     */
    public DivergenceException withWeights(String whatBecameOfThem) {
        return new DivergenceException(epoch, batch, batches, loss, learningRate, whatBecameOfThem);
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
