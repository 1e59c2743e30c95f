package dev.soma.optim;

/**
 * A learning-rate schedule, consulted at the start of each epoch: {@link #rate} gives the rate of epoch e (from 0)
 * of E epochs given the base rate. Reduce-on-plateau also {@link #observe}s the monitored loss after each epoch.
 */
public interface Schedule {
    /** The learning rate for epoch {@code epoch} (0-based) of {@code epochs}. */
    double rate(int epoch, int epochs, double base);

    /** Called after each epoch with the monitored loss (dev loss, or train loss without a dev set). */
    default void observe(double loss) {
    }

    /** Mutable state for checkpoints (empty for the stateless schedules). */
    default double[] state() {
        return new double[0];
    }

    /** Restores {@link #state()}. */
    default void loadState(double[] s) {
    }

    /** The text read back by {@link Schedules#parse}. */
    String spec();
}
