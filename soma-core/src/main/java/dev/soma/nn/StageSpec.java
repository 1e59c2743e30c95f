package dev.soma.nn;

import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;
import dev.soma.tensor.Shapes;

/**
 * What a {@link Stage} is compiled for: the shape of one input example, the largest batch (buffers are allocated
 * for it once; a smaller batch uses their first rows), the mode (training: dropout active, batch statistics; or
 * evaluation), and whether the gradient with respect to the input is wanted (false for the first layers of a
 * network, whose input is data, and for every stage of an inference plan).
 */
public final class StageSpec {
    private final Kernels kernels;
    private final int[] inputShape;
    private final int capacity;
    private final boolean training;
    private final boolean inputGrad;

    public StageSpec(Kernels kernels, int[] inputShape, int capacity, boolean training, boolean inputGrad) {
        this.kernels = kernels;
        this.inputShape = inputShape.clone();
        this.capacity = capacity;
        this.training = training;
        this.inputGrad = inputGrad && training;
    }

    /** A training spec on the process's kernels. */
    public static StageSpec training(int[] inputShape, int capacity, boolean inputGrad) {
        return new StageSpec(KernelProvider.get(), inputShape, capacity, true, inputGrad);
    }

    /** An inference spec on the process's kernels (evaluation mode, no gradients). */
    public static StageSpec inference(int[] inputShape, int capacity) {
        return new StageSpec(KernelProvider.get(), inputShape, capacity, false, false);
    }

    /** The same spec for the next module: another input shape and input-gradient flag. */
    public StageSpec next(int[] shape, boolean wantsInputGrad) {
        return new StageSpec(kernels, shape, capacity, training, wantsInputGrad);
    }

    public Kernels kernels() {
        return kernels;
    }

    /** The shape of one input example (a copy). */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Values per input example. */
    public int inputSize() {
        return Shapes.numel(inputShape);
    }

    public int capacity() {
        return capacity;
    }

    public boolean training() {
        return training;
    }

    /** True when the stage must write the gradient with respect to its input. */
    public boolean inputGrad() {
        return inputGrad;
    }
}
