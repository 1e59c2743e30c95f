package dev.soma.spark.train;

/** One training mode's epoch loop over the driver's model; its optimizer state goes into checkpoints. */
interface EpochRunner {
    /** Trains epoch {@code epoch} (0-based) at learning rate {@code lr}. */
    EpochResult run(int epoch, double lr);

    /** The optimizer state to checkpoint, as safetensors bytes. */
    byte[] optimizerState();

    /** Restores {@link #optimizerState()}. */
    void loadOptimizerState(byte[] state);

    /** Releases what the runner holds beyond its epochs (sockets); called once training ends. */
    default void close() {
    }
}
