package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * The max-norm constraint (Keras MaxNorm), applied after each update: the incoming weight vector of every unit (a row
 * w of a weight matrix [out, in]) whose norm exceeds c is rescaled to norm c: w ← w · c / ‖w‖. Vectors within the
 * ball are left alone. Biases (rank 1) are not constrained.
 */
public final class MaxNorm {
    private MaxNorm() {
    }

    public static void apply(List<Tensor> params, double c) {
        for (Tensor p : params) {
            if (p.rank() != 2 || !p.requiresGrad()) {
                continue;
            }
            int rows = p.size(0);
            int cols = p.size(1);
            for (int r = 0; r < rows; r++) {
                double sq = 0;
                for (int k = 0; k < cols; k++) {
                    double v = p.getFlat(r * cols + k);
                    sq += v * v;
                }
                double norm = Math.sqrt(sq);
                if (norm > c) {
                    double s = c / norm;
                    for (int k = 0; k < cols; k++) {
                        p.setFlat(r * cols + k, p.getFlat(r * cols + k) * s);
                    }
                }
            }
        }
    }
}
