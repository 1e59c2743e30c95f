package dev.soma.tensor;

import dev.soma.SomaException;
import dev.soma.autograd.Activations;
import dev.soma.autograd.Arithmetic;
import dev.soma.autograd.Graph;
import dev.soma.autograd.GradFn;
import dev.soma.autograd.MatMul;
import dev.soma.autograd.Reductions;
import dev.soma.autograd.Unary;
import dev.soma.autograd.Views;
import dev.soma.kernel.Activation;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An n-dimensional array of float32 or float64 numbers with a shape, stored row-major in one flat array.
 *
 * <p>A tensor may be a view (a reshape or a transpose) of another's storage: {@link #strides()} and {@link #offset()}
 * say where its elements are. Operations read views directly where they can (matmul reads a transposed matrix
 * without copying) and otherwise call {@link #contiguous()}.
 *
 * <p>A tensor that {@linkplain #requiresGrad() requires gradients} makes every operation on it record a node of the
 * computation graph; {@link #backward()} on a scalar result then fills {@link #grad()} of every tensor it depends on.
 * Parameters are contiguous with offset 0, so {@link #floats()} is their flat buffer and that of their gradient.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final int numel;
    private final boolean contiguous;
    private final float[] f;
    private final double[] d;

    private boolean requiresGrad;
    private Tensor grad;
    private GradFn gradFn;
    private boolean retainGrad;
    private String name;

    private Tensor(DType dtype, int[] shape, int[] strides, int offset, float[] f, double[] d) {
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.numel = Shapes.numel(shape);
        this.f = f;
        this.d = d;
        this.contiguous = computeContiguous();
    }

    // ---------------------------------------------------------------- factories

    /** A float32 tensor over {@code data} (not copied) with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(DType.F32, shape.clone(), Shapes.contiguousStrides(shape), 0, data, null);
    }

    /** A float64 tensor over {@code data} (not copied) with the given shape. */
    public static Tensor of(double[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(DType.F64, shape.clone(), Shapes.contiguousStrides(shape), 0, null, data);
    }

    /** A float32 matrix from rows (copied). */
    public static Tensor matrix(float[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        float[] data = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new SomaException("matrix: row " + i + " has " + rows[i].length + " values, expected " + c);
            }
            System.arraycopy(rows[i], 0, data, i * c, c);
        }
        return of(data, r, c);
    }

    /** A float64 matrix from rows (copied). */
    public static Tensor matrix(double[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        double[] data = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new SomaException("matrix: row " + i + " has " + rows[i].length + " values, expected " + c);
            }
            System.arraycopy(rows[i], 0, data, i * c, c);
        }
        return of(data, r, c);
    }

    /** A zero-filled contiguous tensor. */
    public static Tensor zeros(DType dtype, int... shape) {
        int n = Shapes.numel(shape);
        int[] s = shape.clone();
        return dtype == DType.F32
                ? new Tensor(dtype, s, Shapes.contiguousStrides(s), 0, new float[n], null)
                : new Tensor(dtype, s, Shapes.contiguousStrides(s), 0, null, new double[n]);
    }

    /** A zero-filled float32 tensor. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.F32, shape);
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = zeros(dtype, shape);
        t.fill(value);
        return t;
    }

    /** A rank-0 tensor holding one value. */
    public static Tensor scalar(DType dtype, double value) {
        return full(dtype, value);
    }

    /** A float32 rank-0 tensor. */
    public static Tensor scalar(double value) {
        return scalar(DType.F32, value);
    }

    /** Standard-normal values from a seeded generator. */
    public static Tensor randn(DType dtype, SplittableRandom rng, int... shape) {
        Tensor t = zeros(dtype, shape);
        for (int i = 0; i < t.numel; i++) {
            t.setFlat(i, Rng.gaussian(rng));
        }
        return t;
    }

    /** Uniform values in [lo, hi) from a seeded generator. */
    public static Tensor uniform(DType dtype, SplittableRandom rng, double lo, double hi, int... shape) {
        Tensor t = zeros(dtype, shape);
        for (int i = 0; i < t.numel; i++) {
            t.setFlat(i, lo + (hi - lo) * rng.nextDouble());
        }
        return t;
    }

    private static void checkLength(int length, int[] shape) {
        int n = Shapes.numel(shape);
        if (n != length) {
            throw new SomaException("tensor of shape " + Shapes.str(shape) + " needs " + n + " values, got " + length);
        }
    }

    /**
     * A view on the same storage with another shape, strides and offset. For operations in this library; user code
     * reaches views through {@link #reshape}, {@link #transpose} and {@link #t()}.
     */
    public Tensor view(int[] newShape, int[] newStrides, int newOffset) {
        if (newShape.length != newStrides.length) {
            throw new SomaException("view: shape " + Shapes.str(newShape) + " and strides " + Arrays.toString(newStrides)
                    + " differ in rank");
        }
        if (Shapes.numel(newShape) > 0) {
            long last = newOffset;
            for (int i = 0; i < newShape.length; i++) {
                if (newStrides[i] < 0) {
                    throw new SomaException("view: negative stride in " + Arrays.toString(newStrides));
                }
                last += (long) (newShape[i] - 1) * newStrides[i];
            }
            int storage = f != null ? f.length : d.length;
            if (newOffset < 0 || last >= storage) {
                throw new SomaException("view: shape " + Shapes.str(newShape) + ", strides " + Arrays.toString(newStrides)
                        + ", offset " + newOffset + " reach element " + last + " of a storage of " + storage);
            }
        }
        return new Tensor(dtype, newShape.clone(), newStrides.clone(), newOffset, f, d);
    }

    // ---------------------------------------------------------------- shape and storage

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code axis} (negative counts from the end). */
    public int size(int axis) {
        return shape[Shapes.axis("size", axis, shape.length)];
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Number of elements (the product of the shape). */
    public int numel() {
        return numel;
    }

    /** The strides in elements (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** Index of the first element in the storage (non-zero for some views). */
    public int offset() {
        return offset;
    }

    /** True when the elements lie row-major, one after the other, from {@link #offset()}. */
    public boolean isContiguous() {
        return contiguous;
    }

    private boolean computeContiguous() {
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != acc) {
                return false;
            }
            acc *= shape[i];
        }
        return true;
    }

    /** This tensor if it is contiguous from offset 0, otherwise a contiguous copy (same graph: gradients flow). */
    public Tensor contiguous() {
        return isContiguous() && offset == 0 ? this : Views.contiguous(this);
    }

    /** The backing float32 array of a contiguous tensor with offset 0 (its flat buffer; writes are visible). */
    public float[] floats() {
        requireFlat(DType.F32);
        return f;
    }

    /** The backing float64 array of a contiguous tensor with offset 0 (its flat buffer; writes are visible). */
    public double[] doubles() {
        requireFlat(DType.F64);
        return d;
    }

    /** The raw float32 storage regardless of view (may be shared, larger than this tensor); null for float64. */
    public float[] storageF32() {
        return f;
    }

    /** The raw float64 storage regardless of view; null for float32. */
    public double[] storageF64() {
        return d;
    }

    private void requireFlat(DType want) {
        if (dtype != want) {
            throw new SomaException("expected a " + want + " tensor, got " + dtype);
        }
        if (!isContiguous() || offset != 0) {
            throw new SomaException("expected a contiguous tensor, got a view of shape " + Shapes.str(shape)
                    + " with strides " + Arrays.toString(strides) + "; call contiguous() first");
        }
    }

    /** Storage index of the element at logical (row-major) position {@code i}. */
    public int storageIndex(int i) {
        if (i < 0 || i >= numel) {
            throw new SomaException("index " + i + " out of range for " + numel + " elements");
        }
        if (contiguous) {
            return offset + i;
        }
        int idx = offset;
        for (int ax = shape.length - 1; ax >= 0; ax--) {
            int dim = shape[ax];
            idx += (i % dim) * strides[ax];
            i /= dim;
        }
        return idx;
    }

    /** Element at logical row-major position {@code i}, as a double. */
    public double getFlat(int i) {
        int s = storageIndex(i);
        return f != null ? f[s] : d[s];
    }

    /** Sets the element at logical row-major position {@code i}. */
    public void setFlat(int i, double v) {
        int s = storageIndex(i);
        if (f != null) {
            f[s] = (float) v;
        } else {
            d[s] = v;
        }
    }

    /** Element at a multi-index. */
    public double get(int... idx) {
        return f != null ? f[index(idx)] : d[index(idx)];
    }

    /** Sets the element at a multi-index. */
    public void set(double v, int... idx) {
        int s = index(idx);
        if (f != null) {
            f[s] = (float) v;
        } else {
            d[s] = v;
        }
    }

    private int index(int[] idx) {
        if (idx.length != shape.length) {
            throw new SomaException("index " + Arrays.toString(idx) + " has " + idx.length
                    + " coordinates, tensor of shape " + Shapes.str(shape) + " needs " + shape.length);
        }
        int s = offset;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= shape[i]) {
                throw new SomaException("index " + Arrays.toString(idx) + " out of range for shape " + Shapes.str(shape));
            }
            s += idx[i] * strides[i];
        }
        return s;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel != 1) {
            throw new SomaException("item: tensor of shape " + Shapes.str(shape) + " has " + numel + " elements, expected 1");
        }
        return getFlat(0);
    }

    /** Fills every element with {@code v} (in place, no graph). */
    public Tensor fill(double v) {
        if (isContiguous() && offset == 0) {
            if (f != null) {
                Arrays.fill(f, 0, numel, (float) v);
            } else {
                Arrays.fill(d, 0, numel, v);
            }
        } else {
            for (int i = 0; i < numel; i++) {
                setFlat(i, v);
            }
        }
        return this;
    }

    /** Copies the values of {@code src} (same shape, any dtype) into this tensor, in place, without a graph. */
    public Tensor copyFrom(Tensor src) {
        if (!Arrays.equals(shape, src.shape)) {
            throw new SomaException("copyFrom: shape " + Shapes.str(src.shape) + " does not match " + Shapes.str(shape));
        }
        if (isContiguous() && src.isContiguous()) {
            if (f != null && src.f != null) {
                System.arraycopy(src.f, src.offset, f, offset, numel);
            } else if (d != null && src.d != null) {
                System.arraycopy(src.d, src.offset, d, offset, numel);
            } else if (f != null) {
                for (int i = 0; i < numel; i++) {
                    f[offset + i] = (float) src.d[src.offset + i];
                }
            } else {
                for (int i = 0; i < numel; i++) {
                    d[offset + i] = src.f[src.offset + i];
                }
            }
        } else if (isContiguous()) {
            copyStrided(src);
        } else {
            for (int i = 0; i < numel; i++) {
                setFlat(i, src.getFlat(i));
            }
        }
        return this;
    }

    /** Copies a strided view into this contiguous tensor, walking the view's storage with an odometer. */
    private void copyStrided(Tensor src) {
        int rank = shape.length;
        int[] counter = new int[rank];
        int is = src.offset;
        for (int i = 0; i < numel; i++) {
            double v = src.f != null ? src.f[is] : src.d[is];
            if (f != null) {
                f[offset + i] = (float) v;
            } else {
                d[offset + i] = v;
            }
            for (int ax = rank - 1; ax >= 0; ax--) {
                if (++counter[ax] < shape[ax]) {
                    is += src.strides[ax];
                    break;
                }
                counter[ax] = 0;
                is -= src.strides[ax] * (shape[ax] - 1);
            }
        }
    }

    /** The elements in row-major order as a new float array. */
    public float[] toFloatArray() {
        float[] out = new float[numel];
        Tensor.of(out, shape).copyFrom(this);
        return out;
    }

    /** The elements in row-major order as a new double array. */
    public double[] toDoubleArray() {
        double[] out = new double[numel];
        Tensor.of(out, shape).copyFrom(this);
        return out;
    }

    /** A contiguous copy with the given element type, outside any graph. */
    public Tensor to(DType type) {
        Tensor out = zeros(type, shape);
        out.copyFrom(this);
        return out;
    }

    /** A contiguous copy outside any graph. */
    public Tensor copy() {
        return to(dtype);
    }

    // ---------------------------------------------------------------- autograd

    /** True when operations on this tensor are recorded for back-propagation. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks this tensor as a leaf whose gradient is wanted (a parameter or an input under study). */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null && !on) {
            throw new SomaException("requiresGrad(false) on a non-leaf tensor; use detach()");
        }
        this.requiresGrad = on;
        return this;
    }

    /** The accumulated gradient, or null before any backward pass reached this tensor. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (used by autograd and optimizers); null clears it. Shape and dtype must match. */
    public void setGrad(Tensor g) {
        if (g != null && (g.dtype != dtype || !Arrays.equals(g.shape, shape))) {
            throw new SomaException("setGrad: gradient " + g.dtype + " " + Shapes.str(g.shape) + " does not match tensor "
                    + dtype + " " + Shapes.str(shape));
        }
        this.grad = g;
    }

    /** Clears the accumulated gradient (sets it to zero, keeping its buffer). */
    public void zeroGrad() {
        if (grad != null) {
            grad.fill(0);
        }
    }

    /** Keeps the gradient of this non-leaf tensor after backward (leaves always keep theirs). */
    public Tensor retainGrad() {
        this.retainGrad = true;
        return this;
    }

    /** True when backward keeps this tensor's gradient: a leaf, or a tensor marked with {@link #retainGrad()}. */
    public boolean keepsGrad() {
        return gradFn == null || retainGrad;
    }

    /** The graph node that produced this tensor, or null for a leaf. */
    public GradFn gradFn() {
        return gradFn;
    }

    /** Attaches the node that produced this tensor; called by operations when they record the graph. */
    public void setGradFn(GradFn fn) {
        this.gradFn = fn;
        this.requiresGrad = fn != null;
    }

    /** True for a tensor not produced by a recorded operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The same storage, cut from the graph. */
    public Tensor detach() {
        return new Tensor(dtype, shape, strides, offset, f, d);
    }

    /** Runs back-propagation from this scalar: fills the gradients of every tensor it depends on. */
    public void backward() {
        Graph.backward(this);
    }

    /** Back-propagates from this tensor with the given upstream gradient (same shape). */
    public void backward(Tensor gradient) {
        Graph.backward(this, gradient);
    }

    /** The label given by {@link #named}, or null. */
    public String name() {
        return name;
    }

    /** A label used when the graph is printed. */
    public Tensor named(String n) {
        this.name = n;
        return this;
    }

    // ---------------------------------------------------------------- operations (each records its backward)

    /** this + o, elementwise with numpy broadcasting. */
    public Tensor add(Tensor o) {
        return Arithmetic.add(this, o);
    }

    /** this − o, elementwise with numpy broadcasting. */
    public Tensor sub(Tensor o) {
        return Arithmetic.sub(this, o);
    }

    /** this · o, elementwise with numpy broadcasting. */
    public Tensor mul(Tensor o) {
        return Arithmetic.mul(this, o);
    }

    /** this / o, elementwise with numpy broadcasting. */
    public Tensor div(Tensor o) {
        return Arithmetic.div(this, o);
    }

    /** this + c. */
    public Tensor add(double c) {
        return Arithmetic.add(this, scalar(dtype, c));
    }

    /** this · c. */
    public Tensor mul(double c) {
        return Arithmetic.mul(this, scalar(dtype, c));
    }

    /** this − c. */
    public Tensor sub(double c) {
        return Arithmetic.sub(this, scalar(dtype, c));
    }

    /** this / c. */
    public Tensor div(double c) {
        return Arithmetic.div(this, scalar(dtype, c));
    }

    /** −this. */
    public Tensor neg() {
        return Unary.neg(this);
    }

    /** eˣ elementwise. */
    public Tensor exp() {
        return Unary.exp(this);
    }

    /** Natural logarithm elementwise. */
    public Tensor log() {
        return Unary.log(this);
    }

    /** xᵖ elementwise (gradient p·xᵖ⁻¹). */
    public Tensor pow(double p) {
        return Unary.pow(this, p);
    }

    /** √x elementwise. */
    public Tensor sqrt() {
        return Unary.sqrt(this);
    }

    /** |x| elementwise (gradient sign(x), 0 at 0). */
    public Tensor abs() {
        return Unary.abs(this);
    }

    /** Matrix product of two matrices; transposed views are read in place. */
    public Tensor matmul(Tensor o) {
        return MatMul.matmul(this, o);
    }

    /** Σ of all elements, a scalar. */
    public Tensor sum() {
        return Reductions.sum(this);
    }

    /** Σ along an axis (negative counts from the end); keepDim keeps it with size 1. */
    public Tensor sum(int axis, boolean keepDim) {
        return Reductions.sum(this, axis, keepDim);
    }

    /** Mean of all elements, a scalar. */
    public Tensor mean() {
        return Reductions.mean(this);
    }

    /** Mean along an axis. */
    public Tensor mean(int axis, boolean keepDim) {
        return Reductions.mean(this, axis, keepDim);
    }

    /** Largest element, a scalar (the gradient goes to its first position). */
    public Tensor max() {
        return Reductions.max(this);
    }

    /** Largest element along an axis (the gradient goes to the first maximum). */
    public Tensor max(int axis, boolean keepDim) {
        return Reductions.max(this, axis, keepDim);
    }

    /** Same elements in another shape (one dimension may be −1); a view when contiguous. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Swaps two axes (a view). */
    public Tensor transpose(int a, int b) {
        return Views.transpose(this, a, b);
    }

    /** The transpose of a matrix (a view). */
    public Tensor t() {
        if (shape.length != 2) {
            throw new SomaException("t: expects a matrix, got shape " + Shapes.str(shape));
        }
        return Views.transpose(this, 0, 1);
    }

    /** Joins tensors along {@code axis}; all other dimensions must agree (gradients flow back to each part). */
    public static Tensor concat(int axis, Tensor... parts) {
        return Views.concat(axis, parts);
    }

    /** The rows {@code rows[i]} along axis 0, e.g. a mini-batch; rows may repeat (their gradients add up). */
    public Tensor gatherRows(int... rows) {
        return Views.gatherRows(this, rows);
    }

    /** Index of the largest value in each row of a matrix (the predicted class); no graph. */
    public int[] argmaxRows() {
        return Reductions.argmaxRows(this);
    }

    /** Applies an elementwise activation function. */
    public Tensor apply(Activation act) {
        return Activations.apply(this, act);
    }

    /** max(x, 0). */
    public Tensor relu() {
        return apply(Activation.relu());
    }

    /** 1 / (1 + e⁻ˣ). */
    public Tensor sigmoid() {
        return apply(Activation.sigmoid());
    }

    /** tanh x. */
    public Tensor tanh() {
        return apply(Activation.tanh());
    }

    /** PReLU with a learned slope of one element or one per feature (last dimension); see {@link Activations#prelu}. */
    public Tensor prelu(Tensor slope) {
        return Activations.prelu(this, slope);
    }

    /** Softmax along an axis, stable (the max is subtracted first). */
    public Tensor softmax(int axis) {
        return Activations.softmax(this, axis);
    }

    /** Log-softmax along an axis, stable. */
    public Tensor logSoftmax(int axis) {
        return Activations.logSoftmax(this, axis);
    }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(dtype).append(' ').append(Shapes.str(shape));
        if (numel <= 16) {
            sb.append(' ').append(Arrays.toString(toDoubleArray()));
        }
        if (gradFn != null) {
            sb.append(", grad_fn=").append(gradFn.name());
        } else if (requiresGrad) {
            sb.append(", requires_grad");
        }
        return sb.append(')').toString();
    }
}
