package dev.soma.train;

/** Callbacks of a training run (progress bars, logging, custom stopping). All methods default to doing nothing. */
public interface TrainingListener {
    /** Before the first batch of epoch {@code epoch} (from 1) of {@code batches} batches. */
    default void onEpochStart(int epoch, int batches) {
    }

    /** After batch {@code batch} (from 1); loss and accuracy of that batch (accuracy NaN for regression). */
    default void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy) {
    }

    /** After the epoch, with its stats (dev values included). */
    default void onEpochEnd(EpochStats stats) {
    }

    /**
     * Asked after each epoch's {@link #onEpochEnd}: true stops training there (after the checkpoint), as Keras's
     * {@code model.stop_training = True}; the history's stop reason says so.
     */
    default boolean stopRequested() {
        return false;
    }
}
