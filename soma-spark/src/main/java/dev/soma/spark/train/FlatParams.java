package dev.soma.spark.train;

import dev.soma.SomaException;
import dev.soma.tensor.Tensor;
import java.util.List;

/** A model's parameters (or their gradients) as one flat float array, in {@code Module.parameters()} order. */
final class FlatParams {
    private FlatParams() {
    }

    static int size(List<Tensor> params) {
        long n = 0;
        for (Tensor p : params) {
            n += p.numel();
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new SomaException("distributed training: " + n + " parameters do not fit one array");
        }
        return (int) n;
    }

    static float[] get(List<Tensor> params) {
        float[] out = new float[size(params)];
        copyInto(params, out);
        return out;
    }

    /** The parameters into {@code dst[0 …]}. */
    static void copyInto(List<Tensor> params, float[] dst) {
        int o = 0;
        for (Tensor p : params) {
            float[] w = p.floats();
            System.arraycopy(w, 0, dst, o, w.length);
            o += w.length;
        }
    }

    static void set(List<Tensor> params, float[] flat) {
        if (flat.length != size(params)) {
            throw new SomaException("distributed training: expected " + size(params) + " parameter values, got "
                    + flat.length);
        }
        setPrefix(params, flat);
    }

    /** Every parameter's gradient into {@code out[0 …]} (zeros for parameters without one). */
    static void copyGradsInto(List<Tensor> params, float[] out) {
        int o = 0;
        for (Tensor p : params) {
            int n = p.numel();
            Tensor g = p.grad();
            if (g != null) {
                System.arraycopy(g.contiguous().floats(), 0, out, o, n);
            } else {
                java.util.Arrays.fill(out, o, o + n, 0f);
            }
            o += n;
        }
    }

    /** Adds {@code scale ×} every parameter's gradient into {@code acc} (parameters without one add nothing). */
    static void addGrads(List<Tensor> params, double scale, double[] acc) {
        int o = 0;
        for (Tensor p : params) {
            int n = p.numel();
            Tensor g = p.grad();
            if (g != null) {
                float[] gv = g.contiguous().floats();
                for (int i = 0; i < n; i++) {
                    acc[o + i] += scale * gv[i];
                }
            }
            o += n;
        }
    }

    /** Sets the parameters to {@code flat[0 … size)} (a longer array is fine). */
    static void setPrefix(List<Tensor> params, float[] flat) {
        int o = 0;
        for (Tensor p : params) {
            float[] w = p.floats();
            System.arraycopy(flat, o, w, 0, w.length);
            o += w.length;
        }
    }

    /** Sets every parameter's gradient to the matching slice of {@code flat}. */
    static void setGrads(List<Tensor> params, float[] flat) {
        int o = 0;
        for (Tensor p : params) {
            int n = p.numel();
            Tensor old = p.grad();
            if (old != null && old.isContiguous() && old.offset() == 0 && old.floats().length == n) {
                System.arraycopy(flat, o, old.floats(), 0, n);
            } else {
                float[] g = new float[n];
                System.arraycopy(flat, o, g, 0, n);
                p.setGrad(Tensor.of(g, p.shape()));
            }
            o += n;
        }
    }
}
