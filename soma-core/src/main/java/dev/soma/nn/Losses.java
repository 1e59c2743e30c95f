package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.kernel.Activation;
import java.util.List;
import java.util.Locale;

/**
 * The losses of the tutorials, each the mean over the batch, with PyTorch's definitions (o output, t target):
 * <ul>
 * <li>{@code mse}: mean (o − t)² over all values (for one example with two outputs this is Σ½(t − o)²);</li>
 * <li>{@code mae}: mean |o − t|;</li>
 * <li>{@code huber[:δ]}: ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond (δ = 1), d = o − t;</li>
 * <li>{@code bce}: −[t·log o + (1 − t)·log(1 − o)] on probabilities, logs clamped at −100 as PyTorch;</li>
 * <li>{@code bce_logits}: the same on logits z, stable: max(z, 0) − z·t + log(1 + e^−|z|); gradient σ(z) − t;</li>
 * <li>{@code categorical_cross_entropy}: −Σ_classes t·log p, mean over examples, on softmax probabilities;</li>
 * <li>{@code cross_entropy}: softmax fused with cross-entropy on logits (recommended);</li>
 * <li>{@code hinge}: max(0, 1 − t·o) with t = ±1; {@code multi_hinge}: torch's MultiMarginLoss.</li>
 * </ul>
 * Every loss above except cross_entropy and multi_hinge takes a reduction as its last token, like PyTorch's
 * {@code reduction=}: {@code mean} (the default: over all values), {@code sum} (over all values and examples) or
 * {@code batchmean} (sum over the outputs, mean over the examples: tutorial 000's cost). {@code mse:batchmean}
 * is (1/m)·Σ_examples Σ_outputs (o − t)²; the tutorials' ½ in front is then the rate halved.
 * The L1/L2 penalty terms are in {@link Penalties}.
 */
public final class Losses {
    /** Names accepted by {@link #parse}. */
    public static final List<String> NAMES = List.of("mse", "mae", "huber", "bce", "bce_logits",
            "categorical_cross_entropy", "cross_entropy", "hinge", "multi_hinge");

    private static final double LOG_CLAMP = -100.0;

    private Losses() {
    }

    public static Loss mse() {
        return new ElementwiseLoss("mse", term((o, t) -> (o - t) * (o - t), (o, t) -> 2 * (o - t)), false, 0, 0.5);
    }

    public static Loss mae() {
        return new ElementwiseLoss("mae", term((o, t) -> Math.abs(o - t), (o, t) -> Math.signum(o - t)), false, 0, 0.5);
    }

    public static Loss huber(double delta) {
        String name = delta == 1.0 ? "huber" : "huber:" + delta;
        return new ElementwiseLoss(name, term(
                (o, t) -> Math.abs(o - t) <= delta ? 0.5 * (o - t) * (o - t) : delta * (Math.abs(o - t) - 0.5 * delta),
                (o, t) -> Math.abs(o - t) <= delta ? o - t : delta * Math.signum(o - t)), false, 0, 0.5);
    }

    /** Binary cross-entropy on probabilities (after a sigmoid). */
    public static Loss bce() {
        return new ElementwiseLoss("bce", term(
                (o, t) -> -(t * Math.max(Math.log(o), LOG_CLAMP) + (1 - t) * Math.max(Math.log(1 - o), LOG_CLAMP)),
                (o, t) -> (o - t) / Math.max((1 - o) * o, 1e-12)), false, 0, 0.5);
    }

