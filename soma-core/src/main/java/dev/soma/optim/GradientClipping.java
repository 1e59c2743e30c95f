package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;

/** Gradient clipping, applied between backward and the optimizer step (torch.nn.utils.clip_grad_*). */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** Clamps every gradient value into [−c, c] (clip_grad_value_). */
    public static void byValue(List<Tensor> params, double c) {
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            for (int i = 0; i < g.numel(); i++) {
                double v = g.getFlat(i);
                if (v > c || v < -c) {
                    g.setFlat(i, Math.max(-c, Math.min(c, v)));
                }
            }
        }
    }

    /**
     * Scales all gradients by min(1, maxNorm / (‖g‖ + 1e-6)) where ‖g‖ is the L2 norm of all gradients together
     * (clip_grad_norm_). Returns ‖g‖ before clipping.
     */
    public static double byGlobalNorm(List<Tensor> params, double maxNorm) {
        double sq = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            for (int i = 0; i < g.numel(); i++) {
                double v = g.getFlat(i);
                sq += v * v;
            }
        }
        double norm = Math.sqrt(sq);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                for (int i = 0; i < g.numel(); i++) {
                    g.setFlat(i, g.getFlat(i) * coef);
                }
            }
        }
        return norm;
    }
}
