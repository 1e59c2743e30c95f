package dev.soma.cli;

import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tutorial 004's vanishing and exploding gradients: a deep network of linear layers (identity activations, biases
 * 0) whose hidden weights are W[l] = s·I and whose last layer is I, so that ŷ = s^(L−1)·x. Computed by nn.Sequential
 * and autograd in float64: each layer's activation a[l] = s^l·x and, for J = Σŷ, each weight gradient ∂J/∂W[l]
 * (s^(L−2)·1·xᵀ for the hidden layers, s^(L−1)·1·xᵀ for the last): with s = 1.5 they explode with the depth, with
 * s = 0.5 they vanish.
 */
final class DepthExample {
    private DepthExample() {
    }

    /** The deep linear network: {@code layers} 2×2 layers, hidden weights scale·I, last I, biases 0. */
    static Sequential network(int layers, double scale) {
        StringBuilder spec = new StringBuilder();
        for (int l = 0; l < layers; l++) {
            spec.append(l == 0 ? "" : ",").append("linear:2:2");
        }
        Sequential net = Sequential.fromSpec(spec.toString());
        net.to(DType.F64);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            double s = l == layers - 1 ? 1 : scale;
            sd.put(l + ".weight", Tensor.matrix(new double[][] {{s, 0}, {0, s}}));
            sd.put(l + ".bias", Tensor.of(new double[] {0, 0}, 2));
        }
        net.loadStateDict(sd);
        return net;
    }

    /** Per layer (from 1): the first component of a[l] and the Frobenius norm of ∂J/∂W[l], J = Σŷ; [layer][2]. */
    static double[][] values(int layers, double scale, double[] x) {
        Sequential net = network(layers, scale);
        double[][] r = new double[layers][2];
        Tensor a = Tensor.of(x, 1, 2);
        for (int l = 0; l < layers; l++) {
            Module layer = net.layers().get(l);
            a = layer.forward(a, false);
            r[l][0] = a.get(0, 0);
        }
        net.forward(Tensor.of(x, 1, 2), false).sum().backward();
        for (int l = 0; l < layers; l++) {
            double sq = 0;
            for (double g : net.namedParameters().get(l + ".weight").grad().toDoubleArray()) {
                sq += g * g;
            }
            r[l][1] = Math.sqrt(sq);
        }
        return r;
    }

    static void run(PrintWriter out, int layers) {
        double[] x = {1, 1};
        out.printf("Vanishing and exploding gradients (tutorial 004): %d linear layers, identity activations, biases 0,%n",
                layers);
        out.println("hidden weights W[l] = s·I, the last layer I, so ŷ = s^(L−1)·x; x = (1, 1), J = Σŷ.");
        out.println("Computed by nn.Sequential and autograd in float64.");
        for (double s : new double[] {1.5, 0.5}) {
            double[][] v = values(layers, s, x);
            out.println();
            out.printf("s = %s: ŷ = %s^%d·x = (%s, %s)%n", Fmt.num(s), Fmt.num(s), layers - 1,
                    Fmt.num(v[layers - 1][0]), Fmt.num(v[layers - 1][0]));
            out.printf("  %-6s %-16s %s%n", "layer", "a[l] (each unit)", "‖∂J/∂W[l]‖");
            for (int l = 0; l < layers; l++) {
                out.printf("  %-6d %-16s %s%n", l + 1, Fmt.num(v[l][0]), Fmt.num(v[l][1]));
            }
        }
        out.println();
        out.printf("With s = 1.5 the output grows as 1.5^(L−1) with the depth L and the hidden layers' gradients as%n");
        out.printf("1.5^(L−2) (exploding); with s = 0.5 both shrink the same way (vanishing).%n");
        out.printf("soma train --grad-norms shows ‖∂J/∂W[l]‖ of any training run.%n");
        out.flush();
    }
}