    /** Binary cross-entropy on logits, numerically stable. */
    public static Loss bceWithLogits() {
        return new ElementwiseLoss("bce_logits", term(
                (z, t) -> Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z))),
                (z, t) -> Activation.sigmoid(z) - t), false, 0, 0.0);
    }

    /** Cross-entropy on probabilities (after a softmax): −Σ t·log p per example, mean over the batch. */
    public static Loss categoricalCrossEntropy() {
        return new ElementwiseLoss("categorical_cross_entropy", term(
                (p, t) -> t == 0 ? 0 : -t * Math.max(Math.log(p), LOG_CLAMP),
                (p, t) -> t == 0 ? 0 : -t / Math.max(p, 1e-12)), true, 0, 0.5);
    }

    /** Softmax cross-entropy on logits, fused. */
    public static Loss crossEntropy() {
        return new CrossEntropyLoss();
    }

    /** Binary hinge max(0, 1 − t·o) on scores, targets ±1 (labels 0/1 are mapped to −1/+1). */
    public static Loss hinge() {
        return new ElementwiseLoss("hinge", term((o, t) -> Math.max(0, 1 - t * o), (o, t) -> 1 - t * o > 0 ? -t : 0),
                false, -1, 0.0);
    }

    /** Multi-class hinge (torch.nn.MultiMarginLoss, margin 1). */
    public static Loss multiHinge() {
        return new MultiMarginLoss(1.0);
    }

    /** Parses a loss name (see {@link #NAMES}; aliases: ce, softmax_cross_entropy, binary_cross_entropy, l2, l1). */
    public static Loss parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        int last = s.lastIndexOf(':');
        String tail = last < 0 ? "" : s.substring(last + 1);
        if (tail.equals("mean") || tail.equals("sum") || tail.equals("batchmean")) {
            Loss base = parse(s.substring(0, last));
            if (!(base instanceof ElementwiseLoss)) {
                throw new SomaException("loss '" + spec + "': " + base.name() + " has no reduction option; expected "
                        + "one of mse, mae, huber, bce, bce_logits, categorical_cross_entropy, hinge before :" + tail);
            }
            ElementwiseLoss e = (ElementwiseLoss) base;
            ElementwiseLoss.Reduction r = ElementwiseLoss.Reduction.valueOf(tail.toUpperCase(Locale.ROOT));
            ElementwiseLoss.Reduction natural = e.reduction();
            return r == natural ? e : e.withReduction(e.name() + ":" + r.spec(), r);
        }
        String base = s.contains(":") ? s.substring(0, s.indexOf(':')) : s;
        double arg = Double.NaN;
        if (!base.equals(s)) {
            try {
                arg = Double.parseDouble(s.substring(s.indexOf(':') + 1));
            } catch (NumberFormatException e) {
                throw new SomaException("loss '" + spec + "': '" + s.substring(s.indexOf(':') + 1) + "' is not a number");
            }
        }
        switch (base) {
            case "mse": case "l2": case "mean_squared_error": return mse();
            case "mae": case "l1": case "mean_absolute_error": return mae();
            case "huber": case "smooth_l1": return huber(Double.isNaN(arg) ? 1.0 : arg);
            case "bce": case "binary_cross_entropy": return bce();
            case "bce_logits": case "bce_with_logits": return bceWithLogits();
            case "categorical_cross_entropy": case "cce": return categoricalCrossEntropy();
            case "cross_entropy": case "ce": case "softmax_cross_entropy": return crossEntropy();
            case "hinge": return hinge();
            case "multi_hinge": case "multi_margin": return Double.isNaN(arg) ? multiHinge() : new MultiMarginLoss(arg);
            default:
                throw new SomaException("unknown loss '" + spec + "'; expected one of " + NAMES);
        }
    }

    /**
     * The natural loss for a model on a task: regression → mse; classification with one output → bce after a final
     * sigmoid, bce_logits otherwise; several outputs → categorical_cross_entropy after a final softmax, cross_entropy
     * on logits otherwise.
     */
    public static Loss defaultFor(Module model, int outputs, boolean classification) {
        if (!classification) {
            return mse();
        }
        String kind = model.outputKind();
        if (outputs == 1) {
            return "sigmoid".equals(kind) ? bce() : bceWithLogits();
        }
        return "softmax".equals(kind) ? categoricalCrossEntropy() : crossEntropy();
    }

    private static ElementwiseLoss.Term term(Fn value, Fn grad) {
        return new ElementwiseLoss.Term() {
            @Override
            public double value(double o, double t) {
                return value.apply(o, t);
            }

            @Override
            public double grad(double o, double t) {
                return grad.apply(o, t);
            }
        };
    }

    private interface Fn {
        double apply(double o, double t);
    }
}
