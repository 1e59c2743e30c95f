package dev.soma.optim;

import dev.soma.SomaException;

/**
 * Hyperparameters of the optimizers, fluent. A value left NaN takes the optimizer's PyTorch default (lr: sgd 0.01,
 * rmsprop 0.01, adagrad 0.01, adam/adamw 0.001, nadam 0.002; weight decay 0, adamw 0.01).
 */
public final class OptimizerConfig {
    double lr = Double.NaN;
    double momentum;
    double dampening;
    boolean emaMomentum;
    boolean nesterov;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = Double.NaN;
    double alpha = 0.99;
    double weightDecay = Double.NaN;
    boolean decoupled;
    double lrDecay;
    double momentumDecay = 4e-3;
    double initialAccumulator;

    public OptimizerConfig lr(double v) {
        lr = v;
        return this;
    }

    /** SGD/RMSprop momentum μ (0: none). */
    public OptimizerConfig momentum(double v) {
        momentum = v;
        return this;
    }

    /** SGD dampening of the momentum buffer. */
    public OptimizerConfig dampening(double v) {
        dampening = v;
        return this;
    }

    /**
     * SGD momentum in the tutorials' form (Andrew Ng's): v ← μ·v + (1 − μ)·g from v = 0, θ ← θ − lr·v, instead of
     * PyTorch's b ← μ·b + g. The two give the same trajectory when the tutorial's lr is PyTorch's lr/(1 − μ).
     */
    public OptimizerConfig emaMomentum(boolean v) {
        emaMomentum = v;
        return this;
    }

    /** Nesterov momentum for SGD. */
    public OptimizerConfig nesterov(boolean v) {
        nesterov = v;
        return this;
    }

    public OptimizerConfig beta1(double v) {
        beta1 = v;
        return this;
    }

    public OptimizerConfig beta2(double v) {
        beta2 = v;
        return this;
    }

    /** The ε added to denominators (adam 1e-8, rmsprop 1e-8, adagrad 1e-10 by default). */
    public OptimizerConfig eps(double v) {
        eps = v;
        return this;
    }

    /** RMSprop's smoothing constant α (PyTorch's name; "rho" in Keras), 0.99 by default. */
    public OptimizerConfig alpha(double v) {
        if (!(v >= 0 && v < 1)) {
            throw new SomaException("RMSprop's α (β in the tutorials) must be in [0, 1), got " + v);
        }
        alpha = v;
        return this;
    }

    /** Weight decay λ: added to the gradient (λθ, PyTorch's coupled form) unless {@link #decoupled}. */
    public OptimizerConfig weightDecay(double v) {
        weightDecay = v;
        return this;
    }

    /** Decoupled weight decay (AdamW style): θ ← θ(1 − lr·λ) before the update, for any optimizer. */
    public OptimizerConfig decoupled(boolean v) {
        decoupled = v;
        return this;
    }

    /** Adagrad's learning-rate decay: lr/(1 + (t − 1)·decay). */
    public OptimizerConfig lrDecay(double v) {
        lrDecay = v;
        return this;
    }

    /** Nadam's momentum decay ψ (4e-3). */
    public OptimizerConfig momentumDecay(double v) {
        momentumDecay = v;
        return this;
    }

    /** Adagrad's initial accumulator value. */
    public OptimizerConfig initialAccumulator(double v) {
        initialAccumulator = v;
        return this;
    }

    public double lr() {
        return lr;
    }

    public double weightDecay() {
        return weightDecay;
    }

    OptimizerConfig withDefaults(double lrDefault, double epsDefault, double wdDefault) {
        OptimizerConfig c = copy();
        if (Double.isNaN(c.lr)) {
            c.lr = lrDefault;
        }
        if (Double.isNaN(c.eps)) {
            c.eps = epsDefault;
        }
        if (Double.isNaN(c.weightDecay)) {
            c.weightDecay = wdDefault;
        }
        return c;
    }

    /** A copy. */
    public OptimizerConfig copy() {
        OptimizerConfig c = new OptimizerConfig();
        c.lr = lr;
        c.momentum = momentum;
        c.dampening = dampening;
        c.emaMomentum = emaMomentum;
        c.nesterov = nesterov;
        c.beta1 = beta1;
        c.beta2 = beta2;
        c.eps = eps;
        c.alpha = alpha;
        c.weightDecay = weightDecay;
        c.decoupled = decoupled;
        c.lrDecay = lrDecay;
        c.momentumDecay = momentumDecay;
        c.initialAccumulator = initialAccumulator;
        return c;
    }
}
