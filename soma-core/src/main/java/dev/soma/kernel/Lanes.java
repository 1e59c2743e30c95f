package dev.soma.kernel;

/**
 * Horizontal sums in a fixed order. {@code reduceLanes(ADD)} leaves the order of a floating-point reduction
 * unspecified, and since JDK 23 C2 compiles it in another order than the interpreter and C1 use: the same training
 * run then gave different weights depending on when the JIT compiled the kernel. The vector kernels store their
 * accumulators ({@code intoArray}) and add the lanes here, lane 0 first: the same in every execution mode and on
 * every JDK. (No vector is passed to this method: a vector crossing a call that C2 does not inline is allocated.)
 */
final class Lanes {
    private Lanes() {
    }

    /** a[off] + a[off + 1] + … + a[off + n − 1], left to right. */
    static float sum(float[] a, int off, int n) {
        float s = a[off];
        for (int i = 1; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    /** a[off] + a[off + 1] + … + a[off + n − 1], left to right. */
    static double sum(double[] a, int off, int n) {
        double s = a[off];
        for (int i = 1; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }
}
