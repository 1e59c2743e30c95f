package dev.soma.cli;

import dev.soma.autograd.GradCheck;
import dev.soma.nn.Loss;
import dev.soma.nn.Losses;
import dev.soma.nn.Mlp;
import dev.soma.nn.Penalties;
import dev.soma.nn.Sequential;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soma gradcheck}: in float64, the loss of one batch (a random network on random data, or with
 * {@code --model} the user's own network on the first examples of {@code --data}, with its L1/L2 penalty terms) and
 * every analytic gradient (autograd) against central differences; prints the relative error per parameter tensor
 * and over the whole parameter vector θ (the tutorials' check), and exits 1 when the largest is above the threshold.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = {
    "Check back-propagation against central differences, on a random network or (--model, --data)",
    "on your own network and one batch of your data, with the L1/L2 penalty terms (--l1, --l2).",
    "Each gradient from autograd against (J(θ+ε) − J(θ−ε)) / 2ε in float64; relative error",
    "‖g − g_num‖ / (‖g‖ + ‖g_num‖) per tensor and over the whole vector θ. Exit code 1 when the",
    "largest is above --threshold."})
final class GradcheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL.safetensors",
            description = "Check this trained network (with --data) instead of a random one.")
    Path modelFile;

    @Option(names = "--data", paramLabel = "PATH|builtin:NAME",
            description = "With --model: the data set whose first --batch training examples make the batch.")
    String data;

    @Option(names = "--l2", paramLabel = "λ", defaultValue = "0", description = "L2 penalty λ/(2m)·Σ‖W‖² in J.")
    double l2;

    @Option(names = "--l1", paramLabel = "λ", defaultValue = "0", description = "L1 penalty λ/m·Σ|W| in J.")
    double l1;

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

    @Option(names = "--loss", paramLabel = "NAME",
            description = "Loss: mse, mae, huber, bce, bce_logits, categorical_cross_entropy, cross_entropy, hinge, "
                    + "multi_hinge (default: cross_entropy; with --model the model's own). bce needs a sigmoid "
                    + "output and categorical_cross_entropy a softmax output: the command refuses them otherwise.")
    String loss;

    @Option(names = "--output-activation", paramLabel = "NAME", defaultValue = "identity",
            description = "Activation of the random network's output layer: sigmoid for bce, softmax for "
                    + "categorical_cross_entropy.")
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
        if (batch < 1) {
            throw new UsageException("--batch " + batch + ": expected a positive number of examples");
        }
        if (!(epsilon > 0)) {
            throw new UsageException("--epsilon " + epsilon + ": expected a positive step");
        }
        if (l1 < 0 || l2 < 0) {
            throw new UsageException("--l1/--l2: expected λ ≥ 0, got " + Fmt.num(l1) + " and " + Fmt.num(l2));
        }
        if (loss != null) {
            Specs.loss("--loss", loss);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (modelFile != null) {
            for (String o : new String[] {"--inputs", "--hidden", "--outputs", "--activation", "--output-activation"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new UsageException(o + ": describes the random network; with --model the network is the "
                            + "file's");
                }
            }
        }
        GradcheckBatch b = modelFile != null ? GradcheckBatch.ofModel(modelFile, data, batch, loss)
                : randomBatch();
        GradcheckBatch.checkLossFitsOutput(b.model, b.loss);
        int m = b.x.size(0);
        Supplier<Tensor> objective = () -> {
            Tensor out0 = b.model.forward(b.x, false);
            Tensor j = b.labels != null ? b.loss.compute(out0, b.labels) : b.loss.compute(out0, b.targets);
            if (l2 > 0) {
                j = j.add(Penalties.l2(Penalties.weights(b.model), l2, m));
            }
            if (l1 > 0) {
                j = j.add(Penalties.l1(Penalties.weights(b.model), l1, m));
            }
            return j;
        };
        Map<String, Tensor> params = new LinkedHashMap<>(b.model.namedParameters());
        GradCheck.Report report = GradCheck.check(objective, params, epsilon);
        out.printf("network %s, loss %s%s, %s, batch %d, ε = %s, float64%n", b.model.spec(), b.loss.name(),
                penalties(), b.source, m, Fmt.num(epsilon));
        out.printf("%-12s %-12s %s%n", "parameter", "shape", "relative error");
        for (Map.Entry<String, Double> e : report.errors().entrySet()) {
            double err = e.getValue();
            out.printf("%-12s %-12s %.3e  %s%n", e.getKey(), Shapes.str(params.get(e.getKey()).shape()), err,
                    err <= threshold ? "ok" : "ABOVE " + Fmt.num(threshold));
        }
        double whole = report.wholeVectorError();
        out.printf("whole θ (%,d values) %.3e  %s%n", report.parameterCount(), whole,
                whole <= threshold ? "ok" : "ABOVE " + Fmt.num(threshold));
        double worst = Math.max(report.maxError(), whole);
        boolean ok = worst <= threshold;
        out.printf("largest relative error %.3e: %s%n", worst,
                ok ? "gradients agree" : "gradients DISAGREE (threshold " + Fmt.num(threshold) + ")");
        out.flush();
        return ok ? 0 : Main.EXIT_FAILED;
    }

    private String penalties() {
        return (l2 > 0 ? " + L2 λ = " + Fmt.num(l2) : "") + (l1 > 0 ? " + L1 λ = " + Fmt.num(l1) : "");
    }

    private GradcheckBatch randomBatch() {
        if (data != null) {
            throw new UsageException("--data " + data + ": needs --model (the random network has random data)");
        }
        if (inputs < 1 || outputs < 1) {
            throw new UsageException("--inputs and --outputs must be positive, got " + inputs + ", " + outputs);
        }
        Specs.activation("--activation", activation);
        Specs.activation("--output-activation", outputActivation.equals("softmax") ? "identity" : outputActivation);
        Sequential model = Mlp.builder().input(inputs).hidden(hidden).activation(activation).output(outputs)
                .outputActivation(outputActivation).seed(seed).build();
        model.to(DType.F64);
        Loss lossFn = Losses.parse(loss == null ? "cross_entropy" : loss);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        Tensor x = Tensor.randn(DType.F64, rng, batch, inputs);
        int[] labels = new int[batch];
        int classes = outputs == 1 ? 2 : outputs;
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(classes);
        }
        return new GradcheckBatch(model, lossFn, x, labels, null, "random batch");
    }
}
