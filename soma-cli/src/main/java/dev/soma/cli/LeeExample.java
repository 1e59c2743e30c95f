package dev.soma.cli;

import dev.soma.tensor.Tensor;
import java.io.PrintWriter;

/**
 * The 2-2-2-2 sigmoid network of Hung-yi Lee's deep-learning notes, computed by Soma's tensors (float64): each
 * layer's weighted input z = W·a + b and output a = σ(z) for the inputs (1, −1) and (0, 0).
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
        out.flush();
    }
}
