package dev.soma.train;

import dev.soma.kernel.Activation;
import dev.soma.kernel.Kernels;
import dev.soma.nn.Dropout;
import dev.soma.nn.Linear;
import dev.soma.tensor.Tensor;

/**
 * One step of a compiled {@link MlpPlan}: a dense layer (with its fused activation), a stand-alone activation, or
 * dropout, over float32 row-major buffers preallocated for {@code capacity} rows. A batch of {@code rows ≤ capacity}
 * uses the first rows of the same buffers.
 *
 * <p>Each stage issues exactly the kernel calls, with the same arguments and in the same order, as the autograd
 * nodes it replaces ({@code Fused.linear}, {@code Activations.apply}, {@code Arithmetic.mul} for the dropout mask),
 * so the numbers are bit-identical to the graph path, which stays the specification.
 */
abstract class PlanStage {
    final Kernels k;
    final int in;
    final int out;
    /** The output [capacity, out]. */
    float[] y;
    /** The gradient with respect to the input [capacity, in], or null when the input needs none. */
    float[] gIn;

    PlanStage(Kernels k, int in, int out, int capacity, boolean needsInputGrad) {
        this.k = k;
        this.in = in;
        this.out = out;
        this.gIn = needsInputGrad ? new float[capacity * in] : null;
    }

    /** Computes y for the first {@code rows} rows of x. */
    abstract void forward(float[] x, int rows);

    /** Given x (the forward input) and g = ∂loss/∂y, writes the parameter gradients and gIn (when wanted). */
    abstract void backward(float[] x, float[] g, int rows);

    /** True when the stage has parameters (so its backward runs even when gIn is not wanted). */
    boolean hasParameters() {
        return false;
    }

    /** y = f(x·Wᵀ + b), W [out, in]; backward: gz = g·f'(z), dX = gz·W, dW = gzᵀ·x, db = Σ_rows gz. */
    static final class Dense extends PlanStage {
        private final float[] w;
        private final float[] b;
        private final float[] gw;
        private final float[] gb;
        private final Activation f;
        private final boolean identity;
        private final float[] z;
        private final float[] gz;

        Dense(Kernels k, Linear layer, Activation f, int capacity, boolean needsInputGrad) {
            super(k, layer.inFeatures(), layer.outFeatures(), capacity, needsInputGrad);
            this.w = layer.weight().floats();
            this.b = layer.bias() == null ? null : layer.bias().floats();
            this.gw = gradBuffer(layer.weight());
            this.gb = layer.bias() == null ? null : gradBuffer(layer.bias());
            this.f = f;
            this.identity = f.kind() == Activation.Kind.IDENTITY;
            this.z = new float[capacity * out];
            this.y = identity ? z : new float[capacity * out];
            this.gz = identity ? null : new float[capacity * out];
        }

        @Override
        boolean hasParameters() {
            return true;
        }

        @Override
        void forward(float[] x, int rows) {
            // MatMul.multiply(x, W.t(), z, 0): W.t() has strides [1, in]; a one-column W reads as a row.
            if (in == 1) {
                k.gemm(false, false, rows, out, in, 1f, x, 0, in, w, 0, out, 0f, z, 0, out);
            } else {
                k.gemm(false, true, rows, out, in, 1f, x, 0, in, w, 0, in, 0f, z, 0, out);
            }
            if (b != null) {
                k.addRowVector(z, 0, rows, out, b, 0, z, 0);
            }
            if (!identity) {
                k.activation(f, z, 0, y, 0, rows * out);
            }
        }

        @Override
        void backward(float[] x, float[] g, int rows) {
            float[] d = g;
            if (!identity) {
                k.activationBackward(f, z, 0, y, 0, g, 0, gz, 0, rows * out);
                d = gz;
            }
            if (gIn != null) {
                k.gemm(false, false, rows, in, out, 1f, d, 0, out, w, 0, in, 0f, gIn, 0, in);
            }
            // MatMul.matmul(gz.t(), x): gz.t() has strides [1, out]; with one output it reads as a row of length rows.
            if (out == 1) {
                k.gemm(false, false, out, in, rows, 1f, d, 0, rows, x, 0, in, 0f, gw, 0, in);
            } else {
                k.gemm(true, false, out, in, rows, 1f, d, 0, out, x, 0, in, 0f, gw, 0, in);
            }
            if (gb != null) {
                // Elementwise.sumTo(gz, [out]): a full sum for one output, column sums otherwise
                if (out == 1) {
                    gb[0] = (float) k.sum(d, 0, rows);
                } else {
                    k.columnSums(d, 0, rows, out, gb, 0, false);
                }
            }
        }

        private static float[] gradBuffer(Tensor p) {
            if (p.grad() == null) {
                p.setGrad(Tensor.zeros(p.dtype(), p.shape()));
            }
            return p.grad().floats();
        }
    }

    /** y = f(x) elementwise; backward gIn = g·f'(x). */
    static final class Act extends PlanStage {
        private final Activation f;

        Act(Kernels k, Activation f, int width, int capacity, boolean needsInputGrad) {
            super(k, width, width, capacity, needsInputGrad);
            this.f = f;
            this.y = new float[capacity * width];
        }

        @Override
        void forward(float[] x, int rows) {
            k.activation(f, x, 0, y, 0, rows * in);
        }

        @Override
        void backward(float[] x, float[] g, int rows) {
            k.activationBackward(f, x, 0, y, 0, g, 0, gIn, 0, rows * in);
        }
    }

    /** Inverted dropout with the layer's own seeded masks: y = x·mask; backward gIn = g·mask. */
    static final class Drop extends PlanStage {
        private final Dropout layer;
        private final float[] mask;

        Drop(Kernels k, Dropout layer, int width, int capacity, boolean needsInputGrad) {
            super(k, width, width, capacity, needsInputGrad);
            this.layer = layer;
            this.mask = new float[capacity * width];
            this.y = new float[capacity * width];
        }

        @Override
        void forward(float[] x, int rows) {
            layer.nextMask(mask, rows * in);
            k.mul(x, 0, mask, 0, y, 0, rows * in);
        }

        @Override
        void backward(float[] x, float[] g, int rows) {
            k.mul(g, 0, mask, 0, gIn, 0, rows * in);
        }
    }
}
