package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Modules applied one after the other, as torch.nn.Sequential. Parameter names follow PyTorch: the module's index,
 * a dot, the parameter's name ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}…; activation and dropout layers
 * take an index too), so a state dict loads into the equivalent torch.nn.Sequential.
 *
 * <p>Shapes are checked when the network is built as far as they are known: from the first layer that fixes its
 * input shape (a Linear does, a convolution fixes only its channels), each layer's {@link Module#outputShape} must
 * accept the previous one's ({@code Sequential: layer 3 expects 256 inputs but layer 1 produces 128}, layers counted
 * from 1); the rest is checked against the data's example shape when training or predicting starts.
 */
public final class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        this(Arrays.asList(layers));
    }

    public Sequential(List<Module> layers) {
        if (layers.isEmpty()) {
            throw new SomaException("Sequential: needs at least one layer, got none");
        }
        this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
        int[] shape = null;
        int producer = -1;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            int[] want = m.inputShape();
            if (want != null && shape != null && !Arrays.equals(want, shape)) {
                throw new SomaException("Sequential: layer " + (i + 1) + " (" + m.describe() + ") expects "
                        + describeShape(want) + " but layer " + (producer + 1) + " produces "
                        + (shape.length == 1 ? Integer.toString(shape[0]) : "examples of shape " + Shapes.str(shape)));
            }
            if (want != null && shape == null) {
                shape = want;
            }
            if (shape != null) {
                int[] next = layerOutput(i, m, shape);
                if (!Arrays.equals(next, shape) || !m.namedParameters().isEmpty()) {
                    producer = i;
                }
                shape = next;
            }
        }
    }

    private static String describeShape(int[] s) {
        return s.length == 1 ? s[0] + " inputs" : "examples of shape " + Shapes.str(s);
    }

    private static int[] layerOutput(int i, Module m, int[] in) {
        try {
            return m.outputShape(in);
        } catch (SomaException e) {
            throw new SomaException("Sequential: layer " + (i + 1) + ": " + e.getMessage());
        }
    }

    /** The layers in order. */
    public List<Module> layers() {
        return layers;
    }

    @Override
    public LinkedHashMap<String, Module> namedChildren() {
        LinkedHashMap<String, Module> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            m.put(Integer.toString(i), layers.get(i));
        }
        return m;
    }

    /** The input example shape fixed by the first layer that fixes one (null if none does before a reshaping layer). */
    @Override
    public int[] inputShape() {
        for (Module m : layers) {
            int[] s = m.inputShape();
            if (s != null) {
                return s;
            }
            if (!isShapePreserving(m)) {
                return null;
            }
        }
        return null;
    }

    private static boolean isShapePreserving(Module m) {
        int[] probe = {3, 5, 7};
        try {
            return Arrays.equals(m.outputShape(probe), probe);
        } catch (SomaException e) {
            return false;
        }
    }

    @Override
    public int[] outputShape(int[] in) {
        int[] shape = in;
        for (int i = 0; i < layers.size(); i++) {
            shape = layerOutput(i, layers.get(i), shape);
        }
        return shape;
    }

    /** Number of input features for flat examples (the first layer's fixed width), −1 when not fixed or not flat. */
    public int inputSize() {
        int[] s = inputShape();
        return s == null ? -1 : Shapes.numel(s);
    }

    /** Number of outputs per example, for the input shape the network fixes (−1 when it fixes none). */
    public int outputSize() {
        int[] s = inputShape();
        return s == null ? -1 : Shapes.numel(outputShape(s));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor h = x;
        for (Module m : layers) {
            h = m.forward(h, training);
        }
        return h;
    }

    @Override
    public Stage compile(StageSpec spec) {
        Stage[] stages = new Stage[layers.size()];
        boolean[] inputGrad = new boolean[layers.size()];
        int[] shape = spec.inputShape();
        boolean gradFlows = spec.inputGrad();
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            inputGrad[i] = gradFlows && spec.training();
            stages[i] = m.compile(spec.next(shape, inputGrad[i]));
            shape = layerOutput(i, m, shape);
            gradFlows |= !m.trainableParameters().isEmpty();
        }
        return new SequentialStage(stages, inputGrad);
    }

    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        String h = input;
        int[] shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).export(g, h, shape);
            shape = layerOutput(i, layers.get(i), shape);
        }
        return h;
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
        return SpecParser.parse(spec, null, 42L, null);
    }

    /** Same with an initializer for every weight (null: He before ReLU family, Glorot otherwise) and a seed. */
    public static Sequential fromSpec(String spec, Initializer init, long seed) {
        return SpecParser.parse(spec, init, seed, null);
    }

    /**
     * Same for examples of {@code inputShape} (e.g. [1, 28, 28]), which lets widths be left out where they follow
     * from it ({@code conv:32:3} after a 1-channel input, {@code linear:128} after a flatten).
     */
    public static Sequential fromSpec(String spec, Initializer init, long seed, int[] inputShape) {
        return SpecParser.parse(spec, init, seed, inputShape);
    }

    @Override
    public Sequential freeze(String name) {
        super.freeze(name);
        return this;
    }

    @Override
    public Sequential unfreeze(String name) {
        super.unfreeze(name);
        return this;
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
