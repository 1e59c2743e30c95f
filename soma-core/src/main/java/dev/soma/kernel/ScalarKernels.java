package dev.soma.kernel;

/**
 * Plain Java loops: always available, the reference that every other provider is tested against, and the fallback
 * when the Vector API is missing. The matrix multiply keeps the innermost loop over contiguous memory (i-k-j order)
 * so that even this path is not hopeless.
 */
public class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
            for (int p = 0; p < k; p++) {
                float aip = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (aip == 0f) {
                    continue;
                }
                if (!transB) {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bOff + j * ldb + p];
                    }
                }
            }
        }
    }

    @Override
    public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] / b[bOff + i];
        }
    }

    @Override
    public void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = alpha * x[xOff + i];
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public double sum(float[] x, int xOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public double dot(float[] x, int xOff, float[] y, int yOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    @Override
    public void addRowVector(float[] x, int xOff, int rows, int cols, float[] bias, int biasOff, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            for (int c = 0; c < cols; c++) {
                out[or + c] = x[xr + c] + bias[biasOff + c];
            }
        }
    }

    @Override
    public void columnSums(float[] x, int xOff, int rows, int cols, float[] out, int outOff, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(out, outOff, outOff + cols, 0f);
        }
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            for (int c = 0; c < cols; c++) {
                out[outOff + c] += x[xr + c];
            }
        }
    }

    @Override
    public void activation(Activation f, float[] x, int xOff, float[] y, int yOff, int n) {
        if (f.kind() == Activation.Kind.RELU) {
            for (int i = 0; i < n; i++) {
                float v = x[xOff + i];
                y[yOff + i] = v > 0f ? v : 0f;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) f.apply(x[xOff + i]);
        }
    }

    @Override
    public void activationBackward(Activation f, float[] x, int xOff, float[] y, int yOff,
                                   float[] g, int gOff, float[] out, int outOff, int n) {
        if (f.kind() == Activation.Kind.RELU) {
            for (int i = 0; i < n; i++) {
                out[outOff + i] = x[xOff + i] > 0f ? g[gOff + i] : 0f;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) (g[gOff + i] * f.derivative(x[xOff + i], y[yOff + i]));
        }
    }

    @Override
    public void softmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x[xr + c]);
            }
            double s = 0;
            for (int c = 0; c < cols; c++) {
                float e = (float) Math.exp(x[xr + c] - max);
                out[or + c] = e;
                s += e;
            }
            float inv = (float) (1.0 / s);
            for (int c = 0; c < cols; c++) {
                out[or + c] *= inv;
            }
        }
    }

    @Override
    public void logSoftmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x[xr + c]);
            }
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += Math.exp(x[xr + c] - max);
            }
            float lse = (float) (max + Math.log(s));
            for (int c = 0; c < cols; c++) {
                out[or + c] = x[xr + c] - lse;
            }
        }
    }

    @Override
    public void exp(float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void adamStep(float[] p, float[] g, float[] m, float[] v, int off, int n, float beta1, float oneMinusBeta1,
                         float beta2, float oneMinusBeta2, float stepSize, float sqrtBiasCorr2, float eps, float l2,
                         float decay, float[] before) {
        if (before != null) {
            System.arraycopy(p, off, before, off, n);
        }
        for (int i = off; i < off + n; i++) {
            float gi = l2 == 0f ? g[i] : g[i] + l2 * p[i];
            float mi = beta1 * m[i] + oneMinusBeta1 * gi;
            float vi = beta2 * v[i] + oneMinusBeta2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            p[i] = p[i] * decay - stepSize * mi / ((float) Math.sqrt(vi) / sqrtBiasCorr2 + eps);
        }
    }

    @Override
    public void unsignedBytesToFloat(byte[] src, int srcOff, float[] dst, int dstOff, int n, float divisor) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (src[srcOff + i] & 0xff) / divisor;
        }
    }

    @Override
    public void gatherUnsignedBytes(byte[] src, int rowLength, int[] rows, int from, int to, float[] dst, int dstOff,
                                    float divisor) {
        GatherJob.rows(this, src, rowLength, rows, from, to, dst, dstOff, divisor);
    }

    @Override
    public boolean maxPool2x2(float[] x, int in, int h, int w, float[] y, int[] idx, int out, int readEnd,
                              int writeEnd) {
        int ow = w / 2;
        int nans = 0;
        for (int oy = 0; oy < h / 2; oy++) {
            nans |= maxPool2x2Row(x, in, w, oy, 0, ow, y, idx, out + oy * ow);
        }
        return nans != 0;
    }

    /**
     * Outputs [from, to) of output row oy of {@link #maxPool2x2}, written from y[out] and idx[out] on (output ox at
     * out + ox; idx may be null); returns 1 when a value read was a NaN, else 0.
     */
    static int maxPool2x2Row(float[] x, int in, int w, int oy, int from, int to, float[] y, int[] idx, int out) {
        int nans = 0;
        for (int ox = from; ox < to; ox++) {
            int p0 = 2 * oy * w + 2 * ox;
            int p1 = p0 + w;
            float a = x[in + p0];
            float b = x[in + p0 + 1];
            float c = x[in + p1];
            float d = x[in + p1 + 1];
            nans |= nan(a) | nan(b) | nan(c) | nan(d);
            // the scan from −inf takes a first (or keeps −inf at a's position: the same)
            int m = key(a);
            int at = p0;
            int k = key(b);
            int take = (int) (((long) m - k) >> 63);
            m = (m & ~take) | (k & take);
            at = (at & ~take) | ((p0 + 1) & take);
            k = key(c);
            take = (int) (((long) m - k) >> 63);
            m = (m & ~take) | (k & take);
            at = (at & ~take) | (p1 & take);
            k = key(d);
            take = (int) (((long) m - k) >> 63);
            at = (at & ~take) | ((p1 + 1) & take);
            y[out + ox] = x[in + at];
            if (idx != null) {
                idx[out + ox] = at;
            }
        }
        return nans;
    }

    /** An int ordered as the float is (NaN excluded), +0 and −0 the same key. */
    private static int key(float f) {
        int b = Float.floatToRawIntBits(f);
        int s = b >> 31;
        int mag = b & 0x7fffffff;
        return (mag ^ s) - s;
    }

    /** 1 when f is a NaN, else 0, without a branch. */
    private static int nan(float f) {
        return (0x7f800000 - (Float.floatToRawIntBits(f) & 0x7fffffff)) >>> 31;
    }
}
