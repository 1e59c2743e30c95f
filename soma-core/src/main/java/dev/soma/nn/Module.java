package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer or a network, as torch.nn.Module: a function of a batch {@code [N, ...]} of any rank, with named
 * parameters (trained), buffers (state that is saved but not trained, e.g. BatchNorm's running statistics), child
 * modules, a train/eval mode and, for stochastic layers, a generator state.
 *
 * <p>Every module has two implementations that live in its own file and give the same bits: {@link #forward(Tensor,
 * boolean)}, built from differentiable operations (the specification, any element type, gradients by the graph),
 * and {@link #compile(StageSpec)}, the float32 stage that the compiled training step and {@link #predict} run
 * (no graph, buffers allocated once). The default stage runs {@code forward} through the graph, so a new module
 * works everywhere before it has a fast path.
 *
 * <p>Names follow PyTorch's {@code state_dict}: a child's entries are prefixed by its name and a dot
 * ({@code 0.weight}, {@code features.3.running_mean}), so a saved model loads into the equivalent torch model.
 */
public abstract class Module {
    private boolean training = true;

    /** Runs the module in its current mode, recording the graph when a parameter or input requires gradients. */
    public Tensor forward(Tensor x) {
        return forward(x, training);
    }

    /** Runs the module in the given mode (training: dropout active). Must not change the module's mode. */
    public abstract Tensor forward(Tensor x, boolean training);

    /**
     * The shape of one output example for one input example of shape {@code in} (both without the batch
     * dimension); throws a {@link SomaException} naming the layer and both shapes when the input does not fit.
     */
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    /** The shape of one input example this module requires ({@code [784]} for linear:784:256), or null if any. */
    public int[] inputShape() {
        return null;
    }

    /** The module's compiled float32 stage for {@code spec} (input shape, batch capacity, mode, input gradient). */
    public Stage compile(StageSpec spec) {
        return new GraphStage(this, spec);
    }

    /**
     * Writes this module's inference computation (evaluation mode) into {@code g}, reading {@code input}, an
     * example of shape {@code inputShape} with a leading batch dimension; returns the name of the output. Each
     * module writes its own nodes; containers chain their children's. The default refuses, naming the module.
     */
    public String export(ExportGraph g, String input, int[] inputShape) {
        throw new SomaException(describe() + " (" + spec() + ") cannot be exported yet");
    }

    /** The module's own parameters by local name ("weight", "bias"), not those of its children. */
    protected LinkedHashMap<String, Tensor> ownParameters() {
        return new LinkedHashMap<>();
    }

    /** The module's own buffers by local name ("running_mean", …), not those of its children. */
    protected LinkedHashMap<String, Tensor> ownBuffers() {
        return new LinkedHashMap<>();
    }

    /** The direct children by name, in order ("0", "1", … in a Sequential). */
    public LinkedHashMap<String, Module> namedChildren() {
        return new LinkedHashMap<>();
    }

    /** The direct children in order. */
    public final List<Module> children() {
        return new ArrayList<>(namedChildren().values());
    }

    /** This module and every descendant, depth first, by dotted name ("" for this one). */
    public final LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> m = new LinkedHashMap<>();
        m.put("", this);
        for (Map.Entry<String, Module> c : namedChildren().entrySet()) {
            c.getValue().namedModules().forEach((k, v) -> m.put(k.isEmpty() ? c.getKey() : c.getKey() + "." + k, v));
        }
        return m;
    }

    /** All parameters by PyTorch name ("weight"; "0.weight" in a Sequential), the live tensors. */
    public final LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>(ownParameters());
        for (Map.Entry<String, Module> c : namedChildren().entrySet()) {
            c.getValue().namedParameters().forEach((k, v) -> m.put(c.getKey() + "." + k, v));
        }
        return m;
    }

    /** All buffers by PyTorch name ("1.running_mean"), the live tensors. */
    public final LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>(ownBuffers());
        for (Map.Entry<String, Module> c : namedChildren().entrySet()) {
            c.getValue().namedBuffers().forEach((k, v) -> m.put(c.getKey() + "." + k, v));
        }
        return m;
    }

    /** All parameters (frozen ones included, as torch's parameters()); optimizers skip frozen ones. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters that train (not frozen). */
    public final List<Tensor> trainableParameters() {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : parameters()) {
            if (p.requiresGrad()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The state dict as torch orders it: each module's own parameters, then its own buffers, then its children's
     * entries (live tensors; {@link #snapshot()} copies them).
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>(ownParameters());
        m.putAll(ownBuffers());
        for (Map.Entry<String, Module> c : namedChildren().entrySet()) {
            c.getValue().stateDict().forEach((k, v) -> m.put(c.getKey() + "." + k, v));
        }
        return m;
    }

    /**
     * Copies the values of {@code state} into the parameters and buffers. Names and shapes must match exactly:
     * {@code loadStateDict: missing '2.weight'}, {@code loadStateDict: unexpected '4.weight'},
     * {@code loadStateDict: '0.weight' has shape [128, 784], expected [256, 784]}.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        LinkedHashMap<String, Tensor> own = stateDict();
        for (String k : own.keySet()) {
            if (!state.containsKey(k)) {
                throw new SomaException("loadStateDict: missing '" + k + "' (expected " + own.keySet() + ")");
            }
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor p = own.get(e.getKey());
            if (p == null) {
                throw new SomaException("loadStateDict: unexpected '" + e.getKey() + "' (expected " + own.keySet() + ")");
            }
            if (!Arrays.equals(p.shape(), e.getValue().shape())) {
                throw new SomaException("loadStateDict: '" + e.getKey() + "' has shape "
                        + Shapes.str(e.getValue().shape()) + ", expected " + Shapes.str(p.shape()));
            }
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            own.get(e.getKey()).copyFrom(e.getValue());
        }
    }

    /** Deep copies of the state dict (a snapshot, e.g. the best weights so far). */
    public final LinkedHashMap<String, Tensor> snapshot() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        stateDict().forEach((k, v) -> m.put(k, v.copy()));
        return m;
    }

    /** Number of parameter values. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** The element type of the parameters (float32 unless converted with {@link #to}). */
    public final DType dtype() {
        for (Tensor p : parameters()) {
            return p.dtype();
        }
        return DType.F32;
    }

    /**
     * The L2 norm of each parameter's gradient after a backward pass, by name (0 where there is none): the
     * diagnostic for vanishing or exploding gradients.
     */
    public final LinkedHashMap<String, Double> gradientNorms() {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        namedParameters().forEach((k, p) -> {
            double s = 0;
            if (p.grad() != null) {
                for (double v : p.grad().toDoubleArray()) {
                    s += v * v;
                }
            }
            m.put(k, Math.sqrt(s));
        });
        return m;
    }

    /** Excludes a parameter from training ({@code freeze("0.bias")}); its gradient is no longer computed. */
    public Module freeze(String name) {
        param(name).requiresGrad(false);
        return this;
    }

    /** Makes a frozen parameter train again. */
    public Module unfreeze(String name) {
        param(name).requiresGrad(true);
        return this;
    }

    /** True when the named parameter is frozen. */
    public final boolean isFrozen(String name) {
        return !param(name).requiresGrad();
    }

    private Tensor param(String name) {
        Tensor p = namedParameters().get(name);
        if (p == null) {
            throw new SomaException("no parameter '" + name + "'; the model has " + namedParameters().keySet());
        }
        return p;
    }

    /** Sets training (true) or evaluation (false) mode, for this module and its descendants. */
    public void train(boolean on) {
        this.training = on;
        for (Module c : children()) {
            c.train(on);
        }
    }

    /** Same as {@code train(false)}. */
    public final void eval() {
        train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Converts the parameters and buffers to another element type in place (float64 for gradient checks). */
    public void to(DType dtype) {
        for (Module c : children()) {
            c.to(dtype);
        }
    }

    /**
     * Seeds every stochastic module from {@code seed}: the descendant at depth-first position i (from 0, this module
     * not counted; in a Sequential, layer i) gets seed + i.
     */
    public final void seedRng(long seed) {
        int i = -1;
        for (Module m : namedModules().values()) {
            if (m instanceof Stochastic && i >= 0) {
                ((Stochastic) m).setSeed(seed + i);
            } else if (m instanceof Stochastic) {
                ((Stochastic) m).setSeed(seed);
            }
            i++;
        }
    }

    /** The generator state of the stochastic modules by name (their call counters), for checkpoints. */
    public final LinkedHashMap<String, Long> rngState() {
        LinkedHashMap<String, Long> s = new LinkedHashMap<>();
        namedModules().forEach((k, m) -> {
            if (m instanceof Stochastic) {
                s.put(k, ((Stochastic) m).calls());
            }
        });
        return s;
    }

    /** Restores {@link #rngState()}; names not in the model are ignored. */
    public final void setRngState(Map<String, Long> state) {
        namedModules().forEach((k, m) -> {
            if (m instanceof Stochastic && state.containsKey(k)) {
                ((Stochastic) m).setCalls(state.get(k));
            }
        });
    }

    /**
     * The outputs for a batch {@code [N, ...]} in evaluation mode, without a graph and without touching the
     * model's mode: the compiled stage in per-thread buffers, so many threads may predict at once (not while the
     * model trains).
     */
    public final Tensor predict(Tensor batch) {
        return Inference.predict(this, batch);
    }

    /** The outputs for one example given as a flat array (shaped by {@link #inputShape()} when it has one). */
    public final float[] predict(float[] sample) {
        int[] shape = inputShape();
        int[] full = shape != null && Shapes.numel(shape) == sample.length ? prepend(1, shape) : new int[] {1, sample.length};
        return predict(Tensor.of(sample.clone(), full)).toFloatArray();
    }

    /** The architecture token ("linear:784:256", "relu", "conv:1:32:3:pad=1"); containers join their children's. */
    public abstract String spec();

    /**
     * What the module's last operation makes of its outputs: "sigmoid", "softmax" (probabilities, so the natural
     * loss is on probabilities), or null (scores/logits). Containers answer for their last child.
     */
    public String outputKind() {
        List<Module> c = children();
        return c.isEmpty() ? null : c.get(c.size() - 1).outputKind();
    }

    /** A short name for summaries, e.g. "Linear(784→256)". */
    public String describe() {
        return getClass().getSimpleName();
    }

    /** A table of the modules with their output shapes for examples of {@code inputShape}, and parameter counts. */
    public final String summary(int[] inputShape) {
        return Summary.of(this, inputShape);
    }

    /** {@link #summary(int[])} for the input shape the module fixes (output shapes print as ? when unknown). */
    public final String summary() {
        return Summary.of(this, inputShape());
    }

    /** Counts {@link #convert} calls that changed a tensor, so compiled stages know when to recompile. */
    static final java.util.concurrent.atomic.AtomicInteger CONVERSIONS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A converted copy of a parameter or buffer keeping its trainable flag; layers' {@link #to} implementations
     * convert their tensors with it.
     */
    protected static Tensor convert(Tensor p, DType dtype) {
        if (p.dtype() == dtype) {
            return p;
        }
        CONVERSIONS.incrementAndGet();
        return p.to(dtype).requiresGrad(p.requiresGrad());
    }

    /** {@code [first, rest...]}. */
    public static int[] prepend(int first, int[] rest) {
        int[] s = new int[rest.length + 1];
        s[0] = first;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }

    /** The shape without its first (batch) dimension. */
    public static int[] exampleShape(int[] batchShape) {
        return Arrays.copyOfRange(batchShape, 1, batchShape.length);
    }
}
