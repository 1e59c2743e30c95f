package dev.soma.nn;

import java.util.List;

/**
 * Reads one kind of token of the architecture grammar ({@code linear:784:256}, {@code conv:1:32:3:pad=1}, …) into
 * a module. Each layer keeps its factory in its own file, as a nested {@code Spec} class, registered in
 * {@code META-INF/services/dev.soma.nn.LayerFactory} (the JDK's {@link java.util.ServiceLoader}), which is also how a
 * user's own layers join the grammar. Tokens no factory names are read as activations ("relu", "leaky_relu:0.2").
 */
public interface LayerFactory {
    /** The token names this factory reads ("linear", "dense"). */
    List<String> names();

    /** The layer of token {@code t}; {@code ctx} knows the example shape so far (if any), the seed and the initializer. */
    Module create(LayerToken t, SpecContext ctx);

    /**
     * True for layers that keep the nature of the values flowing through them (dropout, pooling, flatten,
     * normalization): the default initializer of a weight layer looks past them to the activation that follows.
     */
    default boolean passesActivation() {
        return false;
    }

    /** The activation this layer acts as for the initializer of the weight layer before it (PReLU: leaky ReLU). */
    default dev.soma.kernel.Activation actsAs() {
        return null;
    }
}
