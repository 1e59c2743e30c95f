package dev.soma.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code soma example mazur|lee|graph|depth}: the tutorials' worked examples, every intermediate value printed. */
@Command(name = "example", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = {
    "Walk through a worked example of the tutorials, printing every intermediate value.",
    "  mazur  the 2-2-2 sigmoid network of Mazur's step-by-step backpropagation: forward pass,",
    "         errors, every partial derivative, updated weights, the error after many steps",
    "  lee    the 2-2-2-2 sigmoid network of Hung-yi Lee's notes: each layer's outputs and the",
    "         backward pass (∂l/∂z and ∂l/∂W of every layer)",
    "  graph  the computation graph f = (x + y)·z and its backward pass",
    "  depth  tutorial 004's deep linear network with W = 1.5·I or 0.5·I: activations and",
    "         gradients that explode or vanish with the depth"})
final class ExampleCommand implements Callable<Integer> {
    enum Which { mazur, lee, graph, depth }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Which example: ${COMPLETION-CANDIDATES}.")
    Which which;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10000",
            description = "mazur: gradient-descent steps for the final error.")
    int steps;

    @Option(names = "--dot", description = "graph: print the graph as Graphviz DOT instead.")
    boolean dot;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "10", description = "depth: the number of layers L.")
    int layers;

    @Override
    public Integer call() {
        if (steps < 1) {
            throw new UsageException("--steps " + steps + ": expected a positive number of steps");
        }
        if (layers < 2 || layers > 1000) {
            throw new UsageException("--layers " + layers + ": expected 2 to 1000 layers");
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (which) {
            case mazur:
                MazurExample.run(out, steps);
                break;
            case lee:
                LeeExample.run(out);
                break;
            case depth:
                DepthExample.run(out, layers);
                break;
            default:
                GraphExample.run(out, dot);
        }
        return 0;
    }
}
