package dev.soma.nn;

/**
 * A module that draws random numbers (dropout masks). Call number k of its generator is seeded from (seed, k), so
 * its whole state is the seed and a call counter, which checkpoints save and restore for an exact resume.
 */
public interface Stochastic {
    /** Re-seeds the generator and resets the call counter. */
    void setSeed(long seed);

    /** Number of training forward passes so far (the generator state). */
    long calls();

    /** Restores the generator state. */
    void setCalls(long calls);
}
