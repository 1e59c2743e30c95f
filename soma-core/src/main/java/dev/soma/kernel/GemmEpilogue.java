package dev.soma.kernel;

/**
 * What a linear layer's forward pass does to its product once a part of C is final: add the bias row, then apply
 * the activation, on the thread that computed that part while it is still in that core's cache (instead of two
 * more passes over all of C on the calling thread). Value by value the same operations as
 * {@link Kernels#addRowVector} and {@link Kernels#activation}, so the bits equal those calls'. One per calling
 * thread, reused (nothing allocated per product).
 */
final class GemmEpilogue {
    private static final ThreadLocal<GemmEpilogue> MINE = ThreadLocal.withInitial(GemmEpilogue::new);

    private VectorKernels kernels;
    private float[] bias;
    private Activation f;

    /** The calling thread's epilogue, set to add {@code bias} (or nothing, when null) and apply f. */
    static GemmEpilogue of(VectorKernels kernels, float[] bias, Activation f) {
        GemmEpilogue e = MINE.get();
        e.kernels = kernels;
        e.bias = bias;
        e.f = f.kind() == Activation.Kind.IDENTITY ? null : f;
        return e;
    }

    void clear() {
        kernels = null;
        bias = null;
        f = null;
    }

    /** C[i, j] = f(C[i, j] + bias[j]) for rows i0…i1−1 and columns j0…j1−1 (rows ldc apart from cOff). */
    void apply(float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1) {
        int n = j1 - j0;
        if (n <= 0) {
            return;
        }
        for (int i = i0; i < i1; i++) {
            int o = cOff + i * ldc + j0;
            if (bias != null) {
                kernels.add(c, o, bias, j0, c, o, n);
            }
            if (f != null) {
                kernels.activationSlice(f, c, o, c, o, n);
            }
        }
    }
}
