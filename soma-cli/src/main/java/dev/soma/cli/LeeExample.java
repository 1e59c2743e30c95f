package dev.soma.cli;

import dev.soma.nn.Losses;
import dev.soma.nn.Sequential;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 2-2-2-2 sigmoid network of Hung-yi Lee's deep-learning notes, computed by Soma's tensors (float64): each
 * layer's weighted input z = W·a + b and output a = σ(z) for the inputs (1, −1) and (0, 0); then the backward pass
 * of the notes for the input (1, −1) and the target (1, 0) with l = Σ½(y − ŷ)², computed by nn.Sequential, the
 * mse:sum loss and autograd: ∂l/∂z of every layer (the gradient of its bias, for one example) and ∂l/∂W = ∂l/∂z·aᵀ.
 */
final class LeeExample {
    static final double[][][] W = {
        {{1, -2}, {-1, 1}},
        {{2, -1}, {-2, -1}},
        {{3, -1}, {-1, 4}},
    };
    static final double[][] B = {{1, 0}, {0, 0}, {-2, 2}};

    private LeeExample() {
    }

    /** The outputs of every layer for one input: [layer][neuron]. */
    static double[][] layerOutputs(double[] input) {
        double[][] outs = new double[W.length][];
        Tensor a = Tensor.of(input, 1, 2);
        for (int l = 0; l < W.length; l++) {
            Tensor z = a.matmul(Tensor.matrix(W[l]).t()).add(Tensor.of(B[l], 2));
            a = z.sigmoid();
            outs[l] = a.toDoubleArray();
        }
        return outs;
    }

    /** The target of the backward pass, for the input (1, −1). */
    static final double[] TARGET = {1, 0};

    /** The network as nn.Sequential in float64. */
    static Sequential network() {
        Sequential net = Sequential.fromSpec("linear:2:2,sigmoid,linear:2:2,sigmoid,linear:2:2,sigmoid");
        net.to(DType.F64);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (int l = 0; l < W.length; l++) {
            sd.put(2 * l + ".weight", Tensor.matrix(W[l]));
            sd.put(2 * l + ".bias", Tensor.of(B[l], 2));
        }
        net.loadStateDict(sd);
        return net;
    }

    /**
     * The backward pass for {@code input} against {@code target}, l = Σ½(y − ŷ)²: per layer (from 1), ∂l/∂z followed
     * by the four entries of ∂l/∂W row by row; [layer][6].
     */
    static double[][] backward(double[] input, double[] target) {
        Sequential net = network();
        Tensor y = net.forward(Tensor.of(input, 1, 2), false);
        Losses.parse("mse:sum").compute(y, Tensor.of(target, 1, 2)).mul(0.5).backward();
        Map<String, Tensor> p = net.namedParameters();
        double[][] r = new double[W.length][];
        for (int l = 0; l < W.length; l++) {
            double[] dz = p.get(2 * l + ".bias").grad().toDoubleArray();
            double[] dw = p.get(2 * l + ".weight").grad().toDoubleArray();
            r[l] = new double[] {dz[0], dz[1], dw[0], dw[1], dw[2], dw[3]};
        }
        return r;
    }

    static void run(PrintWriter out) {
        out.println("Hung-yi Lee's 2-2-2-2 sigmoid network, a = σ(W·a + b) layer after layer (Soma tensors, float64).");
        for (int l = 0; l < W.length; l++) {
            out.printf("  layer %d  W = [[%s, %s], [%s, %s]]  b = [%s, %s]%n", l + 1, Fmt.num(W[l][0][0]),
                    Fmt.num(W[l][0][1]), Fmt.num(W[l][1][0]), Fmt.num(W[l][1][1]), Fmt.num(B[l][0]), Fmt.num(B[l][1]));
        }
        for (double[] input : new double[][] {{1, -1}, {0, 0}}) {
            out.println();
            out.printf("input (%s, %s)%n", Fmt.num(input[0]), Fmt.num(input[1]));
            Tensor a = Tensor.of(input, 1, 2);
            for (int l = 0; l < W.length; l++) {
                Tensor z = a.matmul(Tensor.matrix(W[l]).t()).add(Tensor.of(B[l], 2));
                a = z.sigmoid();
                out.printf("  layer %d  z = (%8.4f, %8.4f)   a = σ(z) = (%.4f, %.4f)  ≈ (%.2f, %.2f)%n", l + 1,
                        z.get(0, 0), z.get(0, 1), a.get(0, 0), a.get(0, 1), a.get(0, 0), a.get(0, 1));
            }
            out.printf("  output (%.2f, %.2f)%n", a.get(0, 0), a.get(0, 1));
        }
        out.println();
        out.printf("The backward pass for input (1, -1), target y = (%s, %s), l = Σ½(y − ŷ)² (nn.Sequential, autograd)%n",
                Fmt.num(TARGET[0]), Fmt.num(TARGET[1]));
        out.println("  from the output back: ∂l/∂z = σ'(z)·∂l/∂a, ∂l/∂a = Wᵀ·∂l/∂z of the next layer, ∂l/∂W = ∂l/∂z·aᵀ");
        double[][] g = backward(new double[] {1, -1}, TARGET);
        for (int l = W.length - 1; l >= 0; l--) {
            out.printf("  layer %d  ∂l/∂z = (%.6f, %.6f)   ∂l/∂W = [[%.6f, %.6f], [%.6f, %.6f]]%n", l + 1, g[l][0],
                    g[l][1], g[l][2], g[l][3], g[l][4], g[l][5]);
        }
        out.flush();
    }
}
