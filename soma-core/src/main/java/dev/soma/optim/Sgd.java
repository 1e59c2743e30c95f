package dev.soma.optim;

import dev.soma.SomaException;
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
 *   the tutorials' form ({@link OptimizerConfig#emaMomentum}), v = 0 before the first step:
 *                      v ← μ·v + (1 − μ)·g;  θ ← θ − lr·v
 * </pre>
 * The tutorials' v is (1 − μ) times PyTorch's b at every step, so the tutorials' form with rate α follows the same
 * path as PyTorch's with rate α·(1 − μ). PyTorch's dampening d = μ is not the same: its first b is g, not (1 − μ)·g.
 */
public final class Sgd extends Optimizer {
    public Sgd(List<Tensor> params, OptimizerConfig cfg) {
        super(params, cfg.withDefaults(0.01, 0, 0));
        if (cfg.emaMomentum && cfg.nesterov) {
            throw new SomaException("the tutorials' momentum form (v ← μv + (1 − μ)g) is defined for classical momentum "
                    + "only, not Nesterov's");
        }
        if (cfg.emaMomentum && cfg.dampening != 0) {
            throw new SomaException("the tutorials' momentum form already scales g by (1 − μ); dampening must be 0, got "
                    + cfg.dampening);
        }
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
        float keep = cfg.emaMomentum ? mu : t == 1 ? 0f : mu;
        float damp = cfg.emaMomentum ? (float) (1 - cfg.momentum) : t == 1 ? 1f : (float) (1 - cfg.dampening);
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
            if (cfg.emaMomentum) {
                b[j] = mu * b[j] + (1 - mu) * gj;
            } else {
                b[j] = t == 1 ? gj : mu * b[j] + (1 - cfg.dampening) * gj;
            }
            p[j] -= lr * (cfg.nesterov ? gj + mu * b[j] : b[j]);
        }
    }
}
