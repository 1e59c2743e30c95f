package dev.soma.nn;

/**
 * A module compiled for float32 batches: forward and backward over flat row-major buffers allocated once for the
 * spec's capacity (a batch of {@code rows} uses their first rows), without a graph and without allocation in steady
 * state. Layers make exactly the kernel calls of their graph path, in the same order, so the numbers are
 * bit-identical to {@link Module#forward} (each layer's test checks it).
 *
 * <p>{@link #output()} and {@link #inputGradient()} may alias the stage's input or the upstream gradient (a flatten
 * or an evaluation-mode dropout copies nothing), so callers read them after each call. {@link #backward} writes each
 * trainable parameter's gradient into its {@code grad()} buffer, replacing what was there.
 */
public abstract class Stage {
    /** The output of the last forward, [capacity × output size]. */
    protected float[] y;
    /** The gradient with respect to the input after backward, or null when the spec did not ask for it. */
    protected float[] gIn;

    /** The output buffer of the last {@link #forward}. */
    public final float[] output() {
        return y;
    }

    /** The input gradient of the last {@link #backward}, or null when not wanted. */
    public final float[] inputGradient() {
        return gIn;
    }

    /** Computes the output for the first {@code rows} examples of {@code x}. */
    public abstract void forward(float[] x, int rows);

    /**
     * Given the forward input {@code x} and {@code gy} = ∂loss/∂output, writes the parameter gradients and, when
     * the spec asked for it, the input gradient.
     */
    public abstract void backward(float[] x, float[] gy, int rows);

    /** True when backward writes parameter gradients (so it must run even when no input gradient is wanted). */
    public boolean trainsParameters() {
        return false;
    }
}
