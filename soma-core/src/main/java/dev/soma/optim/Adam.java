package dev.soma.optim;

import dev.soma.kernel.KernelProvider;
import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * Adam as torch.optim.Adam, and AdamW (decoupled weight decay) as torch.optim.AdamW. At step t, with g = ∇θ + λθ
 * for Adam's coupled decay (AdamW first does θ ← θ·(1 − lr·λ) and uses g = ∇θ):
 * <pre>
 *   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)      (bias-corrected)
 * </pre>
 * Defaults lr 0.001, β = (0.9, 0.999), ε 1e-8; AdamW's λ defaults to 0.01.
 */
public final class Adam extends Optimizer {
    private final boolean adamW;

    public Adam(List<Tensor> params, OptimizerConfig cfg, boolean adamW) {
        super(params, adamW ? cfg.withDefaults(1e-3, 1e-8, 1e-2).decoupled(true) : cfg.withDefaults(1e-3, 1e-8, 0));
        this.adamW = adamW;
    }

    @Override
    public String name() {
        return adamW ? "adamw" : "adam";
    }

    @Override
    protected boolean fusesDecoupledDecay() {
        return true;
    }

    /**
     * float32 parameters: float32 arithmetic in PyTorch's order, with the scalars (1 − β, lr/(1 − β1ᵗ),
     * √(1 − β2ᵗ)) computed in double and rounded once, as PyTorch passes them; AdamW's decay fused in the same pass.
     * One vectorized pass (kernel.Kernels.adamStep), split across the kernel threads for large tensors.
     */
    @Override
    protected void updateF(int i, float[] p, float[] g, long t) {
        updateF(i, p, g, t, null);
    }

    /** As above; the copy into {@code before} is part of the same kernel pass. */
    @Override
    protected void updateF(int i, float[] p, float[] g, long t, float[] before) {
        float[] m = bufF(i, "exp_avg");
        float[] v = bufF(i, "exp_avg_sq");
        float b1 = (float) cfg.beta1;
        float c1 = (float) (1 - cfg.beta1);
        float b2 = (float) cfg.beta2;
        float c2 = (float) (1 - cfg.beta2);
        float stepSize = (float) (lr / (1 - Math.pow(cfg.beta1, t)));
        float sqrtBc2 = (float) Math.sqrt(1 - Math.pow(cfg.beta2, t));
        float eps = (float) cfg.eps;
        float wd = (float) coupledDecay();
        float decay = cfg.decoupled ? (float) (1 - lr * cfg.weightDecay) : 1f;
        KernelProvider.get().adamStep(p, g, m, v, 0, p.length, b1, c1, b2, c2, stepSize, sqrtBc2, eps, wd, decay,
                before);
    }

    @Override
    protected void updateD(int i, double[] p, double[] g, long t) {
        if (cfg.decoupled && cfg.weightDecay != 0) {
            double k = 1 - lr * cfg.weightDecay;
            for (int j = 0; j < p.length; j++) {
                p[j] *= k;
            }
        }
        double b1 = cfg.beta1;
        double b2 = cfg.beta2;
        double wd = coupledDecay();
        double stepSize = lr / (1 - Math.pow(b1, t));
        double bc2 = Math.sqrt(1 - Math.pow(b2, t));
        double[] m = bufD(i, "exp_avg");
        double[] v = bufD(i, "exp_avg_sq");
        for (int j = 0; j < p.length; j++) {
            double gj = g[j] + wd * p[j];
            m[j] = b1 * m[j] + (1 - b1) * gj;
            v[j] = b2 * v[j] + (1 - b2) * gj * gj;
            p[j] -= stepSize * m[j] / (Math.sqrt(v[j]) / bc2 + cfg.eps);
        }
    }
}
