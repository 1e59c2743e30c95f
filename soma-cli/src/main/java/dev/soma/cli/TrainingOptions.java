package dev.soma.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The network and its training, as options shared by {@code soma train} and {@code soma cv} (a picocli mixin):
 * architecture, activations, dropout, initializer, loss, optimizer and its hyperparameters in PyTorch's or the
 * tutorials' forms, penalties, schedule, epochs, batch, seed, threads, standardization.
 */
final class TrainingOptions {
    @Option(names = "--hidden", split = ",", paramLabel = "W,W,...", hideParamSyntax = true, defaultValue = "256,128",
            description = "Widths of the hidden layers.")
    int[] hidden;

    @Option(names = "--architecture", paramLabel = "SPEC",
            description = "The whole network as layer tokens, instead of --hidden/--activation/--dropout, e.g. "
                    + "dropout:0.2,linear:784:256,relu,dropout:0.5,linear:256:10 (linear:IN:OUT, every activation, "
                    + "prelu, dropout:P, softmax).")
    String architecture;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            description = "Hidden activation: identity, sigmoid, tanh, relu, leaky_relu[:a], elu[:a], selu, gelu, "
                    + "silu (swish), softplus, arctan, sqnl, prelu.")
    String activation;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Dropout after each hidden layer; P is the probability of DROPPING a unit (PyTorch's and "
                    + "tutorial 000's p). Tutorial 004 writes the keep probability instead: see --keep-prob.")
    double dropout;

    @Option(names = "--keep-prob", paramLabel = "K",
            description = "Dropout given as tutorial 004's keep probability K (the same as --dropout 1−K).")
    Double keepProb;

    @Option(names = "--init", paramLabel = "NAME|FILE", defaultValue = "auto",
            description = "Initializer (zeros, constant:c, uniform:a, normal:σ, xavier_normal, xavier_uniform, "
                    + "he_normal, he_uniform, lecun_normal; auto: He for the ReLU family, Glorot otherwise), or "
                    + "a .safetensors file of weights in PyTorch layout to start from. xavier_* are PyTorch's "
                    + "(Glorot's) N(0, 2/(in+out)) and U(±√(6/(in+out))); tutorial 004's \"Xavier\", N(0, 1/n[l−1]), "
                    + "is lecun_normal, also accepted as tutorial_xavier.")
    String init;

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "auto",
            description = "Loss: cross_entropy, categorical_cross_entropy, bce, bce_logits, hinge, multi_hinge, mse, "
                    + "mae, huber[:δ]; auto: cross-entropy for classes, mse for regression. A suffix :mean (over all "
                    + "values, the default), :sum or :batchmean (sum over outputs, mean over examples: tutorial "
                    + "000's) sets the reduction, e.g. mse:batchmean.")
    String loss;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "sgd, momentum, nesterov, rmsprop, adam, adamw, adagrad, nadam.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the optimizer's, as PyTorch: "
            + "adam 0.001, sgd 0.01, …).")
    Double lr;

    @Option(names = "--momentum", paramLabel = "μ", description = "Momentum (momentum/nesterov default 0.9).")
    Double momentum;

    @Option(names = "--momentum-form", paramLabel = "FORM", defaultValue = "pytorch",
            description = "pytorch: b ← μb + g, θ ← θ − lr·b; tutorial: v ← βv + (1−β)g, θ ← θ − lr·v (tutorial 004, "
                    + "β = --momentum). The tutorial's lr α follows PyTorch's path with lr α(1−β).")
    String momentumForm;

    @Option(names = "--beta1", paramLabel = "β1", description = "Adam-family β1 (default 0.9).")
    Double beta1;

    @Option(names = "--beta2", paramLabel = "β2", description = "Adam-family β2 (default 0.999).")
    Double beta2;

    @Option(names = {"--rho", "--rmsprop-beta"}, paramLabel = "β",
            description = "RMSprop's β: s ← βs + (1−β)g² (PyTorch's alpha, Keras's rho; default 0.99).")
    Double rho;

    @Option(names = "--eps", paramLabel = "ε", description = "ε of adaptive optimizers (default 1e-8).")
    Double eps;

    @Option(names = "--weight-decay", paramLabel = "λ", defaultValue = "0",
            description = "Decoupled weight decay θ ← θ(1 − lr·λ).")
    double weightDecay;

    @Option(names = "--l1", paramLabel = "λ", defaultValue = "0", description = "L1 penalty λ/m·Σ|W|.")
    double l1;

    @Option(names = "--l2", paramLabel = "λ", defaultValue = "0", description = "L2 penalty λ/(2m)·Σ‖W‖².")
    double l2;

    @Option(names = "--clip-norm", paramLabel = "N", defaultValue = "0",
            description = "Clip the global gradient norm (0: off).")
    double clipNorm;

    @Option(names = "--schedule", paramLabel = "SPEC", defaultValue = "constant",
            description = "Learning-rate schedule: constant, step:S:γ, exp:γ, inverse:k, sqrt, cosine[:T[:min]], "
                    + "warmup:W, plateau:P:f[:min]; tutorial 004's laws with n counted from 1: tutorial_inverse:r "
                    + "(α0/(1 + r·n)), tutorial_exp:γ (γⁿ·α0), tutorial_sqrt:k (k/√n·α0).")
    String schedule;

    @Option(names = "--schedule-every", paramLabel = "UNIT", defaultValue = "epoch",
            description = "Apply the schedule per epoch or per iteration (n counts batches then).")
    String scheduleEvery;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Passes over the training data.")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Examples per update.")
    int batch;

    @Option(names = "--no-shuffle", description = "Keep the example order (default: shuffle every epoch).")
    boolean noShuffle;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the weights, the splits and the shuffling.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads (default: all cores).")
    Integer threads;

    @Option(names = "--standardize", description = "Standardize inputs (mean/std of the training part; saved with the model).")
    boolean standardize;

    /** Copies the options into {@code s}, checking what only these options know (dropout given two ways). */
    void applyTo(Settings s) {
        s.hidden = hidden;
        s.architecture = architecture;
        s.activation = activation;
        if (keepProb != null) {
            if (dropout != 0) {
                throw new UsageException("--keep-prob " + Fmt.num(keepProb) + " and --dropout " + Fmt.num(dropout)
                        + ": give one of them (keep = 1 − dropout)");
            }
            if (!(keepProb > 0 && keepProb <= 1)) {
                throw new UsageException("--keep-prob " + Fmt.num(keepProb) + ": expected a probability in (0, 1]");
            }
        }
        s.dropout = keepProb != null ? 1 - keepProb : dropout;
        s.init = init;
        s.loss = loss;
        s.optimizer = optimizer;
        s.lr = lr == null ? Double.NaN : lr;
        s.momentum = momentum == null ? Double.NaN : momentum;
        s.momentumForm = momentumForm;
        s.rho = rho == null ? Double.NaN : rho;
        s.beta1 = beta1 == null ? Double.NaN : beta1;
        s.beta2 = beta2 == null ? Double.NaN : beta2;
        s.eps = eps == null ? Double.NaN : eps;
        s.weightDecay = weightDecay;
        s.l1 = l1;
        s.l2 = l2;
        s.clipNorm = clipNorm;
        s.schedule = schedule;
        s.scheduleEvery = scheduleEvery;
        s.epochs = epochs;
        s.batch = batch;
        s.shuffle = !noShuffle;
        s.seed = seed;
        s.threads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        s.standardize = standardize;
    }

    /** Refuses an unknown activation, loss, optimizer, schedule or initializer name, naming the option. */
    void checkNames() {
        Specs.activation("--activation", activation);
        Specs.loss("--loss", loss);
        Specs.optimizer("--optimizer", optimizer);
        Specs.schedule("--schedule", schedule);
        if (!init.equals("auto") && !init.endsWith(".safetensors") && !Files.exists(Path.of(init))) {
            Specs.init("--init", init);
        }
    }
}
