package dev.soma.nn;

import dev.soma.autograd.GradFn;
import dev.soma.autograd.Graph;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The regularization terms of the tutorials, added to the cost J over m examples (a mini-batch in training):
 * L2: λ/(2m)·Σ‖W‖² (gradient λ/m·W), L1: λ/m·Σ|W| (gradient λ/m·sign W). Like the tutorials, they apply to weight
 * matrices, not to biases or PReLU slopes ({@link #weights}).
 */
public final class Penalties {
    private Penalties() {
    }

    /** The weight matrices (rank ≥ 2) of a model that train. */
    public static List<Tensor> weights(Module model) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : model.parameters()) {
            if (p.rank() >= 2 && p.requiresGrad()) {
                out.add(p);
            }
        }
        return out;
    }

    /** λ/(2m)·Σ θ² over the given tensors, as a graph node. */
    public static Tensor l2(List<Tensor> params, double lambda, int m) {
        return penalty("l2", params, lambda, m, true);
    }

    /** λ/m·Σ |θ| over the given tensors, as a graph node. */
    public static Tensor l1(List<Tensor> params, double lambda, int m) {
        return penalty("l1", params, lambda, m, false);
    }

    private static Tensor penalty(String name, List<Tensor> params, double lambda, int m, boolean square) {
        double sum = 0;
        for (Tensor p : params) {
            for (int i = 0; i < p.numel(); i++) {
                double v = p.getFlat(i);
                sum += square ? v * v : Math.abs(v);
            }
        }
        double coef = square ? lambda / (2.0 * m) : lambda / m;
        DType dtype = params.isEmpty() ? DType.F32 : params.get(0).dtype();
        Tensor out = Tensor.scalar(dtype, coef * sum);
        return Graph.record(out, new GradFn(name, params.toArray(new Tensor[0])) {
            @Override
            protected Tensor[] backward(Tensor g) {
                double s = g.item() * lambda / m;
                Tensor[] r = new Tensor[params.size()];
                for (int k = 0; k < r.length; k++) {
                    Tensor p = params.get(k);
                    if (!p.requiresGrad()) {
                        continue;
                    }
                    Tensor gp = Tensor.zeros(p.dtype(), p.shape());
                    for (int i = 0; i < p.numel(); i++) {
                        double v = p.getFlat(i);
                        gp.setFlat(i, s * (square ? v : Math.signum(v)));
                    }
                    r[k] = gp;
                }
                return r;
            }
        });
    }
}
