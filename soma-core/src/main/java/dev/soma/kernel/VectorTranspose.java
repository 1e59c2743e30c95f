package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 16×16 block of floats transposed in vector registers, for {@link GemmPacking}'s transposed op(B) (the forward
 * x·Wᵀ of a dense layer, a convolution's weight gradient): sixteen row loads, four rounds of two-vector shuffles
 * (round h swaps the off-diagonal h×h blocks of each 2h×2h block: row i takes lanes of rows i and i + h), sixteen
 * stores, instead of 256 scalar moves that write 4 floats per cache line visit. A copy, so the same bits.
 * Used on JDK 25+ with 16-lane vectors (the default 512-bit species); JDK 17's C2 was not measured with two-vector
 * shuffles, and other widths keep the scalar loop.
 */
final class VectorTranspose {
    /** The block's side. */
    static final int N = 16;
    private static final VectorSpecies<Float> S = VectorGemm.S;
    /** Whether {@link GemmPacking} uses this class. */
    static final boolean ENABLED = Runtime.version().feature() >= 25 && S.length() == N
            && !Boolean.getBoolean("soma.gemm.scalarTranspose");

    private static final VectorShuffle<Float> LO8 = shuffle(8, false);
    private static final VectorShuffle<Float> HI8 = shuffle(8, true);
    private static final VectorShuffle<Float> LO4 = shuffle(4, false);
    private static final VectorShuffle<Float> HI4 = shuffle(4, true);
    private static final VectorShuffle<Float> LO2 = shuffle(2, false);
    private static final VectorShuffle<Float> HI2 = shuffle(2, true);
    private static final VectorShuffle<Float> LO1 = shuffle(1, false);
    private static final VectorShuffle<Float> HI1 = shuffle(1, true);

    private VectorTranspose() {
    }

    /**
     * Round h's selection from rows a (lanes 0…15) and b (16…31): the low row keeps a's lanes where (l / h) is even
     * and takes b's lanes l − h elsewhere; the high row takes a's lanes l + h where (l / h) is even, b's lanes l
     * elsewhere.
     */
    private static VectorShuffle<Float> shuffle(int h, boolean high) {
        int[] idx = new int[N];
        for (int l = 0; l < N; l++) {
            boolean even = (l / h) % 2 == 0;
            idx[l] = high ? (even ? l + h : N + l) : (even ? l : N + l - h);
        }
        return VectorShuffle.fromArray(S, idx, 0);
    }

