package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#maxPool2x2} a vector of windows at a time. A window row's two values are neighbours in memory: one
 * load of L values of the upper row holds L/2 windows' first values in its even lanes, and the same load shifted
 * right by 32 bits as L/2 longs puts their second values there too (likewise for the lower row). The comparisons
 * are the scalar code's — order-preserving integer keys, the later value taken only when its key is greater —
 * first within each row of the window, then the lower row's winner against the upper's, which picks the first
 * maximum in row-major order as the scan does. The even lanes' raw bits and positions are then moved to the low
 * half (a shuffle) and stored as whole vectors: a block's L/2 outputs plus L/2 more past them. So a block may read
 * past its output row and write past it into the next rows, of this plane or of the next planes (those are
 * computed after it and overwrite the extra outputs), within the limits the caller gives; what is left of a row
 * runs the scalar code. NaNs are detected from the magnitudes' maximum over everything read (a NaN read past the
 * plane only makes the caller recompute this plane too).
 */
final class VectorPooling {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** The even lanes first (then again). */
    private static final VectorShuffle<Integer> EVENS = VectorShuffle.fromOp(I, i -> (2 * i) % L);
    private static final int MAGNITUDE = 0x7fffffff;
    private static final int INFINITY = 0x7f800000;

    /**
     * Whether this JVM runs the code as vector instructions. JDK 17's C2 leaves the integer stores and the
     * reinterpretations as calls, so every vector is boxed (130 MB allocated and 4× the scalar code's time per
     * 128 × 32 planes of 28×28); JDK 25 compiles it without an allocation. JDKs in between were not measured and
     * run the scalar code.
     */
    static final boolean COMPILED = Runtime.version().feature() >= 25;

    private VectorPooling() {
    }

    static boolean maxPool2x2(float[] x, int in, int h, int w, float[] y, int[] idx, int out, int readEnd,
                              int writeEnd) {
        int ow = w / 2;
        int oh = h / 2;
        IntVector lane = IntVector.zero(I).addIndex(1);
        IntVector mags = IntVector.zero(I);
        int nans = 0;
        for (int oy = 0; oy < oh; oy++) {
            int ox = 0;
            int top = 2 * oy * w;
            int o0 = out + oy * ow;
            for (; ox < ow && o0 + ox + L <= writeEnd && in + top + w + 2 * ox + L <= readEnd; ox += L / 2) {
                int pa = top + 2 * ox;
                IntVector a = FloatVector.fromArray(F, x, in + pa).reinterpretAsInts();
                IntVector c = FloatVector.fromArray(F, x, in + pa + w).reinterpretAsInts();
                IntVector b = a.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 32).reinterpretAsInts();
                IntVector d = c.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 32).reinterpretAsInts();
                IntVector ma = a.and(MAGNITUDE);
                IntVector mc = c.and(MAGNITUDE);
                mags = mags.max(ma).max(mc);
                IntVector ka = key(a, ma);
                IntVector kb = key(b, b.and(MAGNITUDE));
                IntVector kc = key(c, mc);
                IntVector kd = key(d, d.and(MAGNITUDE));
                VectorMask<Integer> takeB = kb.compare(VectorOperators.GT, ka);
                VectorMask<Integer> takeD = kd.compare(VectorOperators.GT, kc);
                VectorMask<Integer> lower = kc.blend(kd, takeD).compare(VectorOperators.GT, ka.blend(kb, takeB));
                IntVector v = a.blend(b, takeB).blend(c.blend(d, takeD), lower);
                int o = o0 + ox;
                v.rearrange(EVENS).reinterpretAsFloats().intoArray(y, o);
                if (idx != null) {
                    IntVector p = lane.add(pa);
                    IntVector at = p.blend(p.add(1), takeB).blend(p.add(w).blend(p.add(w + 1), takeD), lower);
                    at.rearrange(EVENS).intoArray(idx, o);
                }
            }
            nans |= ScalarKernels.maxPool2x2Row(x, in, w, oy, ox, ow, y, idx, out + oy * ow);
        }
        return nans != 0 || mags.reduceLanes(VectorOperators.MAX) > INFINITY;
    }

    /** The scalar code's key, lane by lane: (magnitude ^ s) − s with s the sign spread over the int. */
    private static IntVector key(IntVector bits, IntVector magnitude) {
        IntVector s = bits.lanewise(VectorOperators.ASHR, 31);
        return magnitude.lanewise(VectorOperators.XOR, s).sub(s);
    }
}
