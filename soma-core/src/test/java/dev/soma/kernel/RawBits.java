package dev.soma.kernel;

/** Test helper: the raw bits of floats (NaN payloads and the sign of zero kept), to compare results bit for bit. */
final class RawBits {
    private RawBits() {
    }

    static int[] of(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
