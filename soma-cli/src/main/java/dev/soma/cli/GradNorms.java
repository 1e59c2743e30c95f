package dev.soma.cli;

import dev.soma.nn.Module;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Each weight matrix's gradient norm ‖∂J/∂W‖ (Frobenius), the numbers that show vanishing or exploding gradients
 * layer by layer (tutorial 004).
 */
final class GradNorms {
    private GradNorms() {
    }

    /** By state-dict name ("0.weight", …), the weights' gradient norms as they are now (0 without a gradient). */
    static Map<String, Double> ofWeights(Module model) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            if (p.rank() < 2) {
                continue;
            }
            double s = 0;
            if (p.grad() != null) {
                for (double v : p.grad().toDoubleArray()) {
                    s += v * v;
                }
            }
            m.put(e.getKey(), Math.sqrt(s));
        }
        return m;
    }

    /** "grad_norm 0.weight 1.23e-02 2.weight 4.56e-03". */
    static String line(Map<String, Double> norms) {
        StringBuilder sb = new StringBuilder("grad_norm");
        norms.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(String.format(Locale.ROOT, "%.3g", v)));
        return sb.toString();
    }
}