    /** dst[d + p·nr + c] = b[src + c·ldb + p] for c, p in 0…15. */
    static void block(float[] b, int src, int ldb, float[] dst, int d, int nr) {
        FloatVector r0 = FloatVector.fromArray(S, b, src);
        FloatVector r1 = FloatVector.fromArray(S, b, src + 1 * ldb);
        FloatVector r2 = FloatVector.fromArray(S, b, src + 2 * ldb);
        FloatVector r3 = FloatVector.fromArray(S, b, src + 3 * ldb);
        FloatVector r4 = FloatVector.fromArray(S, b, src + 4 * ldb);
        FloatVector r5 = FloatVector.fromArray(S, b, src + 5 * ldb);
        FloatVector r6 = FloatVector.fromArray(S, b, src + 6 * ldb);
        FloatVector r7 = FloatVector.fromArray(S, b, src + 7 * ldb);
        FloatVector r8 = FloatVector.fromArray(S, b, src + 8 * ldb);
        FloatVector r9 = FloatVector.fromArray(S, b, src + 9 * ldb);
        FloatVector r10 = FloatVector.fromArray(S, b, src + 10 * ldb);
        FloatVector r11 = FloatVector.fromArray(S, b, src + 11 * ldb);
        FloatVector r12 = FloatVector.fromArray(S, b, src + 12 * ldb);
        FloatVector r13 = FloatVector.fromArray(S, b, src + 13 * ldb);
        FloatVector r14 = FloatVector.fromArray(S, b, src + 14 * ldb);
        FloatVector r15 = FloatVector.fromArray(S, b, src + 15 * ldb);
        FloatVector a0 = r0.rearrange(LO8, r8);
        FloatVector a8 = r0.rearrange(HI8, r8);
        FloatVector a1 = r1.rearrange(LO8, r9);
        FloatVector a9 = r1.rearrange(HI8, r9);
        FloatVector a2 = r2.rearrange(LO8, r10);
        FloatVector a10 = r2.rearrange(HI8, r10);
        FloatVector a3 = r3.rearrange(LO8, r11);
        FloatVector a11 = r3.rearrange(HI8, r11);
        FloatVector a4 = r4.rearrange(LO8, r12);
        FloatVector a12 = r4.rearrange(HI8, r12);
        FloatVector a5 = r5.rearrange(LO8, r13);
        FloatVector a13 = r5.rearrange(HI8, r13);
        FloatVector a6 = r6.rearrange(LO8, r14);
        FloatVector a14 = r6.rearrange(HI8, r14);
        FloatVector a7 = r7.rearrange(LO8, r15);
        FloatVector a15 = r7.rearrange(HI8, r15);
        FloatVector b0 = a0.rearrange(LO4, a4);
        FloatVector b4 = a0.rearrange(HI4, a4);
        FloatVector b1 = a1.rearrange(LO4, a5);
        FloatVector b5 = a1.rearrange(HI4, a5);
        FloatVector b2 = a2.rearrange(LO4, a6);
        FloatVector b6 = a2.rearrange(HI4, a6);
        FloatVector b3 = a3.rearrange(LO4, a7);
        FloatVector b7 = a3.rearrange(HI4, a7);
        FloatVector b8 = a8.rearrange(LO4, a12);
        FloatVector b12 = a8.rearrange(HI4, a12);
        FloatVector b9 = a9.rearrange(LO4, a13);
        FloatVector b13 = a9.rearrange(HI4, a13);
        FloatVector b10 = a10.rearrange(LO4, a14);
        FloatVector b14 = a10.rearrange(HI4, a14);
        FloatVector b11 = a11.rearrange(LO4, a15);
        FloatVector b15 = a11.rearrange(HI4, a15);
        FloatVector c0 = b0.rearrange(LO2, b2);
        FloatVector c2 = b0.rearrange(HI2, b2);
        FloatVector c1 = b1.rearrange(LO2, b3);
        FloatVector c3 = b1.rearrange(HI2, b3);
        FloatVector c4 = b4.rearrange(LO2, b6);
        FloatVector c6 = b4.rearrange(HI2, b6);
        FloatVector c5 = b5.rearrange(LO2, b7);
        FloatVector c7 = b5.rearrange(HI2, b7);
        FloatVector c8 = b8.rearrange(LO2, b10);
        FloatVector c10 = b8.rearrange(HI2, b10);
        FloatVector c9 = b9.rearrange(LO2, b11);
        FloatVector c11 = b9.rearrange(HI2, b11);
        FloatVector c12 = b12.rearrange(LO2, b14);
        FloatVector c14 = b12.rearrange(HI2, b14);
        FloatVector c13 = b13.rearrange(LO2, b15);
        FloatVector c15 = b13.rearrange(HI2, b15);
        FloatVector d0 = c0.rearrange(LO1, c1);
        FloatVector d1 = c0.rearrange(HI1, c1);
        FloatVector d2 = c2.rearrange(LO1, c3);
        FloatVector d3 = c2.rearrange(HI1, c3);
        FloatVector d4 = c4.rearrange(LO1, c5);
        FloatVector d5 = c4.rearrange(HI1, c5);
        FloatVector d6 = c6.rearrange(LO1, c7);
        FloatVector d7 = c6.rearrange(HI1, c7);
        FloatVector d8 = c8.rearrange(LO1, c9);
        FloatVector d9 = c8.rearrange(HI1, c9);
        FloatVector d10 = c10.rearrange(LO1, c11);
        FloatVector d11 = c10.rearrange(HI1, c11);
        FloatVector d12 = c12.rearrange(LO1, c13);
        FloatVector d13 = c12.rearrange(HI1, c13);
        FloatVector d14 = c14.rearrange(LO1, c15);
        FloatVector d15 = c14.rearrange(HI1, c15);
        d0.intoArray(dst, d);
        d1.intoArray(dst, d + 1 * nr);
        d2.intoArray(dst, d + 2 * nr);
        d3.intoArray(dst, d + 3 * nr);
        d4.intoArray(dst, d + 4 * nr);
        d5.intoArray(dst, d + 5 * nr);
        d6.intoArray(dst, d + 6 * nr);
        d7.intoArray(dst, d + 7 * nr);
        d8.intoArray(dst, d + 8 * nr);
        d9.intoArray(dst, d + 9 * nr);
        d10.intoArray(dst, d + 10 * nr);
        d11.intoArray(dst, d + 11 * nr);
        d12.intoArray(dst, d + 12 * nr);
        d13.intoArray(dst, d + 13 * nr);
        d14.intoArray(dst, d + 14 * nr);
        d15.intoArray(dst, d + 15 * nr);
    }
}
