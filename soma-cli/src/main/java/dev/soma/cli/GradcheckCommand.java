package dev.soma.cli;

import dev.soma.autograd.GradCheck;
import dev.soma.nn.Loss;
import dev.soma.nn.Losses;
import dev.soma.nn.Mlp;
import dev.soma.nn.Sequential;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soma gradcheck}: builds a random network in float64, computes the loss of a random batch, and compares every
 * analytic gradient (autograd) with central differences; prints the largest relative error per parameter tensor
 * and exits 1 when one is above the threshold.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = {
    "Check back-propagation on a random network against central differences.",
    "Each parameter's gradient from autograd against (f(θ+ε) − f(θ−ε)) / 2ε in float64; relative",
    "error ‖g − g_num‖ / (‖g‖ + ‖g_num‖). Exit code 1 when the largest is above --threshold."})
final class GradcheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--inputs", paramLabel = "N", defaultValue = "6", description = "Input features.")
    int inputs;

    @Option(names = "--hidden", paramLabel = "W,W,...", hideParamSyntax = true, split = ",", defaultValue = "5,4",
            description = "Widths of the hidden layers.")
    int[] hidden;

    @Option(names = "--outputs", paramLabel = "N", defaultValue = "3", description = "Outputs (classes).")
    int outputs;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "tanh",
            description = "Hidden activation: identity, sigmoid, tanh, relu, leaky_relu[:a], elu[:a], selu, gelu, "
                    + "silu, softplus, arctan, sqnl, prelu. (The ReLU family has kinks where central differences are "
                    + "wrong if an input lands within ε of 0; random inputs almost never do.)")
    String activation;

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "cross_entropy",
            description = "Loss: mse, mae, huber, bce, bce_logits, categorical_cross_entropy, cross_entropy, hinge, "
                    + "multi_hinge.")
    String loss;

    @Option(names = "--output-activation", paramLabel = "NAME", defaultValue = "identity",
            description = "Activation of the output layer (sigmoid for bce, softmax for categorical_cross_entropy).")
    String outputActivation;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "4", description = "Examples in the random batch.")
    int batch;

    @Option(names = "--epsilon", paramLabel = "ε", defaultValue = "1e-6", description = "Step of the central difference.")
    double epsilon;

    @Option(names = "--threshold", paramLabel = "X", defaultValue = "1e-6",
            description = "Largest relative error accepted.")
    double threshold;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the weights and the data.")
    long seed;

    @Override
    public Integer call() {
        if (inputs < 1 || outputs < 1 || batch < 1) {
            throw new UsageException("--inputs, --outputs and --batch must be positive, got " + inputs + ", "
                    + outputs + ", " + batch);
        }
        if (!(epsilon > 0)) {
            throw new UsageException("--epsilon " + epsilon + ": expected a positive step");
        }
        Specs.activation("--activation", activation);
        Specs.activation("--output-activation", outputActivation.equals("softmax") ? "identity" : outputActivation);
        Specs.loss("--loss", loss);
        PrintWriter out = spec.commandLine().getOut();
        Sequential model = Mlp.builder().input(inputs).hidden(hidden).activation(activation).output(outputs)
                .outputActivation(outputActivation).seed(seed).build();
        model.to(DType.F64);
        Loss lossFn = Losses.parse(loss);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        Tensor x = Tensor.randn(DType.F64, rng, batch, inputs);
        int[] labels = new int[batch];
        int classes = outputs == 1 ? 2 : outputs;
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(classes);
        }
        Map<String, Tensor> params = new LinkedHashMap<>(model.namedParameters());
        GradCheck.Report report = GradCheck.check(() -> lossFn.compute(model.forward(x, false), labels), params, epsilon);
        out.printf("network %s, loss %s, batch %d, ε = %s, float64%n", model.spec(), lossFn.name(), batch,
                Fmt.num(epsilon));
        out.printf("%-12s %-12s %s%n", "parameter", "shape", "relative error");
        for (Map.Entry<String, Double> e : report.errors().entrySet()) {
            double err = e.getValue();
            out.printf("%-12s %-12s %.3e  %s%n", e.getKey(), Shapes.str(params.get(e.getKey()).shape()), err,
                    err <= threshold ? "ok" : "ABOVE " + Fmt.num(threshold));
        }
        boolean ok = report.maxError() <= threshold;
        out.printf("largest relative error %.3e: %s%n", report.maxError(),
                ok ? "gradients agree" : "gradients DISAGREE (threshold " + Fmt.num(threshold) + ")");
        out.flush();
        return ok ? 0 : Main.EXIT_FAILED;
    }
}
