package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent as torch.optim.SGD. Batch, stochastic and mini-batch gradient descent are this same rule
 * with the trainer's batch size (the whole set, 1, or b examples). With g = ∇θ + λθ (coupled weight decay λ):
 * <pre>
 *   without momentum:  θ ← θ − lr·g
 *   with momentum μ:   b ← g at the first step, then b ← μ·b + (1 − dampening)·g
 *                      θ ← θ − lr·b            (classical)
 *                      θ ← θ − lr·(g + μ·b)    (Nesterov)
 * </pre>
 */
public final class Sgd extends Optimizer {
    public Sgd(List<Tensor> params, OptimizerConfig cfg) {
        super(params, cfg.withDefaults(0.01, 0, 0));
    }

    @Override
    public String name() {
        return cfg.nesterov ? "nesterov" : cfg.momentum != 0 ? "momentum" : "sgd";
    }

    @Override
    protected void updateF(int i, float[] p, float[] g, long t) {
        float wd = (float) coupledDecay();
        float rate = (float) lr;
        float mu = (float) cfg.momentum;
        if (mu == 0) {
            for (int j = 0; j < p.length; j++) {
                p[j] -= rate * (g[j] + wd * p[j]);
            }
            return;
        }
        float[] b = bufF(i, "momentum_buffer");
        float keep = t == 1 ? 0f : mu;
        float damp = t == 1 ? 1f : (float) (1 - cfg.dampening);
        float own = cfg.nesterov ? 1f : 0f;
        float viaBuffer = cfg.nesterov ? mu : 1f;
        for (int j = 0; j < p.length; j++) {
            float gj = g[j] + wd * p[j];
            float bj = keep * b[j] + damp * gj;
            b[j] = bj;
            // classical: θ −= lr·b; Nesterov: θ −= lr·(g + μ·b)
            p[j] -= rate * (own * gj + viaBuffer * bj);
        }
    }

    @Override
    protected void updateD(int i, double[] p, double[] g, long t) {
        double wd = coupledDecay();
        double mu = cfg.momentum;
        double[] b = mu == 0 ? null : bufD(i, "momentum_buffer");
        for (int j = 0; j < p.length; j++) {
            double gj = g[j] + wd * p[j];
            if (mu == 0) {
                p[j] -= lr * gj;
                continue;
            }
            b[j] = t == 1 ? gj : mu * b[j] + (1 - cfg.dampening) * gj;
            p[j] -= lr * (cfg.nesterov ? gj + mu * b[j] : b[j]);
        }
    }
}
