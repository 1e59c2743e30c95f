package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Fills a parameter tensor with initial values drawn from a seeded generator. fanIn/fanOut are those of the layer
 * (a Linear weight [out, in] has fanIn = in, fanOut = out). See {@link Initializers} for the catalogue.
 */
public interface Initializer {
    /** Overwrites every element of {@code t}. */
    void fill(Tensor t, int fanIn, int fanOut, SplittableRandom rng);

    /** The name read back by {@link Initializers#parse}. */
    String spec();
}
