package dev.soma.kernel;

/**
 * The forward product of a one-group convolution for a few images side by side, prepared for one geometry by a
 * provider ({@link Kernels#convProduct}): {@code C[OC, images·OH·OW] = W·[unfold(image 0) … unfold(image n−1)]}, with
 * the bits of unfolding the images into one column matrix and calling the provider's {@link Kernels#gemm}. It
 * works in the column matrix it was given and is not safe for concurrent use.
 */
@FunctionalInterface
public interface ConvProduct {
    /**
     * c[cOff …] (rows ldc apart) = W·unfold(x[xOff …], images images) with W row-major [OC, C·K·K]; no bias.
     * {@code alone}: no other product runs beside this one, so a large one may use every kernel thread.
     */
    void forward(float[] x, int xOff, int images, float[] w, float[] c, int cOff, int ldc, boolean alone);
}
