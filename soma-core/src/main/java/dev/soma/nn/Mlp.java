package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.kernel.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Keras-like builder for the common multi-layer perceptron:
 * <pre>
 * Sequential model = Mlp.builder().input(784).hidden(256, 128).activation("relu").dropout(0.2)
 *         .output(10).init("he").seed(42).build();
 * </pre>
 * gives {@code linear:784:256,relu,dropout:0.2,linear:256:128,relu,dropout:0.2,linear:128:10}. The output layer is
 * linear (logits) unless {@link Builder#outputActivation} says otherwise. The initializer defaults to He for the
 * ReLU family and Glorot for the others; "prelu" as activation inserts learned-slope PReLU layers.
 */
public final class Mlp {
    private Mlp() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The builder; every setter returns it. */
    public static final class Builder {
        private int input = -1;
        private int[] hidden = new int[0];
        private String activation = "relu";
        private double dropout;
        private int output = -1;
        private String outputActivation = "identity";
        private String init;
        private long seed = 42;

        public Builder input(int n) {
            this.input = n;
            return this;
        }

        public Builder hidden(int... widths) {
            this.hidden = widths.clone();
            return this;
        }

        /** Hidden-layer activation ("relu", "tanh", "leaky_relu:0.1", "prelu", …). */
        public Builder activation(String name) {
            this.activation = name;
            return this;
        }

        /** Dropout rate after each hidden activation (0: none). */
        public Builder dropout(double p) {
            this.dropout = p;
            return this;
        }

        public Builder output(int n) {
            this.output = n;
            return this;
        }

        /** Activation of the output layer ("identity" by default: logits; "sigmoid", "softmax"). */
        public Builder outputActivation(String name) {
            this.outputActivation = name;
            return this;
        }

        /** Initializer name for every Linear (see {@link Initializers#parse}); default by activation. */
        public Builder init(String name) {
            this.init = name;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Sequential build() {
            if (input <= 0) {
                throw new SomaException("Mlp: input size must be positive, got " + input);
            }
            if (output <= 0) {
                throw new SomaException("Mlp: output size must be positive, got " + output);
            }
            boolean prelu = activation.trim().toLowerCase(java.util.Locale.ROOT).startsWith("prelu");
            Activation act = prelu ? Activation.leakyRelu(0.25) : Activation.parse(activation);
            Initializer fixed = init == null ? null : Initializers.parse(init);
            SplittableRandom rng = new SplittableRandom(seed);
            List<Module> layers = new ArrayList<>();
            int width = input;
            for (int h : hidden) {
                Initializer ini = fixed != null ? fixed : Initializers.defaultFor(act);
                layers.add(new Linear(width, h, true, ini, rng.split()));
                layers.add(prelu ? new PReLU() : new ActivationLayer(act));
                if (dropout > 0) {
                    layers.add(new Dropout(dropout, seed + layers.size()));
                }
                width = h;
            }
            boolean softmax = outputActivation.equalsIgnoreCase("softmax");
            Activation outAct = softmax ? Activation.identity() : Activation.parse(outputActivation);
            Initializer ini = fixed != null ? fixed : Initializers.defaultFor(outAct);
            layers.add(new Linear(width, output, true, ini, rng.split()));
            if (softmax) {
                layers.add(new Softmax());
            } else if (outAct.kind() != Activation.Kind.IDENTITY) {
                layers.add(new ActivationLayer(outAct));
            }
            return new Sequential(layers);
        }
    }
}
