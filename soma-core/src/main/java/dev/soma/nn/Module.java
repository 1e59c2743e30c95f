package dev.soma.nn;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A layer or a network: a function of a batch [batch, features] with named parameters, as torch.nn.Module.
 *
 * <p>{@link #forward(Tensor)} uses the module's own mode ({@link #train(boolean)}); {@link #forward(Tensor, boolean)}
 * takes the mode as an argument, so prediction never has to flip shared state (and stays thread-safe).
 */
public abstract class Module {
    private boolean training = true;

    /** Runs the module in its current mode, recording the graph when a parameter or input requires gradients. */
    public Tensor forward(Tensor x) {
        return forward(x, training);
    }

    /** Runs the module in the given mode (training: dropout active). Must not change the module's state. */
    public abstract Tensor forward(Tensor x, boolean training);

    /** Parameters by PyTorch name ("weight", "bias"; "0.weight" in a Sequential), the live tensors. */
    public LinkedHashMap<String, Tensor> namedParameters() {
        return new LinkedHashMap<>();
    }

    /** All parameters (frozen ones included, as torch's parameters()); optimizers skip frozen ones. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** The state dict: the parameters by PyTorch name (live tensors; copy them to snapshot). */
    public LinkedHashMap<String, Tensor> stateDict() {
        return namedParameters();
    }

    /** Number of parameter values. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : namedParameters().values()) {
            n += p.numel();
        }
        return n;
    }

    /** Sets training (true) or evaluation (false) mode. */
    public void train(boolean on) {
        this.training = on;
    }

    /** Same as {@code train(false)}. */
    public void eval() {
        train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** The architecture token read by {@link Sequential#fromSpec} ("linear:784:256", "relu", "dropout:0.2"). */
    public abstract String spec();

    /** The width this module requires of its input, or −1 when it takes any width. */
    public int expectedInputs() {
        return -1;
    }

    /** The width of the output for an input of width {@code in}. */
    public int outputSize(int in) {
        return in;
    }

    /** A short name for summaries, e.g. "Linear(784→256)". */
    public String describe() {
        return getClass().getSimpleName();
    }

    /** Converts the parameters to another element type in place (float64 for gradient checks). */
    public void to(DType dtype) {
    }

    /** A converted copy of a parameter keeping its trainable flag. */
    static Tensor convert(Tensor p, DType dtype) {
        if (p.dtype() == dtype) {
            return p;
        }
        return p.to(dtype).requiresGrad(p.requiresGrad());
    }
}
