package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM micro-kernels: {@link #full} and its variants dispatch on {@link VectorGemm#MR} (a constant, so C2
 * compiles only one branch) to the 8-row kernel ({@link MicroKernel8}, the default) or the 4-row kernel here: a
 * packed 4×kc panel of A times a packed kc×NR panel of B (NR = two vectors), accumulated in 8 vector registers by
 * fused multiply-adds, k from 0 to kc−1 in order. Both give every element of C the same FMA chain. The species is a
 * static final constant ({@link VectorGemm#S}) so that C2 compiles every vector operation to one instruction.
 */
final class MicroKernel {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int V = VectorGemm.V;
    private static final int MR = VectorGemm.MR;
    private static final int NR = VectorGemm.NR;

    private MicroKernel() {
    }

    /**
     * C[4×NR at co] += Apanel·Bpanel. There is deliberately no branch in here (β = 0 is handled by zeroing C first):
     * a rarely taken branch makes C2 deoptimize this method, and until it is recompiled the Vector API code runs
     * in C1, hundreds of times slower.
     */
    static void full4(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + V);
            FloatVector a0 = FloatVector.broadcast(S, ap[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            ao += 4;
            bo += NR;
        }
        int r1 = co + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        c00 = c00.add(FloatVector.fromArray(S, c, co));
        c01 = c01.add(FloatVector.fromArray(S, c, co + V));
        c10 = c10.add(FloatVector.fromArray(S, c, r1));
        c11 = c11.add(FloatVector.fromArray(S, c, r1 + V));
        c20 = c20.add(FloatVector.fromArray(S, c, r2));
        c21 = c21.add(FloatVector.fromArray(S, c, r2 + V));
        c30 = c30.add(FloatVector.fromArray(S, c, r3));
        c31 = c31.add(FloatVector.fromArray(S, c, r3 + V));
        c00.intoArray(c, co);
        c01.intoArray(c, co + V);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + V);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + V);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + V);
    }

    /**
     * {@link #full} with A's four rows read in place from a row-major array (rows ao, ao + lda, …): the same
     * operations in the same order as on a packed panel holding the same values.
     */
    static void fullUnpackedA4(int kc, float[] a, int ao, int lda, float[] bp, int bo, float[] c, int co, int ldc) {
        int a1 = ao + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + V);
            FloatVector x0 = FloatVector.broadcast(S, a[ao + p]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            bo += NR;
        }
        int r1 = co + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        c00 = c00.add(FloatVector.fromArray(S, c, co));
        c01 = c01.add(FloatVector.fromArray(S, c, co + V));
        c10 = c10.add(FloatVector.fromArray(S, c, r1));
        c11 = c11.add(FloatVector.fromArray(S, c, r1 + V));
        c20 = c20.add(FloatVector.fromArray(S, c, r2));
        c21 = c21.add(FloatVector.fromArray(S, c, r2 + V));
        c30 = c30.add(FloatVector.fromArray(S, c, r3));
        c31 = c31.add(FloatVector.fromArray(S, c, r3 + V));
        c00.intoArray(c, co);
        c01.intoArray(c, co + V);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + V);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + V);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + V);
    }

    /** tile[4×NR] = Apanel·Bpanel (the same arithmetic as {@link #full}), for edge tiles. */
    static void toTile4(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + V);
            FloatVector a0 = FloatVector.broadcast(S, ap[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            ao += 4;
            bo += NR;
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, V);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
    }

    /** C[MR×NR at co] += Apanel·Bpanel: the kernel for the configured {@code MR} (a constant, so C2 keeps one). */
    static void full(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        if (MR == 8) {
            MicroKernel8.full(kc, ap, ao, bp, bo, c, co, ldc);
        } else {
            full4(kc, ap, ao, bp, bo, c, co, ldc);
        }
    }

    /** {@link #full} with A's MR rows read in place from a row-major array. */
    static void fullUnpackedA(int kc, float[] a, int ao, int lda, float[] bp, int bo, float[] c, int co, int ldc) {
        if (MR == 8) {
            MicroKernel8.fullUnpackedA(kc, a, ao, lda, bp, bo, c, co, ldc);
        } else {
            fullUnpackedA4(kc, a, ao, lda, bp, bo, c, co, ldc);
        }
    }

    /** {@link #toTile4}'s first V columns, for an edge panel of at most V columns. */
    static void toTileHalf4(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            c0 = FloatVector.broadcast(S, ap[ao]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ao + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ao + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ao + 3]).fma(b0, c3);
            ao += 4;
            bo += NR;
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, NR);
        c2.intoArray(tile, 2 * NR);
        c3.intoArray(tile, 3 * NR);
    }

    /**
     * tile[MR×V, rows NR apart] = Apanel·(the first V columns of Bpanel): {@link #toTile} for an edge panel of at
     * most V columns (C1's 32→64 convolution of one image has 196 = 6·32 + 4; a 10-class output layer has 10),
     * at half the multiply-adds.
     */
    static void toTileHalf(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        if (MR == 8) {
            MicroKernel8.toTileHalf(kc, ap, ao, bp, bo, tile);
        } else {
            toTileHalf4(kc, ap, ao, bp, bo, tile);
        }
    }

    /** C[MR×NR at co] = tile (rows NR apart): a {@link #toTile} stored. */
    static void storeTile(float[] tile, float[] c, int co, int ldc) {
        for (int r = 0; r < MR; r++) {
            FloatVector.fromArray(S, tile, r * NR).intoArray(c, co + r * ldc);
            FloatVector.fromArray(S, tile, r * NR + V).intoArray(c, co + r * ldc + V);
        }
    }

    /** tile[MR×NR] = Apanel·Bpanel, for edge tiles. */
    static void toTile(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        if (MR == 8) {
            MicroKernel8.toTile(kc, ap, ao, bp, bo, tile);
        } else {
            toTile4(kc, ap, ao, bp, bo, tile);
        }
    }
}
