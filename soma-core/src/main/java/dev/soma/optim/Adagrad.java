package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * Adagrad as torch.optim.Adagrad. At step t, with g = ∇θ + λθ:
 * <pre>
 *   lr_t ← lr / (1 + (t − 1)·lr_decay)
 *   s ← s + g²                       (s starts at the initial accumulator value)
 *   θ ← θ − lr_t · g / (√s + ε)
 * </pre>
 * Defaults lr 0.01, ε 1e-10.
 */
public final class Adagrad extends Optimizer {
    public Adagrad(List<Tensor> params, OptimizerConfig cfg) {
        super(params, cfg.withDefaults(0.01, 1e-10, 0));
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    protected void initBuffer(String name, Tensor buffer) {
        buffer.fill(cfg.initialAccumulator);
    }

    @Override
    protected void updateF(int i, float[] p, float[] g, long t) {
        float wd = (float) coupledDecay();
        float clr = (float) (lr / (1 + (t - 1) * cfg.lrDecay));
        float eps = (float) cfg.eps;
        float[] s = bufF(i, "sum");
        for (int j = 0; j < p.length; j++) {
            float gj = g[j] + wd * p[j];
            float sj = s[j] + gj * gj;
            s[j] = sj;
            p[j] -= clr * (gj / ((float) Math.sqrt(sj) + eps));
        }
    }

    @Override
    protected void updateD(int i, double[] p, double[] g, long t) {
        double wd = coupledDecay();
        double clr = lr / (1 + (t - 1) * cfg.lrDecay);
        double[] s = bufD(i, "sum");
        for (int j = 0; j < p.length; j++) {
            double gj = g[j] + wd * p[j];
            s[j] += gj * gj;
            p[j] -= clr * gj / (Math.sqrt(s[j]) + cfg.eps);
        }
    }
}
