package dev.soma.cli;

import dev.soma.autograd.GraphPrinter;
import dev.soma.tensor.Tensor;
import java.io.PrintWriter;

/**
 * The tutorials' computation-graph example f(x, y, z) = (x + y)·z at x = −2, y = 5, z = −4, run by Soma's autograd:
 * the forward values, the backward pass node by node, and the graph as text (and as Graphviz DOT on request).
 */
final class GraphExample {
    private GraphExample() {
    }

    /** {f, ∂f/∂x, ∂f/∂y, ∂f/∂z, q, ∂f/∂q}. */
    static double[] values() {
        Tensor x = Tensor.scalar(-2.0).requiresGrad(true);
        Tensor y = Tensor.scalar(5.0).requiresGrad(true);
        Tensor z = Tensor.scalar(-4.0).requiresGrad(true);
        Tensor q = x.add(y).retainGrad();
        Tensor f = q.mul(z);
        f.backward();
        return new double[] {f.item(), x.grad().item(), y.grad().item(), z.grad().item(), q.item(), q.grad().item()};
    }

    static void run(PrintWriter out, boolean dot) {
        Tensor x = Tensor.scalar(-2.0).requiresGrad(true).named("x");
        Tensor y = Tensor.scalar(5.0).requiresGrad(true).named("y");
        Tensor z = Tensor.scalar(-4.0).requiresGrad(true).named("z");
        Tensor q = x.add(y).retainGrad().named("q");
        Tensor f = q.mul(z).named("f");
        if (dot) {
            f.backward();
            out.print(GraphPrinter.dot(f));
            out.flush();
            return;
        }
        out.println("The computation graph f(x, y, z) = (x + y)·z at x = −2, y = 5, z = −4 (Soma's autograd).");
        out.println();
        out.println("Forward pass");
        out.printf("  q = x + y = %s%n", Fmt.num(q.item()));
        out.printf("  f = q · z = %s%n", Fmt.num(f.item()));
        f.backward();
        out.println();
        out.println("Backward pass (each node multiplies the upstream gradient by its local derivative)");
        out.printf("  ∂f/∂f = 1%n");
        out.printf("  ∂f/∂z = q = %s%n", Fmt.num(z.grad().item()));
        out.printf("  ∂f/∂q = z = %s%n", Fmt.num(q.grad().item()));
        out.printf("  ∂f/∂x = ∂f/∂q · ∂q/∂x = %s · 1 = %s%n", Fmt.num(q.grad().item()), Fmt.num(x.grad().item()));
        out.printf("  ∂f/∂y = ∂f/∂q · ∂q/∂y = %s · 1 = %s%n", Fmt.num(q.grad().item()), Fmt.num(y.grad().item()));
        out.println();
        out.println("The graph as Soma records it (soma example graph --dot | dot -Tpng > graph.png draws it)");
        for (String line : GraphPrinter.text(f).split("\n")) {
            out.println("  " + line);
        }
        out.flush();
    }
}
