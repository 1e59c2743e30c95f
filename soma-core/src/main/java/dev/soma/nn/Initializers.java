package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.kernel.Activation;
import dev.soma.tensor.Rng;
import dev.soma.tensor.Tensor;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The weight initializers of the tutorials, with PyTorch's formulas (torch.nn.init):
 * <ul>
 * <li>zeros, constant(c): every unit starts identical, so every hidden unit receives the same gradient and they stay
 *     identical forever (the symmetry problem);</li>
 * <li>uniform(a): U(−a, a) (the tutorials' U(−1, 1) is {@code uniform(1)}); normal(σ): N(0, σ²);</li>
 * <li>Glorot/Xavier uniform: U(−√(6/(in+out)), +…); Glorot normal: N(0, 2/(in+out));</li>
 * <li>He/Kaiming uniform: U(−√(6/in), +…); He normal: N(0, 2/in) (PyTorch's kaiming_normal_, not truncated);</li>
 * <li>LeCun normal: N(0, 1/in). This is what tutorial 004 (Andrew Ng's course) calls "Xavier" initialization,
 *     N(0, 1/n[l−1]); PyTorch's and Glorot's Xavier is the (in+out) form above. {@code tutorial_xavier} (and
 *     {@code ng_xavier}) name it in the tutorial's sense; the names {@code xavier_*} keep PyTorch's meaning.</li>
 * </ul>
 * Soma's default ({@link #defaultFor}) is He for the ReLU family and Glorot uniform for everything else (tanh, sigmoid,
 * identity). Note: PyTorch's own Linear default is kaiming_uniform(a=√5), i.e. U(−1/√in, 1/√in); Soma deliberately
 * follows the tutorials' advice instead.
 */
public final class Initializers {
    private Initializers() {
    }

    private static Initializer of(String spec, Filler f) {
        return new Initializer() {
            @Override
            public void fill(Tensor t, int fanIn, int fanOut, SplittableRandom rng) {
                for (int i = 0; i < t.numel(); i++) {
                    t.setFlat(i, f.draw(fanIn, fanOut, rng));
                }
            }

            @Override
            public String spec() {
                return spec;
            }

            @Override
            public String toString() {
                return spec;
            }
        };
    }

    private interface Filler {
        double draw(int fanIn, int fanOut, SplittableRandom rng);
    }

    public static Initializer zeros() {
        return of("zeros", (i, o, r) -> 0.0);
    }

    public static Initializer constant(double c) {
        return of("constant:" + c, (i, o, r) -> c);
    }

    /** U(−a, a). */
    public static Initializer uniform(double a) {
        return of("uniform:" + a, (i, o, r) -> -a + 2 * a * r.nextDouble());
    }

    /** N(0, σ²). */
    public static Initializer normal(double sigma) {
        return of("normal:" + sigma, (i, o, r) -> sigma * Rng.gaussian(r));
    }

    /** U(−√(6/(in+out)), √(6/(in+out))). */
    public static Initializer glorotUniform() {
        return of("glorot_uniform", (i, o, r) -> {
            double a = Math.sqrt(6.0 / (i + o));
            return -a + 2 * a * r.nextDouble();
        });
    }

    /** N(0, 2/(in+out)). */
    public static Initializer glorotNormal() {
        return of("glorot_normal", (i, o, r) -> Math.sqrt(2.0 / (i + o)) * Rng.gaussian(r));
    }

    /** U(−√(6/in), √(6/in)). */
    public static Initializer heUniform() {
        return of("he_uniform", (i, o, r) -> {
            double a = Math.sqrt(6.0 / i);
            return -a + 2 * a * r.nextDouble();
        });
    }

    /** N(0, 2/in). */
    public static Initializer heNormal() {
        return of("he_normal", (i, o, r) -> Math.sqrt(2.0 / i) * Rng.gaussian(r));
    }

    /** N(0, 1/in). */
    public static Initializer lecunNormal() {
        return of("lecun_normal", (i, o, r) -> Math.sqrt(1.0 / i) * Rng.gaussian(r));
    }

    /** He normal before ReLU-family activations, Glorot uniform otherwise (tanh, sigmoid, identity, softmax). */
    public static Initializer defaultFor(Activation next) {
        return next != null && next.isReluFamily() ? heNormal() : glorotUniform();
    }

    /**
     * Parses "zeros", "constant:0.5", "uniform" (U(−1,1)), "uniform:0.05", "normal:0.01", "glorot"/"xavier"
     * (uniform), "glorot_normal", "he"/"kaiming" (normal), "he_uniform", "lecun"/"lecun_normal".
     */
    public static Initializer parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        String base = s;
        double arg = Double.NaN;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            base = s.substring(0, colon);
            try {
                arg = Double.parseDouble(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new SomaException("initializer '" + spec + "': '" + s.substring(colon + 1) + "' is not a number");
            }
        }
        switch (base) {
            case "zeros": case "zero": return zeros();
            case "constant": return constant(Double.isNaN(arg) ? 0.0 : arg);
            case "uniform": return uniform(Double.isNaN(arg) ? 1.0 : arg);
            case "normal": return normal(Double.isNaN(arg) ? 1.0 : arg);
            case "glorot": case "xavier": case "glorot_uniform": case "xavier_uniform": return glorotUniform();
            case "glorot_normal": case "xavier_normal": return glorotNormal();
            case "he": case "kaiming": case "he_normal": case "kaiming_normal": return heNormal();
            case "he_uniform": case "kaiming_uniform": return heUniform();
            case "lecun": case "lecun_normal": case "tutorial_xavier": case "ng_xavier": return lecunNormal();
            default:
                throw new SomaException("unknown initializer '" + spec + "'; expected one of zeros, constant:c, "
                        + "uniform:a, normal:s, glorot, glorot_normal, he, he_uniform, lecun, tutorial_xavier (= lecun_normal)");
        }
    }
}
