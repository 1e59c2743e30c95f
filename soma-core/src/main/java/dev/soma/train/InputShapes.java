package dev.soma.train;

import dev.soma.SomaException;
import dev.soma.data.Dataset;
import dev.soma.nn.Module;
import dev.soma.tensor.Shapes;

/**
 * How a data set's examples enter a model: in their own shape ({@code [1, 28, 28]} for a convolution), or
 * flattened when the model fixes a flat input of the same size (an MLP on images, as it always was).
 */
public final class InputShapes {
    private InputShapes() {
    }

    /**
     * The example shape {@code model} is fed from {@code data}, checked through every layer: errors say what the
     * model expects and what the data has ({@code model expects 784 inputs but iris.csv has 4 features}).
     */
    public static int[] of(Module model, Dataset data) {
        int[] want = model.inputShape();
        int[] has = data.exampleShape();
        int[] shape = has;
        if (want != null && !java.util.Arrays.equals(want, has)) {
            if (want.length == 1 && want[0] == data.features()) {
                shape = want;
            } else {
                throw new SomaException("model expects " + describe(want) + " but " + data.name() + " has "
                        + (has.length == 1 ? has[0] + " features" : "examples of shape " + Shapes.str(has)
                        + " (" + data.features() + " features)"));
            }
        }
        try {
            model.outputShape(shape);
        } catch (SomaException e) {
            throw new SomaException(data.name() + " (examples of shape " + Shapes.str(shape) + "): " + e.getMessage());
        }
        return shape;
    }

    /** Values per output example for inputs of {@code shape}. */
    public static int outputs(Module model, int[] shape) {
        return Shapes.numel(model.outputShape(shape));
    }

    private static String describe(int[] s) {
        return s.length == 1 ? s[0] + " inputs" : "examples of shape " + Shapes.str(s);
    }
}
