package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * RMSprop as torch.optim.RMSprop (not centered). With g = ∇θ + λθ:
 * <pre>
 *   v ← α·v + (1 − α)·g²
 *   without momentum:  θ ← θ − lr·g / (√v + ε)
 *   with momentum μ:   b ← μ·b + g / (√v + ε);  θ ← θ − lr·b
 * </pre>
 * Defaults lr 0.01, α 0.99, ε 1e-8.
 */
public final class RmsProp extends Optimizer {
    public RmsProp(List<Tensor> params, OptimizerConfig cfg) {
        super(params, cfg.withDefaults(0.01, 1e-8, 0));
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    protected void updateF(int i, float[] p, float[] g, long t) {
        float wd = (float) coupledDecay();
        float a = (float) cfg.alpha;
        float ca = (float) (1 - cfg.alpha);
        float eps = (float) cfg.eps;
        float rate = (float) lr;
        float mu = (float) cfg.momentum;
        float[] v = bufF(i, "square_avg");
        if (mu == 0) {
            for (int j = 0; j < p.length; j++) {
                float gj = g[j] + wd * p[j];
                float vj = a * v[j] + ca * gj * gj;
                v[j] = vj;
                p[j] -= rate * (gj / ((float) Math.sqrt(vj) + eps));
            }
            return;
        }
        float[] b = bufF(i, "momentum_buffer");
        for (int j = 0; j < p.length; j++) {
            float gj = g[j] + wd * p[j];
            float vj = a * v[j] + ca * gj * gj;
            v[j] = vj;
            float bj = mu * b[j] + gj / ((float) Math.sqrt(vj) + eps);
            b[j] = bj;
            p[j] -= rate * bj;
        }
    }

    @Override
    protected void updateD(int i, double[] p, double[] g, long t) {
        double wd = coupledDecay();
        double a = cfg.alpha;
        double mu = cfg.momentum;
        double[] v = bufD(i, "square_avg");
        double[] b = mu == 0 ? null : bufD(i, "momentum_buffer");
        for (int j = 0; j < p.length; j++) {
            double gj = g[j] + wd * p[j];
            v[j] = a * v[j] + (1 - a) * gj * gj;
            double step = gj / (Math.sqrt(v[j]) + cfg.eps);
            if (mu != 0) {
                b[j] = mu * b[j] + step;
                step = b[j];
            }
            p[j] -= lr * step;
        }
    }
}
