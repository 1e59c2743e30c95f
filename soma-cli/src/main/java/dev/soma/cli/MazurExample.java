package dev.soma.cli;

import dev.soma.tensor.Tensor;
import java.io.PrintWriter;

/**
 * Matt Mazur's "A Step by Step Backpropagation Example" (the tutorials' 2-2-2 sigmoid network) computed by Soma's
 * general autograd engine in float64, printing every value the tutorial prints: the forward pass, the errors, the
 * partial derivatives along the chain rule, the weights after one gradient-descent step, and the error after
 * 10,000 steps with the biases frozen (as the tutorial does) and trained.
 */
final class MazurExample {
    static final double LR = 0.5;
    private static final double[] X = {0.05, 0.10};
    private static final double[] T = {0.01, 0.99};

    private final Tensor w1 = Tensor.matrix(new double[][] {{0.15, 0.20}, {0.25, 0.30}}).requiresGrad(true).named("W1");
    private final Tensor b1 = Tensor.of(new double[] {0.35, 0.35}, 2).requiresGrad(true).named("b1");
    private final Tensor w2 = Tensor.matrix(new double[][] {{0.40, 0.45}, {0.50, 0.55}}).requiresGrad(true).named("W2");
    private final Tensor b2 = Tensor.of(new double[] {0.60, 0.60}, 2).requiresGrad(true).named("b2");
    private final Tensor x = Tensor.of(X, 1, 2);
    private final Tensor t = Tensor.of(T, 1, 2);

    /** Intermediate tensors of one forward pass. */
    private Tensor netH;
    private Tensor outH;
    private Tensor netO;
    private Tensor outO;
    private Tensor perOutput;

    /** The total error E = Σ ½(target − out)², with the graph recorded. */
    Tensor forward() {
        netH = x.matmul(w1.t()).add(b1).retainGrad();
        outH = netH.sigmoid().retainGrad();
        netO = outH.matmul(w2.t()).add(b2).retainGrad();
        outO = netO.sigmoid().retainGrad();
        perOutput = t.sub(outO).pow(2).mul(0.5);
        return perOutput.sum();
    }

    /** One gradient-descent step w ← w − η·∂E/∂w on the given parameters; returns E before the step. */
    double step(boolean trainBiases) {
        for (Tensor p : new Tensor[] {w1, b1, w2, b2}) {
            p.setGrad(null);
        }
        Tensor e = forward();
        e.backward();
        update(w1);
        update(w2);
        if (trainBiases) {
            update(b1);
            update(b2);
        }
        return e.item();
    }

    private static void update(Tensor p) {
        double[] v = p.doubles();
        for (int i = 0; i < v.length; i++) {
            v[i] -= LR * p.grad().getFlat(i);
        }
    }

    /** The error after {@code steps} steps from the tutorial's starting weights. */
    static double errorAfter(int steps, boolean trainBiases) {
        MazurExample m = new MazurExample();
        for (int i = 0; i < steps; i++) {
            m.step(trainBiases);
        }
        return m.forward().item();
    }

    static void run(PrintWriter out, int steps) {
        MazurExample m = new MazurExample();
        out.println("Matt Mazur's step-by-step backpropagation example: a 2-2-2 sigmoid network, computed by Soma's");
        out.println("autograd in float64 (the same engine that trains every model).");
        out.println();
        out.println("  inputs   i1 = 0.05, i2 = 0.10          targets  o1 = 0.01, o2 = 0.99");
        out.println("  weights  w1, w2, w3, w4 = 0.15, 0.20, 0.25, 0.30   (input -> hidden: h1 = w1·i1 + w2·i2 + b1)");
        out.println("           w5, w6, w7, w8 = 0.40, 0.45, 0.50, 0.55   (hidden -> output: o1 = w5·h1 + w6·h2 + b2)");
        out.println("  biases   b1 = 0.35, b2 = 0.60          learning rate η = 0.5");
        out.println();
        Tensor e = m.forward();
        e.backward();
        out.println("The forward pass");
        for (int j = 0; j < 2; j++) {
            out.printf("  net_h%d = %.9f   out_h%d = σ(net_h%d) = %.9f%n", j + 1, m.netH.get(0, j), j + 1, j + 1,
                    m.outH.get(0, j));
        }
        for (int j = 0; j < 2; j++) {
            out.printf("  net_o%d = %.9f   out_o%d = σ(net_o%d) = %.9f%n", j + 1, m.netO.get(0, j), j + 1, j + 1,
                    m.outO.get(0, j));
        }
        out.println();
        out.println("The error, E = Σ ½(target − out)²");
        out.printf("  E_o1 = %.9f   E_o2 = %.9f   E_total = %.9f%n", m.perOutput.get(0, 0), m.perOutput.get(0, 1),
                e.item());
        out.println();
        out.println("The backward pass (chain rule, by autograd)");
        for (int j = 0; j < 2; j++) {
            double dOut = m.outO.grad().get(0, j);
            double dNet = m.netO.grad().get(0, j);
            out.printf("  ∂E/∂out_o%d = %.9f   ∂out_o%d/∂net_o%d = %.9f   ∂E/∂net_o%d = %.9f%n", j + 1, dOut, j + 1,
                    j + 1, dNet / dOut, j + 1, dNet);
        }
        for (int k = 0; k < 4; k++) {
            out.printf("  ∂E/∂w%d = %.9f%n", k + 5, m.w2.grad().getFlat(k));
        }
        for (int j = 0; j < 2; j++) {
            double dOut = m.outH.grad().get(0, j);
            double dNet = m.netH.grad().get(0, j);
            out.printf("  ∂E/∂out_h%d = %.9f   ∂out_h%d/∂net_h%d = %.9f   ∂E/∂net_h%d = %.9f%n", j + 1, dOut, j + 1,
                    j + 1, dNet / dOut, j + 1, dNet);
        }
        for (int k = 0; k < 4; k++) {
            out.printf("  ∂E/∂w%d = %.9f%n", k + 1, m.w1.grad().getFlat(k));
        }
        out.printf("  ∂E/∂b1 = %.9f (h1) + %.9f (h2)   ∂E/∂b2 = %.9f (o1) + %.9f (o2)%n", m.b1.grad().getFlat(0),
                m.b1.grad().getFlat(1), m.b2.grad().getFlat(0), m.b2.grad().getFlat(1));
        out.println();
        out.println("One step of gradient descent, w ← w − η·∂E/∂w (the weights; the tutorial leaves the biases)");
        update(m.w1);
        update(m.w2);
        for (int k = 0; k < 4; k++) {
            out.printf("  w%d = %.9f%s", k + 1, m.w1.getFlat(k), k == 3 ? "\n" : "   ");
        }
        for (int k = 0; k < 4; k++) {
            out.printf("  w%d = %.9f%s", k + 5, m.w2.getFlat(k), k == 3 ? "\n" : "   ");
        }
        out.printf("  E_total is now %.9f%n", m.forward().item());
        out.println();
        out.printf("After %,d steps from the start (each a forward pass, a backward pass and an update)%n", steps);
        out.printf("  biases frozen (as the tutorial): E_total = %.9g%n", errorAfter(steps, false));
        out.printf("  biases trained too:              E_total = %.9g%n", errorAfter(steps, true));
        out.flush();
    }
}
