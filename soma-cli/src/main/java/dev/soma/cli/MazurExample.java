package dev.soma.cli;

import dev.soma.autograd.NoGrad;
import dev.soma.nn.Loss;
import dev.soma.nn.Losses;
import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.optim.Optimizer;
import dev.soma.optim.OptimizerConfig;
import dev.soma.optim.Optimizers;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matt Mazur's "A Step by Step Backpropagation Example" (the tutorials' 2-2-2 sigmoid network) computed by Soma's
 * general machinery in float64 — an {@code nn.Sequential} of {@code Linear} and sigmoid layers, the {@code mse}
 * loss (for one example with two outputs it equals the tutorial's Σ½(target − out)²), autograd, and the {@code sgd}
 * optimizer — printing every value the tutorial prints: the forward pass, the errors, the partial derivatives along
 * the chain rule, the weights after one step, and the error after 10,000 steps with the biases frozen (as the
 * tutorial does) and trained.
 */
final class MazurExample {
    static final double LR = 0.5;
    private static final double[] X = {0.05, 0.10};
    private static final double[] T = {0.01, 0.99};

    private final Sequential model = Sequential.fromSpec("linear:2:2,sigmoid,linear:2:2,sigmoid");
    private final Tensor x = Tensor.of(X, 1, 2);
    private final Tensor t = Tensor.of(T, 1, 2);
    private final Loss loss = Losses.mse();

    /** Intermediate tensors of one forward pass. */
    private Tensor netH;
    private Tensor outH;
    private Tensor netO;
    private Tensor outO;

    MazurExample() {
        model.to(DType.F64);
        Map<String, Tensor> w = new LinkedHashMap<>();
        w.put("0.weight", Tensor.matrix(new double[][] {{0.15, 0.20}, {0.25, 0.30}}));
        w.put("0.bias", Tensor.of(new double[] {0.35, 0.35}, 2));
        w.put("2.weight", Tensor.matrix(new double[][] {{0.40, 0.45}, {0.50, 0.55}}));
        w.put("2.bias", Tensor.of(new double[] {0.60, 0.60}, 2));
        model.loadStateDict(w);
    }

    private Tensor p(String name) {
        return model.namedParameters().get(name);
    }

    /** The error E (mse over the two outputs = Σ½(target − out)²), layer by layer so every value can be shown. */
    Tensor forward() {
        List<Module> layers = model.layers();
        netH = layers.get(0).forward(x, false).retainGrad();
        outH = layers.get(1).forward(netH, false).retainGrad();
        netO = layers.get(2).forward(outH, false).retainGrad();
        outO = layers.get(3).forward(netO, false).retainGrad();
        return loss.compute(outO, t);
    }

    /** The error after {@code steps} sgd steps from the tutorial's starting weights. */
    static double errorAfter(int steps, boolean trainBiases) {
        MazurExample m = new MazurExample();
        if (!trainBiases) {
            m.model.freeze("0.bias").freeze("2.bias");
        }
        Optimizer sgd = Optimizers.create("sgd", m.model.parameters(), new OptimizerConfig().lr(LR));
        for (int i = 0; i < steps; i++) {
            sgd.zeroGrad();
            m.forward().backward();
            sgd.step();
        }
        try (NoGrad ignored = NoGrad.enter()) {
            return m.forward().item();
        }
    }

    static void run(PrintWriter out, int steps) {
        MazurExample m = new MazurExample();
        out.println("Matt Mazur's step-by-step backpropagation example: a 2-2-2 sigmoid network, computed by Soma's");
        out.println("nn.Sequential, the mse loss, autograd and the sgd optimizer, in float64 (the engine of every model).");
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
        double eo1 = 0.5 * Math.pow(T[0] - m.outO.get(0, 0), 2);
        double eo2 = 0.5 * Math.pow(T[1] - m.outO.get(0, 1), 2);
        out.printf("  E_o1 = %.9f   E_o2 = %.9f   E_total = %.9f%n", eo1, eo2, e.item());
        out.println();
        out.println("The backward pass (chain rule, by autograd)");
        for (int j = 0; j < 2; j++) {
            double dOut = m.outO.grad().get(0, j);
            double dNet = m.netO.grad().get(0, j);
            out.printf("  ∂E/∂out_o%d = %.9f   ∂out_o%d/∂net_o%d = %.9f   ∂E/∂net_o%d = %.9f%n", j + 1, dOut, j + 1,
                    j + 1, dNet / dOut, j + 1, dNet);
        }
        for (int k = 0; k < 4; k++) {
            out.printf("  ∂E/∂w%d = %.9f%n", k + 5, m.p("2.weight").grad().getFlat(k));
        }
        for (int j = 0; j < 2; j++) {
            double dOut = m.outH.grad().get(0, j);
            double dNet = m.netH.grad().get(0, j);
            out.printf("  ∂E/∂out_h%d = %.9f   ∂out_h%d/∂net_h%d = %.9f   ∂E/∂net_h%d = %.9f%n", j + 1, dOut, j + 1,
                    j + 1, dNet / dOut, j + 1, dNet);
        }
        for (int k = 0; k < 4; k++) {
            out.printf("  ∂E/∂w%d = %.9f%n", k + 1, m.p("0.weight").grad().getFlat(k));
        }
        out.printf("  ∂E/∂b (hidden) = (%.9f, %.9f)   ∂E/∂b (output) = (%.9f, %.9f)%n", m.p("0.bias").grad().getFlat(0),
                m.p("0.bias").grad().getFlat(1), m.p("2.bias").grad().getFlat(0), m.p("2.bias").grad().getFlat(1));
        out.println();
        out.println("One step of the sgd optimizer, w ← w − η·∂E/∂w (on the weights; the tutorial leaves the biases)");
        Optimizer sgd = Optimizers.create("sgd", List.of(m.p("0.weight"), m.p("2.weight")),
                new OptimizerConfig().lr(LR));
        sgd.step();
        for (int k = 0; k < 4; k++) {
            out.printf("  w%d = %.9f%s", k + 1, m.p("0.weight").getFlat(k), k == 3 ? "\n" : "   ");
        }
        for (int k = 0; k < 4; k++) {
            out.printf("  w%d = %.9f%s", k + 5, m.p("2.weight").getFlat(k), k == 3 ? "\n" : "   ");
        }
        try (NoGrad ignored = NoGrad.enter()) {
            out.printf("  E_total is now %.9f (the tutorial, from rounded values: 0.291027924)%n", m.forward().item());
        }
        out.println();
        out.printf("After %,d steps from the start (each a forward pass, a backward pass and an update)%n", steps);
        out.printf("  biases frozen (as the tutorial): E_total = %.9g%n", errorAfter(steps, false));
        out.printf("  biases trained too:              E_total = %.9g%n", errorAfter(steps, true));
        out.flush();
    }
}
