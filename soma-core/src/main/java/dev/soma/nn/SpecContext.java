package dev.soma.nn;

import dev.soma.kernel.Activation;
import java.util.SplittableRandom;

/**
 * What a {@link LayerFactory} knows while a spec is read: the example shape produced so far (null when the
 * network's input shape is not known yet), the seed of this layer, a generator for its weights, and the
 * initializer for its weights (the user's, or the default for the activation that follows it).
 */
public final class SpecContext {
    private final int[] shape;
    private final long seed;
    private final SplittableRandom rng;
    private final Initializer init;
    private final Activation next;

    SpecContext(int[] shape, long seed, SplittableRandom rng, Initializer init, Activation next) {
        this.shape = shape == null ? null : shape.clone();
        this.seed = seed;
        this.rng = rng;
        this.init = init;
        this.next = next;
    }

    /** The example shape coming into this layer, or null when not known. */
    public int[] shape() {
        return shape == null ? null : shape.clone();
    }

    /** The seed of this layer (the spec's seed plus its position), for stochastic layers. */
    public long seed() {
        return seed;
    }

    /** An independent generator for this layer's initial weights. */
    public SplittableRandom rng() {
        return rng;
    }

    /** The initializer for this layer's weights: the user's, else He before the ReLU family, Glorot otherwise. */
    public Initializer initializer() {
        return init != null ? init : Initializers.defaultFor(next);
    }

    /**
     * Reads a nested spec (the inside of {@code residual(...)}) for examples of {@link #shape()}, with this
     * context's initializer choice and a seed of its own.
     */
    public Sequential parse(String spec) {
        return SpecParser.parse(spec, init, seed * 31 + 7, shape);
    }

    /** The activation that follows this layer (past dropout, pooling, normalization), or null. */
    public Activation nextActivation() {
        return next;
    }
}
