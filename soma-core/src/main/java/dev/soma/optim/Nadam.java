package dev.soma.optim;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Nadam (Adam with Nesterov momentum) as torch.optim.NAdam. At step t, with g = ∇θ + λθ and ψ the momentum decay:
 * <pre>
 *   μ_t = β1·(1 − ½·0.96^(t·ψ))      μ_{t+1} = β1·(1 − ½·0.96^((t+1)·ψ))      Π_t = Π_{t−1}·μ_t
 *   m ← β1·m + (1 − β1)·g            v ← β2·v + (1 − β2)·g²
 *   d = √(v / (1 − β2ᵗ)) + ε
 *   θ ← θ − lr·(1 − μ_t)/(1 − Π_t) · g/d − lr·μ_{t+1}/(1 − Π_t·μ_{t+1}) · m/d
 * </pre>
 * Defaults lr 0.002, β = (0.9, 0.999), ε 1e-8, ψ 0.004.
 */
public final class Nadam extends Optimizer {
    private final double[] muProduct;

    public Nadam(List<Tensor> params, OptimizerConfig cfg) {
        super(params, cfg.withDefaults(2e-3, 1e-8, 0));
        muProduct = new double[params.size()];
        java.util.Arrays.fill(muProduct, 1.0);
    }

    @Override
    public String name() {
        return "nadam";
    }

    private double[] coefficients(int i, long t) {
        double b1 = cfg.beta1;
        double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * cfg.momentumDecay));
        double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * cfg.momentumDecay));
        muProduct[i] *= mu;
        double c1 = lr * (1 - mu) / (1 - muProduct[i]);
        double c2 = lr * muNext / (1 - muProduct[i] * muNext);
        return new double[] {c1, c2, 1 - Math.pow(cfg.beta2, t)};
    }

    @Override
    protected void updateF(int i, float[] p, float[] g, long t) {
        double[] c = coefficients(i, t);
        float c0 = (float) c[0];
        float c1 = (float) c[1];
        float invBc2 = (float) (1 / c[2]);
        float b1 = (float) cfg.beta1;
        float cb1 = (float) (1 - cfg.beta1);
        float b2 = (float) cfg.beta2;
        float cb2 = (float) (1 - cfg.beta2);
        float wd = (float) coupledDecay();
        float eps = (float) cfg.eps;
        float[] m = bufF(i, "exp_avg");
        float[] v = bufF(i, "exp_avg_sq");
        for (int j = 0; j < p.length; j++) {
            float gj = g[j] + wd * p[j];
            float mj = b1 * m[j] + cb1 * gj;
            float vj = b2 * v[j] + cb2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            float d = (float) Math.sqrt(vj * invBc2) + eps;
            p[j] -= (c0 * gj + c1 * mj) / d;
        }
    }

    @Override
    protected void updateD(int i, double[] p, double[] g, long t) {
        double[] c = coefficients(i, t);
        double b1 = cfg.beta1;
        double b2 = cfg.beta2;
        double wd = coupledDecay();
        double[] m = bufD(i, "exp_avg");
        double[] v = bufD(i, "exp_avg_sq");
        for (int j = 0; j < p.length; j++) {
            double gj = g[j] + wd * p[j];
            m[j] = b1 * m[j] + (1 - b1) * gj;
            v[j] = b2 * v[j] + (1 - b2) * gj * gj;
            double d = Math.sqrt(v[j] / c[2]) + cfg.eps;
            p[j] -= c[0] * gj / d + c[1] * m[j] / d;
        }
    }

    @Override
    protected void extraState(Map<String, Tensor> m) {
        for (int i = 0; i < muProduct.length; i++) {
            m.put("mu_product." + i, Tensor.scalar(DType.F64, muProduct[i]));
        }
    }

    @Override
    protected void loadExtraState(Map<String, Tensor> m) {
        for (int i = 0; i < muProduct.length; i++) {
            Tensor v = m.get("mu_product." + i);
            if (v != null) {
                muProduct[i] = v.item();
            }
        }
    }
}
