package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.kernel.Activation;
import dev.soma.tensor.Shapes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Reads the architecture strings of {@link Sequential#spec()}: each token goes to the {@link LayerFactory} that
 * names it (found with {@link ServiceLoader}); other tokens are activations. The example shape is followed from
 * {@code inputShape} (when given) so that factories can fill in widths and report misfits by layer.
 */
final class SpecParser {
    private static volatile Map<String, LayerFactory> factories;

    private SpecParser() {
    }

    static Map<String, LayerFactory> factories() {
        Map<String, LayerFactory> f = factories;
        if (f == null) {
            f = new HashMap<>();
            for (LayerFactory lf : ServiceLoader.load(LayerFactory.class, SpecParser.class.getClassLoader())) {
                for (String n : lf.names()) {
                    f.put(n, lf);
                }
            }
            factories = f;
        }
        return f;
    }

    static Sequential parse(String spec, Initializer init, long seed, int[] inputShape) {
        if (spec == null || spec.isBlank()) {
            throw new SomaException("architecture spec is empty; expected e.g. linear:784:256,relu,linear:256:10");
        }
        String[] tokens = split(spec);
        List<Module> layers = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] shape = inputShape;
        boolean atInput = true; // no layer has changed the data's shape yet
        for (int i = 0; i < tokens.length; i++) {
            LayerToken t = new LayerToken(tokens[i]);
            LayerFactory f = factories().get(t.name());
            Module m;
            if (f != null) {
                SpecContext ctx = new SpecContext(shape, seed + i, rng.split(), init, nextActivation(tokens, i + 1));
                m = f.create(t, ctx);
            } else {
                if (!Activation.NAMES.contains(t.name())) {
                    throw new SomaException("layer '" + t.text() + "': unknown layer; expected a layer "
                            + new TreeSet<>(factories().keySet()) + " or an activation " + Activation.NAMES);
                }
                m = new ActivationLayer(Activation.parse(t.text()));
            }
            int[] want = m.inputShape();
            if (shape == null) {
                shape = want;
            } else if (atInput && want != null && want.length == 1 && want[0] == Shapes.numel(shape)) {
                shape = want; // a network that starts flat takes the examples flattened (an MLP on images)
            }
            if (shape != null) {
                int[] before = shape;
                try {
                    shape = m.outputShape(shape);
                    atInput &= java.util.Arrays.equals(before, shape);
                } catch (SomaException e) {
                    throw new SomaException("layer " + (i + 1) + " '" + t.text() + "': " + e.getMessage());
                }
            }
            layers.add(m);
        }
        return new Sequential(layers);
    }

    /** Splits at the commas outside parentheses ("residual(linear:8:8,relu),relu" is two tokens). */
    static String[] split(String spec) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < spec.length(); i++) {
            char ch = spec.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
                if (depth < 0) {
                    throw new SomaException("architecture spec '" + spec + "': ')' at position " + (i + 1) + " has no '('");
                }
            } else if (ch == ',' && depth == 0) {
                out.add(spec.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new SomaException("architecture spec '" + spec + "': " + depth + " '(' not closed");
        }
        out.add(spec.substring(start));
        return out.toArray(new String[0]);
    }

    /** The activation after position {@code from}, looking past layers that pass it (PReLU counts as leaky ReLU). */
    private static Activation nextActivation(String[] tokens, int from) {
        for (int j = from; j < tokens.length; j++) {
            LayerToken t = new LayerToken(tokens[j]);
            LayerFactory f = factories().get(t.name());
            if (f != null && f.actsAs() != null) {
                return f.actsAs();
            }
            if (f != null) {
                if (f.passesActivation()) {
                    continue;
                }
                return null;
            }
            try {
                return Activation.parse(t.text());
            } catch (SomaException e) {
                return null;
            }
        }
        return null;
    }
}
