package dev.soma.kernel;

import dev.soma.SomaException;
import java.util.List;
import java.util.Locale;

/**
 * An elementwise activation function with its derivative, defined once in double precision (the reference every
 * kernel is tested against). {@link #kind()} lets a SIMD kernel recognise the functions it has a vector form for.
 *
 * <p>The derivative is given both the input x and the output y = f(x), so that sigmoid' = y(1 − y) and
 * tanh' = 1 − y² cost nothing extra.
 */
public final class Activation {
    /** The functions Soma knows. */
    public enum Kind { IDENTITY, SIGMOID, TANH, RELU, LEAKY_RELU, ELU, SELU, GELU, SILU, SOFTPLUS, ARCTAN, SQNL }

    /** SELU's constants (Klambauer et al. 2017), as in PyTorch. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private static final double INV_SQRT_2 = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;

    private final Kind kind;
    private final double alpha;

    private Activation(Kind kind, double alpha) {
        this.kind = kind;
        this.alpha = alpha;
    }

    public static Activation identity() {
        return new Activation(Kind.IDENTITY, 0);
    }

    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID, 0);
    }

    public static Activation tanh() {
        return new Activation(Kind.TANH, 0);
    }

    public static Activation relu() {
        return new Activation(Kind.RELU, 0);
    }

    /** Leaky ReLU with PyTorch's default negative slope 0.01. */
    public static Activation leakyRelu() {
        return leakyRelu(0.01);
    }

    public static Activation leakyRelu(double negativeSlope) {
        return new Activation(Kind.LEAKY_RELU, negativeSlope);
    }

    /** ELU with alpha 1. */
    public static Activation elu() {
        return elu(1.0);
    }

    public static Activation elu(double alpha) {
        return new Activation(Kind.ELU, alpha);
    }

    public static Activation selu() {
        return new Activation(Kind.SELU, 0);
    }

    /** GELU, the exact form x·Φ(x) (PyTorch's default). */
    public static Activation gelu() {
        return new Activation(Kind.GELU, 0);
    }

    /** SiLU, also called swish: x·σ(x). */
    public static Activation silu() {
        return new Activation(Kind.SILU, 0);
    }

    public static Activation softplus() {
        return new Activation(Kind.SOFTPLUS, 0);
    }

    public static Activation arctan() {
        return new Activation(Kind.ARCTAN, 0);
    }

    /** Square non-linearity: x + x²/4 on [−2, 0), x − x²/4 on [0, 2], ±1 beyond. */
    public static Activation sqnl() {
        return new Activation(Kind.SQNL, 0);
    }

    /** Names accepted by {@link #parse}. */
    public static final List<String> NAMES = List.of("identity", "linear", "sigmoid", "tanh", "relu", "leaky_relu",
            "elu", "selu", "gelu", "silu", "swish", "softplus", "arctan", "sqnl");

    /** Parses "relu", "leaky_relu", "leaky_relu:0.2", "elu:0.5", "swish", … (case-insensitive; '-' and '_' alike). */
    public static Activation parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        String base = s;
        Double param = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            base = s.substring(0, colon);
            try {
                param = Double.parseDouble(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new SomaException("activation '" + spec + "': '" + s.substring(colon + 1) + "' is not a number");
            }
        }
        switch (base) {
            case "identity": case "linear": case "none": return identity();
            case "sigmoid": case "logistic": return sigmoid();
            case "tanh": return tanh();
            case "relu": return relu();
            case "leaky_relu": case "leakyrelu": return param == null ? leakyRelu() : leakyRelu(param);
            case "elu": return param == null ? elu() : elu(param);
            case "selu": return selu();
            case "gelu": return gelu();
            case "silu": case "swish": return silu();
            case "softplus": return softplus();
            case "arctan": case "atan": return arctan();
            case "sqnl": return sqnl();
            default:
                throw new SomaException("unknown activation '" + spec + "'; expected one of " + NAMES + " or prelu");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The parameter (leaky ReLU's slope, ELU's alpha); 0 for the others. */
    public double alpha() {
        return alpha;
    }

    /** True for the ReLU family, whose layers default to He initialization. */
    public boolean isReluFamily() {
        return kind == Kind.RELU || kind == Kind.LEAKY_RELU || kind == Kind.ELU || kind == Kind.GELU
                || kind == Kind.SILU || kind == Kind.SOFTPLUS;
    }

    /** f(x). */
    public double apply(double x) {
        switch (kind) {
            case IDENTITY: return x;
            case SIGMOID: return sigmoid(x);
            case TANH: return Math.tanh(x);
            case RELU: return x > 0 ? x : 0.0;
            case LEAKY_RELU: return x > 0 ? x : alpha * x;
            case ELU: return x > 0 ? x : alpha * Math.expm1(x);
            case SELU: return SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
            case GELU: return 0.5 * x * (1.0 + Erf.erf(x * INV_SQRT_2));
            case SILU: return x * sigmoid(x);
            case SOFTPLUS: return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
            case ARCTAN: return Math.atan(x);
            case SQNL:
                if (x > 2.0) {
                    return 1.0;
                } else if (x >= 0.0) {
                    return x - x * x / 4.0;
                } else if (x >= -2.0) {
                    return x + x * x / 4.0;
                }
                return -1.0;
            default: throw new AssertionError(kind);
        }
    }

    /** f'(x), given x and y = f(x). */
    public double derivative(double x, double y) {
        switch (kind) {
            case IDENTITY: return 1.0;
            case SIGMOID: return y * (1.0 - y);
            case TANH: return 1.0 - y * y;
            case RELU: return x > 0 ? 1.0 : 0.0;
            case LEAKY_RELU: return x > 0 ? 1.0 : alpha;
            case ELU: return x > 0 ? 1.0 : y + alpha;
            case SELU: return x > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
            case GELU: return 0.5 * (1.0 + Erf.erf(x * INV_SQRT_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
            case SILU: {
                double s = sigmoid(x);
                return s * (1.0 + x * (1.0 - s));
            }
            case SOFTPLUS: return sigmoid(x);
            case ARCTAN: return 1.0 / (1.0 + x * x);
            case SQNL:
                if (x > 2.0 || x < -2.0) {
                    return 0.0;
                }
                return x >= 0.0 ? 1.0 - x / 2.0 : 1.0 + x / 2.0;
            default: throw new AssertionError(kind);
        }
    }

    /** Numerically stable logistic function. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** The name as {@link #parse} reads it back ("leaky_relu:0.2"). */
    public String spec() {
        String n = kind.name().toLowerCase(Locale.ROOT);
        boolean parameterized = (kind == Kind.LEAKY_RELU && alpha != 0.01) || (kind == Kind.ELU && alpha != 1.0);
        return parameterized ? n + ":" + alpha : n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation && ((Activation) o).kind == kind && ((Activation) o).alpha == alpha;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(alpha);
    }

    @Override
    public String toString() {
        return spec();
    }
}
