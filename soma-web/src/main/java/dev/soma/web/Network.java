package dev.soma.web;

import dev.soma.kernel.Activation;
import dev.soma.nn.ActivationLayer;
import dev.soma.nn.Dropout;
import dev.soma.nn.Initializers;
import dev.soma.nn.Linear;
import dev.soma.nn.Loss;
import dev.soma.nn.Losses;
import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The playground's network, a Soma {@link Sequential}: for each hidden layer a {@link Linear}, its activation and,
 * with a dropout rate, a {@link Dropout}; then the output layer. Outputs: one logit for two classes (cross_entropy:
 * binary cross-entropy on logits; mse: a sigmoid, then squared error against 0/1), one logit per class for three or
 * more (softmax cross-entropy), one linear value for regression. Weights: He normal before ReLU-family activations,
 * Glorot uniform otherwise, seeded.
 */
final class Network {
    private Network() {
    }

    /** The enabled features of each point (rows of {@code features.size()} values). */
    static float[] features(float[] xy, List<String> features) {
        int n = xy.length / 2;
        int f = features.size();
        float[] out = new float[n * f];
        for (int i = 0; i < n; i++) {
            double x = xy[2 * i];
            double y = xy[2 * i + 1];
            for (int j = 0; j < f; j++) {
                out[i * f + j] = (float) feature(features.get(j), x, y);
            }
        }
        return out;
    }

    static double feature(String name, double x, double y) {
        switch (name) {
            case "x1": return x;
            case "x2": return y;
            case "x1^2": return x * x;
            case "x2^2": return y * y;
            case "x1x2": return x * y;
            case "sin_x1": return Math.sin(x);
            case "sin_x2": return Math.sin(y);
            default: throw new IllegalArgumentException("feature " + name);
        }
    }

    /** Number of network outputs for the data. */
    static int outputs(Points data) {
        return data.isClassification() && data.classes > 2 ? data.classes : 1;
    }

    /**
     * A built network: the model, its {@link Linear} layers in order (the weights the page draws and edits) and the
     * positions in {@code model.layers()} of the hidden activations (whose outputs are the neurons' heat maps).
     */
    record Built(Sequential model, List<Linear> linears, Set<Integer> hiddenActivations) {
    }

    static Built build(PlaygroundSettings s, Points data) {
        List<Module> layers = new ArrayList<>();
        List<Linear> linears = new ArrayList<>();
        Set<Integer> hidden = new HashSet<>();
        SplittableRandom rng = new SplittableRandom(s.seed * 31 + 7);
        int in = s.features.size();
        for (int i = 0; i < s.layers.size(); i++) {
            int out = s.layers.get(i);
            Activation act = Activation.parse(s.activations.get(i));
            Linear linear = new Linear(in, out, true, Initializers.defaultFor(act), rng);
            linears.add(linear);
            layers.add(linear);
            hidden.add(layers.size());
            layers.add(new ActivationLayer(act));
            if (s.dropout > 0) {
                layers.add(new Dropout(s.dropout, s.seed + i));
            }
            in = out;
        }
        Linear output = new Linear(in, outputs(data), true, Initializers.glorotUniform(), rng);
        linears.add(output);
        layers.add(output);
        if (sigmoidOutput(s, data)) {
            layers.add(new ActivationLayer(Activation.sigmoid()));
        }
        return new Built(new Sequential(layers), List.copyOf(linears), Set.copyOf(hidden));
    }

    static boolean sigmoidOutput(PlaygroundSettings s, Points data) {
        return data.isClassification() && data.classes == 2 && s.loss.equals("mse");
    }

    static Loss loss(PlaygroundSettings s, Points data) {
        if (data.isClassification()) {
            if (data.classes > 2) {
                return Losses.crossEntropy();
            }
            return s.loss.equals("mse") ? Losses.mse() : Losses.bceWithLogits();
        }
        return Losses.parse(s.loss);
    }
}
