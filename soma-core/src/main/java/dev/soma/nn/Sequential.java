package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.autograd.NoGrad;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Modules applied one after the other, as torch.nn.Sequential. Parameter names follow PyTorch: the module's index,
 * a dot, the parameter's name ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}…; activation and dropout layers
 * take an index too), so a state dict loads into the equivalent torch.nn.Sequential.
 *
 * <p>The widths are checked when the network is built ({@code Sequential: layer 3 expects 256 inputs but layer 1
 * produces 128}, layers counted from 1). A Linear followed by an activation runs as one fused node with the same
 * numbers. {@link #predict} records no graph, runs in evaluation mode without touching the model's mode and uses
 * per-thread buffers ({@link FastPredict} for Linear/activation/dropout networks), so many threads may predict with
 * one model at once (not while it trains).
 */
public final class Sequential extends Module {
    private final List<Module> layers;
    private final int inputSize;
    private final int outputSize;

    public Sequential(Module... layers) {
        this(Arrays.asList(layers));
    }

    public Sequential(List<Module> layers) {
        if (layers.isEmpty()) {
            throw new SomaException("Sequential: needs at least one layer, got none");
        }
        this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
        int width = -1;
        int producer = -1;
        int first = -1;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            int want = m.expectedInputs();
            if (want > 0) {
                if (width < 0) {
                    first = want;
                } else if (want != width) {
                    throw new SomaException("Sequential: layer " + (i + 1) + " expects " + want
                            + " inputs but layer " + (producer + 1) + " produces " + width);
                }
                width = want;
            }
            int next = m.outputSize(width);
            if (next != width || m instanceof Linear) {
                producer = i;
            }
            width = next;
        }
        this.inputSize = first;
        this.outputSize = width;
    }

    /** The layers in order. */
    public List<Module> layers() {
        return layers;
    }

    /** Number of input features (that of the first layer with a fixed width), −1 if none fixes it. */
    public int inputSize() {
        return inputSize;
    }

    /** Number of outputs per example. */
    public int outputSize() {
        return outputSize;
    }

    @Override
    public int expectedInputs() {
        return inputSize;
    }

    @Override
    public int outputSize(int in) {
        return outputSize < 0 ? in : outputSize;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor h = x;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (m instanceof Linear && i + 1 < layers.size() && layers.get(i + 1) instanceof ActivationLayer) {
                h = ((Linear) m).forward(h, ((ActivationLayer) layers.get(i + 1)).activation());
                i++;
            } else {
                h = m.forward(h, training);
            }
        }
        return h;
    }

    /** The outputs for a batch [batch, inputs], in evaluation mode and without a graph; thread-safe. */
    public Tensor predict(Tensor batch) {
        Tensor fast = FastPredict.predict(this, batch); // no graph, per-thread buffers; null when not applicable
        if (fast != null) {
            return fast;
        }
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor in = batch.dtype() == dtype() ? batch : batch.to(dtype());
            return forward(in.detach(), false);
        }
    }

    /** The outputs for one example. */
    public float[] predict(float[] sample) {
        return predict(Tensor.of(sample.clone(), 1, sample.length)).toFloatArray();
    }

    /** The element type of the parameters (float32 unless converted with {@link #to}). */
    public DType dtype() {
        for (Tensor p : namedParameters().values()) {
            return p.dtype();
        }
        return DType.F32;
    }

    @Override
    public LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, Tensor> e : layers.get(i).namedParameters().entrySet()) {
                m.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return m;
    }

    /** Parameters that train (not frozen). */
    public List<Tensor> trainableParameters() {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : parameters()) {
            if (p.requiresGrad()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Copies the values of {@code state} into the parameters. Names and shapes must match exactly:
     * {@code loadStateDict: missing '2.weight'}, {@code loadStateDict: unexpected '4.weight'},
     * {@code loadStateDict: '0.weight' has shape [128, 784], expected [256, 784]}.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        LinkedHashMap<String, Tensor> own = namedParameters();
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
                        + Arrays.toString(e.getValue().shape()) + ", expected " + Arrays.toString(p.shape()));
            }
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            own.get(e.getKey()).copyFrom(e.getValue());
        }
    }

    /** Deep copies of the parameter values by name (a snapshot, e.g. the best weights so far). */
    public LinkedHashMap<String, Tensor> snapshot() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        namedParameters().forEach((k, v) -> m.put(k, v.copy()));
        return m;
    }

    /**
     * The L2 norm of each parameter's gradient after a backward pass, by name (0 where there is none): the
     * diagnostic for vanishing or exploding gradients.
     */
    public LinkedHashMap<String, Double> gradientNorms() {
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
    public Sequential freeze(String name) {
        param(name).requiresGrad(false);
        return this;
    }

    /** Makes a frozen parameter train again. */
    public Sequential unfreeze(String name) {
        Tensor p = param(name);
        p.requiresGrad(true);
        return this;
    }

    /** True when the named parameter is frozen. */
    public boolean isFrozen(String name) {
        return !param(name).requiresGrad();
    }

    private Tensor param(String name) {
        Tensor p = namedParameters().get(name);
        if (p == null) {
            throw new SomaException("no parameter '" + name + "'; the model has " + namedParameters().keySet());
        }
        return p;
    }

    @Override
    public void train(boolean on) {
        super.train(on);
        for (Module m : layers) {
            m.train(on);
        }
    }

    @Override
    public void to(DType dtype) {
        for (Module m : layers) {
            m.to(dtype);
        }
    }

    /** Seeds every dropout layer from {@code seed} (layer i gets seed + i). */
    public void seedDropout(long seed) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dropout) {
                ((Dropout) layers.get(i)).setSeed(seed + i);
            }
        }
    }

    /** The generator state of the dropout layers (their call counters), for checkpoints. */
    public long[] rngState() {
        return layers.stream().mapToLong(m -> m instanceof Dropout ? ((Dropout) m).calls() : 0L).toArray();
    }

    /** Restores {@link #rngState()}. */
    public void setRngState(long[] state) {
        for (int i = 0; i < layers.size() && i < state.length; i++) {
            if (layers.get(i) instanceof Dropout) {
                ((Dropout) layers.get(i)).setCalls(state[i]);
            }
        }
    }

    /** The architecture as a comma-separated list of layer tokens; {@link #fromSpec} reads it back. */
    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder();
        for (Module m : layers) {
            sb.append(sb.length() == 0 ? "" : ",").append(m.spec());
        }
        return sb.toString();
    }

    /** Builds the network of a spec ("linear:784:256,relu,dropout:0.2,linear:256:10"); default init, seed 42. */
    public static Sequential fromSpec(String spec) {
        return SpecParser.parse(spec, null, 42L);
    }

    /** Same with an initializer for every Linear (null: He before ReLU family, Glorot otherwise) and a seed. */
    public static Sequential fromSpec(String spec, Initializer init, long seed) {
        return SpecParser.parse(spec, init, seed);
    }

    /** A table of the layers with their output shapes and parameter counts, and the totals. */
    public String summary() {
        return Summary.of(this);
    }

    @Override
    public String describe() {
        return "Sequential(" + layers.size() + " layers)";
    }

    @Override
    public String toString() {
        return "Sequential(" + spec() + ")";
    }
}
