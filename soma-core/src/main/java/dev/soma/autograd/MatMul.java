package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.kernel.KernelProvider;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;

/**
 * Matrix product of two matrices. A transposed view (such as {@code w.t()}) is passed to the kernel as a transposed
 * operand, never copied; the backward pass uses the same trick: dA = dC·Bᵀ, dB = Aᵀ·dC.
 */
public final class MatMul {
    private MatMul() {
    }

    /** a·b for an [m, k] and a [k, n] matrix, same dtype; dA = g·Bᵀ, dB = Aᵀ·g. */
    public static Tensor matmul(Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length != 2 || bs.length != 2) {
            throw new SomaException("matmul: " + Shapes.str(as) + " x " + Shapes.str(bs) + ": expects two matrices");
        }
        if (as[1] != bs[0]) {
            throw new SomaException("matmul: " + Shapes.str(as) + " x " + Shapes.str(bs)
                    + ": inner dimensions differ (" + as[1] + " vs " + bs[0] + ")");
        }
        Elementwise.sameDType("matmul", a, b);
        Tensor out = Tensor.zeros(a.dtype(), as[0], bs[1]);
        multiply(a, b, out, 0f);
        Tensor ad = a.detach();
        Tensor bd = b.detach();
        return Graph.record(out, new GradFn("matmul", a, b) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {needs(0) ? matmul(g, bd.t()) : null, needs(1) ? matmul(ad.t(), g) : null};
            }
        });
    }

    /** out = a·b + beta·out for matrices of matching shapes, reading transposed views in place. No graph. */
    public static void multiply(Tensor a, Tensor b, Tensor out, float beta) {
        Operand pa = Operand.of(a);
        Operand pb = Operand.of(b);
        int m = a.size(0);
        int k = a.size(1);
        int n = b.size(1);
        if (a.dtype() == DType.F32) {
            KernelProvider.get().gemm(pa.trans, pb.trans, m, n, k, 1f,
                    pa.t.storageF32(), pa.t.offset(), pa.ld, pb.t.storageF32(), pb.t.offset(), pb.ld,
                    beta, out.floats(), 0, n);
        } else {
            gemm64(pa.trans, pb.trans, m, n, k, pa.t.storageF64(), pa.t.offset(), pa.ld,
                    pb.t.storageF64(), pb.t.offset(), pb.ld, beta, out.doubles(), n);
        }
    }

    /** The float64 reference product (gradient checks), plain loops. */
    static void gemm64(boolean ta, boolean tb, int m, int n, int k, double[] a, int aOff, int lda,
                       double[] b, int bOff, int ldb, double beta, double[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                }
                c[i * ldc + j] = beta == 0 ? s : s + beta * c[i * ldc + j];
            }
        }
    }

    /** A matrix as BLAS sees it: storage, leading dimension, and whether it is stored transposed. */
    private static final class Operand {
        final Tensor t;
        final boolean trans;
        final int ld;

        private Operand(Tensor t, boolean trans, int ld) {
            this.t = t;
            this.trans = trans;
            this.ld = ld;
        }

        static Operand of(Tensor x) {
            int[] s = x.strides();
            int[] sh = x.shape();
            if (s[1] == 1 && (s[0] >= sh[1] || sh[0] == 1)) {
                return new Operand(x, false, Math.max(s[0], sh[1]));
            }
            if (s[0] == 1 && (s[1] >= sh[0] || sh[1] == 1)) {
                return new Operand(x, true, Math.max(s[1], sh[0]));
            }
            Tensor c = x.detach().contiguous();
            return new Operand(c, false, sh[1]);
        }
    }
}
