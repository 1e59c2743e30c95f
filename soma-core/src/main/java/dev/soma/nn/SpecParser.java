package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.kernel.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Reads the architecture strings of {@link Sequential#spec()}. */
final class SpecParser {
    private SpecParser() {
    }

    static Sequential parse(String spec, Initializer init, long seed) {
        if (spec == null || spec.isBlank()) {
            throw new SomaException("architecture spec is empty; expected e.g. linear:784:256,relu,linear:256:10");
        }
        String[] tokens = spec.split(",");
        List<Module> layers = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        int width = -1;
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i].trim().toLowerCase(Locale.ROOT);
            String[] parts = t.split(":");
            Module m;
            switch (parts[0]) {
                case "linear": case "dense": {
                    int in;
                    int out;
                    boolean bias = !t.endsWith(":nobias");
                    int n = bias ? parts.length : parts.length - 1;
                    if (n == 3) {
                        in = integer(parts[1], t);
                        out = integer(parts[2], t);
                    } else if (n == 2 && width > 0) {
                        in = width;
                        out = integer(parts[1], t);
                    } else {
                        throw new SomaException("layer '" + t + "': expected linear:<in>:<out>");
                    }
                    Initializer ini = init != null ? init : Initializers.defaultFor(nextActivation(tokens, i + 1));
                    m = new Linear(in, out, bias, ini, rng.split());
                    break;
                }
                case "dropout":
                    m = new Dropout(parts.length > 1 ? number(parts[1], t) : 0.5, seed + i);
                    break;
                case "prelu":
                    m = parts.length > 1 ? new PReLU(integer(parts[1], t), 0.25) : new PReLU();
                    break;
                case "softmax":
                    m = new Softmax();
                    break;
                default:
                    m = new ActivationLayer(Activation.parse(t));
            }
            width = m.outputSize(width);
            layers.add(m);
        }
        return new Sequential(layers);
    }

    /** The activation right after position {@code from} (PReLU counts as leaky ReLU), or null. */
    private static Activation nextActivation(String[] tokens, int from) {
        for (int j = from; j < tokens.length; j++) {
            String t = tokens[j].trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("dropout")) {
                continue;
            }
            if (t.startsWith("linear") || t.startsWith("dense") || t.equals("softmax")) {
                return null;
            }
            if (t.startsWith("prelu")) {
                return Activation.leakyRelu(0.25);
            }
            return Activation.parse(t);
        }
        return null;
    }

    private static int integer(String s, String token) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new SomaException("layer '" + token + "': '" + s + "' is not an integer");
        }
    }

    private static double number(String s, String token) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new SomaException("layer '" + token + "': '" + s + "' is not a number");
        }
    }
}
