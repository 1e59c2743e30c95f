package dev.soma.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the JDK Vector API ({@code jdk.incubator.vector}, compiled against JDK 17's API, runs unchanged on
 * later JDKs). Loaded reflectively by {@link KernelProvider} only, so a JVM without the module never links it.
 *
 * <p>Bit-for-bit equal to {@link ScalarKernels}: add, sub, mul, div, scale, axpy (multiply then add, no FMA, as
 * Java's scalar arithmetic), addRowVector, columnSums (same summation order), ReLU and identity and their
 * backward passes, softmax and log-softmax (vectorized max and final pass, the exponentials as in the scalar code).
 * Within rounding of the scalar result: gemm (fused multiply-adds in a blocked order), sum and dot (double
 * accumulation in lanes), leaky ReLU (slope applied in float). Other activations use the scalar per-element
 * formula.
 *
 * <p>The provider's instance ({@code twinUntilWarm}) runs none of its vector code until {@link WarmUp} has had C2
 * compile it: the kernels equal to the scalar code run that, the others {@link VectorTwin}, which computes their
 * exact bits in plain loops. So the first training step does not wait for the compiler, and no result depends on
 * when the switch happens.
 */
public class VectorKernels extends ScalarKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int FL = F.length();
    /** Half-width float species whose conversion to double fills a preferred-width double vector. */
    private static final VectorSpecies<Float> H =
            VectorSpecies.of(float.class, VectorShape.forBitSize(Math.max(64, F.vectorBitSize() / 2)));
    private static final int HL = H.length();
    /** Double species with as many lanes as {@link #H}. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, VectorShape.forBitSize(HL * 64));
    /** Byte species with as many lanes as {@link #F} (null when that would be under 64 bits: 128-bit floats). */
    private static final VectorSpecies<Byte> B = FL >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(FL * 8)) : null;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

    /** Whether {@link #cold()} sends calls to the scalar twin until the warm-up has finished (the provider's instance). */
    private final boolean twinUntilWarm;
    /** Whether it always does (the instance that tests compare with the vector code). */
    private final boolean twinOnly;

    /** The vector code on every call, compiled or not (what the kernel tests measure). */
    public VectorKernels() {
        this(false);
    }

    /**
     * With {@code twinUntilWarm} (what {@link KernelProvider} uses), every kernel computes through {@link VectorTwin}
     * or the scalar code, with the same bits, until {@link WarmUp} has had C2 compile the vector code. Fails (and so
     * makes the provider fall back to scalar) when the preferred float vector is under 128 bits. The first instance
     * starts the kernels' background warm-up ({@link WarmUp}, off with -Dsoma.warmup=false).
     */
    VectorKernels(boolean twinUntilWarm) {
        this(twinUntilWarm, false);
    }

    private VectorKernels(boolean twinUntilWarm, boolean twinOnly) {
        if (F.vectorBitSize() < 128) {
            throw new UnsupportedOperationException("the preferred float vector has " + F.vectorBitSize()
                    + " bits; the SIMD kernels need at least 128");
        }
        this.twinUntilWarm = twinUntilWarm;
        this.twinOnly = twinOnly;
        WarmUp.start();
    }

    /** Kernels that always compute through the scalar twin: what the cold provider computes, for the tests. */
    static VectorKernels twinOnly() {
        return new VectorKernels(false, true);
    }

    /**
     * True while this instance should not run its vector code yet: C2 has not compiled it (the warm-up is still
     * running), and run in C1 it would be hundreds of times slower than the scalar twin. Results do not depend on
     * it: the twin's bits are the vector code's.
     */
    final boolean cold() {
        return twinOnly || twinUntilWarm && !WarmUp.finished();
    }

    /** Width in bits of the GEMM micro-kernel's vectors (the provider choice compares OpenBLAS's with it). */
    static int gemmVectorBits() {
        return VectorGemm.S.vectorBitSize();
    }

    @Override
    public String name() {
        return "simd-" + F.vectorBitSize() + " (gemm " + VectorGemm.S.vectorBitSize() + "-bit)";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        KernelArgs.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (cold()) {
            VectorTwin.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * Geometries that {@link VectorConvPanels} handles write their columns straight into the GEMM's panels, unless
     * the product is small enough for the dot-product path or, alone, large enough to be split across threads
     * (both go the default way, for its bits or its speed).
     */
    @Override
    public ConvProduct convProduct(ConvGeometry g, float[] cols, int ld) {
        ConvProduct plain = super.convProduct(g, cols, ld);
        if (!VectorConvPanels.handles(g)) {
            return plain;
        }
        VectorConvPanels panels = new VectorConvPanels(g, ld / g.outPixels());
        int m = g.outChannels;
        int k = g.patchSize();
        return (x, xOff, images, w, c, cOff, ldc, alone) -> {
            int n = images * g.outPixels();
            if (cold() || VectorGemv.handles(false, false, m, n, k)
                    || alone && (long) m * n * k >= VectorGemm.PARALLEL_WORK && Parallel.threads() > 1) {
                plain.forward(x, xOff, images, w, c, cOff, ldc, alone);
            } else {
                panels.convolve(x, xOff, images, w, c, cOff, ldc);
            }
        };
    }

    @Override
    public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        KernelArgs.range("add", "a", a, aOff, n);
        KernelArgs.range("add", "b", b, bOff, n);
        KernelArgs.range("add", "out", out, outOff, n);
        int i = 0;
        for (int bound = cold() ? 0 : F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, a, aOff + i).add(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        super.add(a, aOff + i, b, bOff + i, out, outOff + i, n - i);
    }

    @Override
    public void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        KernelArgs.range("sub", "a", a, aOff, n);
        KernelArgs.range("sub", "b", b, bOff, n);
        KernelArgs.range("sub", "out", out, outOff, n);
        int i = 0;
        for (int bound = cold() ? 0 : F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, a, aOff + i).sub(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        super.sub(a, aOff + i, b, bOff + i, out, outOff + i, n - i);
    }

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        KernelArgs.range("mul", "a", a, aOff, n);
        KernelArgs.range("mul", "b", b, bOff, n);
        KernelArgs.range("mul", "out", out, outOff, n);
        int i = 0;
        for (int bound = cold() ? 0 : F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, a, aOff + i).mul(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        super.mul(a, aOff + i, b, bOff + i, out, outOff + i, n - i);
    }

    @Override
    public void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        KernelArgs.range("div", "a", a, aOff, n);
        KernelArgs.range("div", "b", b, bOff, n);
        KernelArgs.range("div", "out", out, outOff, n);
        int i = 0;
        for (int bound = cold() ? 0 : F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, a, aOff + i).div(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        super.div(a, aOff + i, b, bOff + i, out, outOff + i, n - i);
    }

    @Override
    public void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
        KernelArgs.range("scale", "x", x, xOff, n);
        KernelArgs.range("scale", "out", out, outOff, n);
        int i = 0;
        for (int bound = cold() ? 0 : F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, x, xOff + i).mul(alpha).intoArray(out, outOff + i);
        }
        super.scale(alpha, x, xOff + i, out, outOff + i, n - i);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        KernelArgs.range("axpy", "x", x, xOff, n);
        KernelArgs.range("axpy", "y", y, yOff, n);
        int i = 0;
        for (int bound = cold() ? 0 : F.loopBound(n); i < bound; i += FL) {
            FloatVector xv = FloatVector.fromArray(F, x, xOff + i).mul(alpha);
            FloatVector.fromArray(F, y, yOff + i).add(xv).intoArray(y, yOff + i);
        }
        super.axpy(alpha, x, xOff + i, y, yOff + i, n - i);
    }

    /** Lane 0 + lane 1 + … in that order (see {@link Lanes}); inlined, so the vector is never boxed. */
    private static double sumLanes(DoubleVector acc) {
        double s = acc.lane(0);
        for (int l = 1; l < D.length(); l++) {
            s += acc.lane(l);
        }
        return s;
    }

    @Override
    public double sum(float[] x, int xOff, int n) {
        KernelArgs.range("sum", "x", x, xOff, n);
        if (cold()) {
            return VectorTwin.sum(x, xOff, n, HL);
        }
        DoubleVector acc = DoubleVector.zero(D);
        int i = 0;
        for (int bound = H.loopBound(n); i < bound; i += HL) {
            acc = acc.add(FloatVector.fromArray(H, x, xOff + i).convertShape(VectorOperators.F2D, D, 0));
        }
        return sumLanes(acc) + super.sum(x, xOff + i, n - i);
    }

    @Override
    public double dot(float[] x, int xOff, float[] y, int yOff, int n) {
        KernelArgs.range("dot", "x", x, xOff, n);
        KernelArgs.range("dot", "y", y, yOff, n);
        if (cold()) {
            return VectorTwin.dot(x, xOff, y, yOff, n, HL);
        }
        DoubleVector acc = DoubleVector.zero(D);
        int i = 0;
        for (int bound = H.loopBound(n); i < bound; i += HL) {
            DoubleVector xv = (DoubleVector) FloatVector.fromArray(H, x, xOff + i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector yv = (DoubleVector) FloatVector.fromArray(H, y, yOff + i).convertShape(VectorOperators.F2D, D, 0);
            acc = xv.fma(yv, acc);
        }
        return sumLanes(acc) + super.dot(x, xOff + i, y, yOff + i, n - i);
    }

    @Override
    public void addRowVector(float[] x, int xOff, int rows, int cols, float[] bias, int biasOff,
                             float[] out, int outOff) {
        KernelArgs.matrix("addRowVector", "x", x, xOff, rows, cols, cols);
        KernelArgs.range("addRowVector", "bias", bias, biasOff, cols);
        KernelArgs.matrix("addRowVector", "out", out, outOff, rows, cols, cols);
        for (int r = 0; r < rows; r++) {
            add(x, xOff + r * cols, bias, biasOff, out, outOff + r * cols, cols);
        }
    }

    @Override
    public void columnSums(float[] x, int xOff, int rows, int cols, float[] out, int outOff, boolean accumulate) {
        KernelArgs.matrix("columnSums", "x", x, xOff, rows, cols, cols);
        KernelArgs.range("columnSums", "out", out, outOff, cols);
        if (!accumulate) {
            java.util.Arrays.fill(out, outOff, outOff + cols, 0f); // then accumulate: 0 + x₀ + x₁ …, as the scalar code
        }
        // Row by row into out (each column's sum still adds the rows in order): x streams once, out stays in L1.
        // Down the columns one vector at a time, the 512×2048 sums of a wide layer's bias gradient took 330–520 µs
        // (a cache line per 8 KB stride); row by row 74 µs.
        int bound = cold() ? 0 : F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            for (int c = 0; c < bound; c += FL) {
                FloatVector.fromArray(F, out, outOff + c).add(FloatVector.fromArray(F, x, xr + c))
                        .intoArray(out, outOff + c);
            }
        }
        for (int c = bound; c < cols; c++) {
            float acc = out[outOff + c];
            for (int r = 0; r < rows; r++) {
                acc += x[xOff + r * cols + c];
            }
            out[outOff + c] = acc;
        }
    }

    @Override
    public void activation(Activation f, float[] x, int xOff, float[] y, int yOff, int n) {
        KernelArgs.range("activation", "x", x, xOff, n);
        KernelArgs.range("activation", "y", y, yOff, n);
        int parts = ActivationJob.parts(n);
        if (parts > 1) {
            ActivationJob.forward(this, parts, FL, f, x, xOff, y, yOff, n);
        } else {
            activationSlice(f, x, xOff, y, yOff, n);
        }
    }

    /** {@link #activation} on one thread (a slice of a large one). */
    void activationSlice(Activation f, float[] x, int xOff, float[] y, int yOff, int n) {
        switch (f.kind()) {
            case IDENTITY:
                System.arraycopy(x, xOff, y, yOff, n);
                return;
            case RELU: {
                // Separate loops for ReLU and leaky ReLU: a vector chosen by a branch (relu ? zero : v·slope) is a
                // merge C2 cannot keep in registers, so it would allocate a box per vector.
                FloatVector zero = FloatVector.zero(F);
                int i = 0;
                for (int bound = cold() ? 0 : F.loopBound(n); i < bound; i += FL) {
                    FloatVector v = FloatVector.fromArray(F, x, xOff + i);
                    zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
                }
                super.activation(f, x, xOff + i, y, yOff + i, n - i);
                return;
            }
            case LEAKY_RELU: {
                float slope = (float) f.alpha();
                boolean cold = cold();
                int i = cold ? VectorTwin.leakyRelu(slope, x, xOff, y, yOff, n, FL) : 0;
                for (int bound = cold ? 0 : F.loopBound(n); i < bound; i += FL) {
                    FloatVector v = FloatVector.fromArray(F, x, xOff + i);
                    v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
                }
                super.activation(f, x, xOff + i, y, yOff + i, n - i);
                return;
            }
            default:
                super.activation(f, x, xOff, y, yOff, n);
        }
    }

    @Override
    public void activationBackward(Activation f, float[] x, int xOff, float[] y, int yOff,
                                   float[] g, int gOff, float[] out, int outOff, int n) {
        KernelArgs.range("activationBackward", "x", x, xOff, n);
        KernelArgs.range("activationBackward", "g", g, gOff, n);
        KernelArgs.range("activationBackward", "out", out, outOff, n);
        int parts = ActivationJob.parts(n);
        if (parts > 1) {
            ActivationJob.backward(this, parts, FL, f, x, xOff, y, yOff, g, gOff, out, outOff, n);
        } else {
            activationBackwardSlice(f, x, xOff, y, yOff, g, gOff, out, outOff, n);
        }
    }

    /** {@link #activationBackward} on one thread (a slice of a large one). */
    void activationBackwardSlice(Activation f, float[] x, int xOff, float[] y, int yOff,
                                 float[] g, int gOff, float[] out, int outOff, int n) {
        switch (f.kind()) {
            case IDENTITY:
                System.arraycopy(g, gOff, out, outOff, n);
                return;
            case RELU: {
                FloatVector zero = FloatVector.zero(F);
                int i = 0;
                for (int bound = cold() ? 0 : F.loopBound(n); i < bound; i += FL) {
                    VectorMask<Float> pos = FloatVector.fromArray(F, x, xOff + i).compare(VectorOperators.GT, 0f);
                    zero.blend(FloatVector.fromArray(F, g, gOff + i), pos).intoArray(out, outOff + i);
                }
                super.activationBackward(f, x, xOff + i, y, yOff + i, g, gOff + i, out, outOff + i, n - i);
                return;
            }
            case LEAKY_RELU: {
                float slope = (float) f.alpha();
                boolean cold = cold();
                int i = cold ? VectorTwin.leakyReluBackward(slope, x, xOff, g, gOff, out, outOff, n, FL) : 0;
                for (int bound = cold ? 0 : F.loopBound(n); i < bound; i += FL) {
                    VectorMask<Float> pos = FloatVector.fromArray(F, x, xOff + i).compare(VectorOperators.GT, 0f);
                    FloatVector gv = FloatVector.fromArray(F, g, gOff + i);
                    gv.mul(slope).blend(gv, pos).intoArray(out, outOff + i);
                }
                super.activationBackward(f, x, xOff + i, y, yOff + i, g, gOff + i, out, outOff + i, n - i);
                return;
            }
            default:
                super.activationBackward(f, x, xOff, y, yOff, g, gOff, out, outOff, n);
        }
    }

    private static float rowMax(float[] x, int off, int cols) {
        float max = Float.NEGATIVE_INFINITY;
        int c = 0;
        if (cols >= FL) {
            FloatVector mv = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int bound = F.loopBound(cols); c < bound; c += FL) {
                mv = mv.max(FloatVector.fromArray(F, x, off + c));
            }
            max = mv.reduceLanes(VectorOperators.MAX);
        }
        for (; c < cols; c++) {
            max = Math.max(max, x[off + c]);
        }
        return max;
    }

    @Override
    public void softmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        KernelArgs.matrix("softmaxRows", "x", x, xOff, rows, cols, cols);
        KernelArgs.matrix("softmaxRows", "out", out, outOff, rows, cols, cols);
        if (cold()) {
            super.softmaxRows(x, xOff, rows, cols, out, outOff);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            float max = rowMax(x, xr, cols);
            double s = 0;
            for (int c = 0; c < cols; c++) {
                float e = (float) Math.exp(x[xr + c] - max);
                out[or + c] = e;
                s += e;
            }
            scale((float) (1.0 / s), out, or, out, or, cols);
        }
    }

    @Override
    public void logSoftmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        KernelArgs.matrix("logSoftmaxRows", "x", x, xOff, rows, cols, cols);
        KernelArgs.matrix("logSoftmaxRows", "out", out, outOff, rows, cols, cols);
        if (cold()) {
            super.logSoftmaxRows(x, xOff, rows, cols, out, outOff);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            float max = rowMax(x, xr, cols);
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += Math.exp(x[xr + c] - max);
            }
            float lse = (float) (max + Math.log(s));
            int c = 0;
            for (int bound = F.loopBound(cols); c < bound; c += FL) {
                FloatVector.fromArray(F, x, xr + c).sub(lse).intoArray(out, or + c);
            }
            for (; c < cols; c++) {
                out[or + c] = x[xr + c] - lse;
            }
        }
    }

    @Override
    public void adamStep(float[] p, float[] g, float[] m, float[] v, int off, int n, float beta1, float oneMinusBeta1,
                         float beta2, float oneMinusBeta2, float stepSize, float sqrtBiasCorr2, float eps, float l2,
                         float decay, float[] before) {
        KernelArgs.range("adamStep", "p", p, off, n);
        KernelArgs.range("adamStep", "g", g, off, n);
        KernelArgs.range("adamStep", "m", m, off, n);
        KernelArgs.range("adamStep", "v", v, off, n);
        if (before != null) {
            KernelArgs.range("adamStep", "before", before, off, n);
        }
        if (cold()) {
            super.adamStep(p, g, m, v, off, n, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, sqrtBiasCorr2,
                    eps, l2, decay, before);
            return;
        }
        int parts = Math.min(Parallel.threads(), n / AdamJob.MIN_PART);
        if (parts > 1) {
            AdamJob.run(this, parts, p, g, m, v, off, n, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize,
                    sqrtBiasCorr2, eps, l2, decay, before);
        } else {
            adamRange(p, g, m, v, off, n, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, sqrtBiasCorr2, eps,
                    l2, decay, before);
        }
    }

    /** Values per slice of {@link #adamRange}: the copy into {@code before} reads a slice just before the update. */
    private static final int ADAM_SLICE = 1024;

    /**
     * The Adam step over one validated range: vectors, then the scalar tail (the same operations). With
     * {@code before}, each slice of 1024 values is first copied there, so the update reads p from L1 right after
     * (nearly one pass; a vector store under a test inside the loop made JDK 17's C2 box the vectors).
     */
    void adamRange(float[] p, float[] g, float[] m, float[] v, int off, int n, float beta1, float oneMinusBeta1,
                   float beta2, float oneMinusBeta2, float stepSize, float sqrtBiasCorr2, float eps, float l2,
                   float decay, float[] before) {
        int bound = F.loopBound(n);
        int i = 0;
        while (i < bound) {
            int end = Math.min(bound, i + ADAM_SLICE);
            if (before != null) {
                System.arraycopy(p, off + i, before, off + i, end - i);
            }
            for (; i < end; i += FL) {
                int o = off + i;
                FloatVector pi = FloatVector.fromArray(F, p, o);
                FloatVector gi = FloatVector.fromArray(F, g, o);
                if (l2 != 0f) {
                    gi = gi.add(pi.mul(l2));
                }
                FloatVector mi = FloatVector.fromArray(F, m, o).mul(beta1).add(gi.mul(oneMinusBeta1));
                FloatVector vi = FloatVector.fromArray(F, v, o).mul(beta2).add(gi.mul(gi).mul(oneMinusBeta2));
                mi.intoArray(m, o);
                vi.intoArray(v, o);
                FloatVector denom = vi.lanewise(VectorOperators.SQRT).div(sqrtBiasCorr2).add(eps);
                pi.mul(decay).sub(mi.mul(stepSize).div(denom)).intoArray(p, o);
            }
        }
        super.adamStep(p, g, m, v, off + i, n - i, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize,
                sqrtBiasCorr2, eps, l2, decay, before);
    }

    @Override
    public void unsignedBytesToFloat(byte[] src, int srcOff, float[] dst, int dstOff, int n, float divisor) {
        KernelArgs.range("unsignedBytesToFloat", "src", src, srcOff, n);
        KernelArgs.range("unsignedBytesToFloat", "dst", dst, dstOff, n);
        int i = 0;
        if (B != null && !cold()) {
            for (int bound = F.loopBound(n); i < bound; i += FL) {
                // sign-extend, then mask (JDK 17's ZERO_EXTEND_B2I fails outside compiled code)
                IntVector k = ((IntVector) ByteVector.fromArray(B, src, srcOff + i)
                        .convertShape(VectorOperators.B2I, I, 0)).and(0xff);
                ((FloatVector) k.convert(VectorOperators.I2F, 0)).div(divisor).intoArray(dst, dstOff + i);
            }
        }
        super.unsignedBytesToFloat(src, srcOff + i, dst, dstOff + i, n - i, divisor);
    }

    @Override
    public void gatherUnsignedBytes(byte[] src, int rowLength, int[] rows, int from, int to, float[] dst, int dstOff,
                                    float divisor) {
        int parts = Math.min(Parallel.threads(), (int) Math.min(Integer.MAX_VALUE,
                (long) Math.max(0, to - from) * rowLength / GatherJob.MIN_PART));
        if (parts > 1) {
            GatherJob.run(this, parts, src, rowLength, rows, from, to, dst, dstOff, divisor);
        } else {
            GatherJob.rows(this, src, rowLength, rows, from, to, dst, dstOff, divisor);
        }
    }

    @Override
    public boolean maxPool2x2(float[] x, int in, int h, int w, float[] y, int[] idx, int out, int readEnd,
                              int writeEnd) {
        return cold() || !VectorPooling.COMPILED ? super.maxPool2x2(x, in, h, w, y, idx, out, readEnd, writeEnd)
                : VectorPooling.maxPool2x2(x, in, h, w, y, idx, out, readEnd, writeEnd);
    }
}
