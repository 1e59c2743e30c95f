package dev.soma.kernel;

import dev.soma.SomaException;

/**
 * Up-front range checks for the SIMD kernels: every array range a call will touch is validated once, in O(1),
 * before any vector access. The kernels' own index arithmetic stays inside validated ranges (tested with the
 * Vector API's per-access checks on), which is what makes running with
 * {@code -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0} a reasonable choice: a caller's wrong offset or
 * leading dimension still fails with an exception instead of reading or writing outside the array.
 */
final class KernelArgs {
    private KernelArgs() {
    }

    /** x[off … off+n−1] must exist. */
    static void range(String op, String name, float[] x, int off, int n) {
        if (off < 0 || n < 0 || (long) off + n > x.length) {
            throw new SomaException(op + ": " + name + " needs " + n + " floats from offset " + off
                    + ", the array has " + x.length);
        }
    }

    /** x[off … off+n−1] must exist. */
    static void range(String op, String name, byte[] x, int off, int n) {
        if (off < 0 || n < 0 || (long) off + n > x.length) {
            throw new SomaException(op + ": " + name + " needs " + n + " bytes from offset " + off
                    + ", the array has " + x.length);
        }
    }

    /** A rows×cols row-major matrix with leading dimension ld at off must fit in x. */
    static void matrix(String op, String name, float[] x, int off, int rows, int cols, int ld) {
        if (rows == 0 || cols == 0) {
            if (off < 0) {
                throw new SomaException(op + ": " + name + " has a negative offset " + off);
            }
            return;
        }
        if (rows > 1 && ld < cols) {
            throw new SomaException(op + ": " + name + " is " + rows + "x" + cols
                    + " but its leading dimension is " + ld);
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new SomaException(op + ": " + name + " (" + rows + "x" + cols + ", leading dimension " + ld
                    + ", offset " + off + ") needs " + last + " floats, the array has " + x.length);
        }
    }

    /** The operands of C = α·op(A)·op(B) + β·C as stored (a transposed operand is stored k×m or n×k). */
    static void gemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new SomaException("gemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        matrix("gemm", "A", a, aOff, ta ? k : m, ta ? m : k, lda);
        matrix("gemm", "B", b, bOff, tb ? n : k, tb ? k : n, ldb);
        matrix("gemm", "C", c, cOff, m, n, ldc);
    }
}
