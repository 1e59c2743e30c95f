package dev.soma.kernel;

/**
 * A one-image forward convolution prepared for one geometry by a provider ({@link Kernels#imageConvolution}): what
 * batch-1 inference runs. Not safe for concurrent use (it keeps its scratch).
 */
@FunctionalInterface
public interface ImageConvolution {
    /**
     * y[yOff …] = W·unfold(x[xOff …]) as [OC, OH·OW] (no bias), W row-major [OC, C·K·K]: the bits of unfolding the
     * image and calling the provider's {@link Kernels#gemm}.
     */
    void forward(float[] x, int xOff, float[] w, float[] y, int yOff);
}
