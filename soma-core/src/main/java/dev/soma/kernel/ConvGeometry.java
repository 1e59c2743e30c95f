package dev.soma.kernel;

/**
 * The shape arithmetic of a 2-d convolution over one example {@code [C, H, W]}: {@code OC} output channels, a square
 * {@code K×K} kernel, stride, zero padding and dilation, and {@code groups} (input and output channels split into
 * that many independent groups), as torch.nn.Conv2d. Output size per side:
 * {@code ⌊(H + 2·pad − dilation·(K − 1) − 1) / stride⌋ + 1}. The caller checks that the numbers fit.
 */
public final class ConvGeometry {
    public final int channels;
    public final int height;
    public final int width;
    public final int outChannels;
    public final int kernel;
    public final int stride;
    public final int pad;
    public final int dilation;
    public final int groups;
    public final int outHeight;
    public final int outWidth;

    public ConvGeometry(int channels, int height, int width, int outChannels, int kernel, int stride, int pad,
                        int dilation, int groups) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.pad = pad;
        this.dilation = dilation;
        this.groups = groups;
        this.outHeight = outSize(height, kernel, stride, pad, dilation);
        this.outWidth = outSize(width, kernel, stride, pad, dilation);
    }

    /** Output length of one side (may be ≤ 0 when the kernel does not fit). */
    public static int outSize(int in, int kernel, int stride, int pad, int dilation) {
        return Math.floorDiv(in + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1;
    }

    /** Input values per example. */
    public int inputSize() {
        return channels * height * width;
    }

    /** Output pixels per channel. */
    public int outPixels() {
        return outHeight * outWidth;
    }

    /** Output values per example. */
    public int outputSize() {
        return outChannels * outHeight * outWidth;
    }

    /** Input channels per group. */
    public int groupChannels() {
        return channels / groups;
    }

    /** Output channels per group. */
    public int groupOutChannels() {
        return outChannels / groups;
    }

    /** Weight values per output channel: (C / groups)·K·K, the inner dimension of one group's matrix product. */
    public int patchSize() {
        return groupChannels() * kernel * kernel;
    }
}
