package dev.soma.train;

/**
 * What one epoch did. Epochs count from 1. Dev values are NaN without a dev set; accuracies are NaN for regression.
 * The train loss is the mean over the epoch's examples of the batch losses (penalties included).
 */
public final class EpochStats {
    private final int epoch;
    private final double trainLoss;
    private final double trainAccuracy;
    private final double devLoss;
    private final double devAccuracy;
    private final double seconds;
    private final double samplesPerSecond;
    private final double learningRate;

    public EpochStats(int epoch, double trainLoss, double trainAccuracy, double devLoss, double devAccuracy,
                      double seconds, double samplesPerSecond, double learningRate) {
        this.epoch = epoch;
        this.trainLoss = trainLoss;
        this.trainAccuracy = trainAccuracy;
        this.devLoss = devLoss;
        this.devAccuracy = devAccuracy;
        this.seconds = seconds;
        this.samplesPerSecond = samplesPerSecond;
        this.learningRate = learningRate;
    }

    public int epoch() {
        return epoch;
    }

    public double trainLoss() {
        return trainLoss;
    }

    public double trainAccuracy() {
        return trainAccuracy;
    }

    public double devLoss() {
        return devLoss;
    }

    public double devAccuracy() {
        return devAccuracy;
    }

    public double seconds() {
        return seconds;
    }

    public double samplesPerSecond() {
        return samplesPerSecond;
    }

    public double learningRate() {
        return learningRate;
    }

    /** The values as an array (epoch, trainLoss, trainAccuracy, devLoss, devAccuracy, seconds, samples/s, lr). */
    public double[] toArray() {
        return new double[] {epoch, trainLoss, trainAccuracy, devLoss, devAccuracy, seconds, samplesPerSecond, learningRate};
    }

    /** Reads {@link #toArray()} back. */
    public static EpochStats fromArray(double[] a) {
        return new EpochStats((int) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
    }

    @Override
    public String toString() {
        return String.format("epoch %d: loss %.4f acc %.4f dev_loss %.4f dev_acc %.4f lr %.3g %.1fs %.0f samples/s",
                epoch, trainLoss, trainAccuracy, devLoss, devAccuracy, learningRate, seconds, samplesPerSecond);
    }
}
