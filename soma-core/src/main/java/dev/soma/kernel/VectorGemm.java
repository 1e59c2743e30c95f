package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD matrix multiply C = α·op(A)·op(B) + β·C.
 *
 * <p>Large products take the GotoBLAS/BLIS route: op(B) is packed in blocks of KC×NC (panels of NR columns),
 * op(A) in blocks of MC×KC (panels of MR rows), and a register-blocked micro-kernel multiplies one MR-row panel by
 * one NR-column panel, keeping the MR×NR tile of C in {@code MR·2 = 8} vector accumulators (4 rows × 2 vectors:
 * what C2 keeps in registers; 12 accumulators spill and run 3× slower). Edge tiles are computed in full on
 * zero-padded panels and only their valid part is added to C.
 *
 * <p>Products of at least {@link #PARALLEL_WORK} multiply-adds are split over {@link Parallel}: C's rows or columns
 * (whichever has more panels) are cut into contiguous ranges, one per thread, and each range runs the same serial
 * blocked algorithm. K is never split and the blocking of K does not depend on the range, so every element of C
 * is computed by the same sequence of operations for any thread count: results are bit-identical.
 *
 * <p>Small products (batch-1 inference, the 10-class output layer) go to {@link VectorGemv} instead, which reads
 * the operands in place: there packing and thread hand-off would cost more than the arithmetic. The choice depends
 * on the shape only, never on the thread count.
 */
final class VectorGemm {
    /** Species of the micro-kernel: {@code -Dsoma.gemm.bits=256|512}, default the measured best (see PERFORMANCE.md). */
    static final VectorSpecies<Float> S = species(Integer.getInteger("soma.gemm.bits", 512));
    static final int V = S.length();
    static final int MR = 4;
    static final int NR = 2 * V;
    static final int KC = Integer.getInteger("soma.gemm.kc", 256);
    static final int MC = roundUp(Integer.getInteger("soma.gemm.mc", 128), MR);
    static final int NC = roundUp(Integer.getInteger("soma.gemm.nc", 1024), NR);
    /** Multiply-adds below which a product runs on the calling thread alone. */
    static final long PARALLEL_WORK = Long.getLong("soma.gemm.parallelWork", 1L << 19);

    private static final ThreadLocal<float[][]> WORKSPACE =
            ThreadLocal.withInitial(() -> new float[][] {new float[MC * KC], new float[KC * NC], new float[MR * NR]});

    private VectorGemm() {
    }

    private static VectorSpecies<Float> species(int bits) {
        VectorSpecies<Float> pref = FloatVector.SPECIES_PREFERRED;
        if (bits >= 512 && pref.vectorBitSize() >= 512) {
            return FloatVector.SPECIES_512;
        }
        if (bits >= 256 && pref.vectorBitSize() >= 256) {
            return FloatVector.SPECIES_256;
        }
        return FloatVector.SPECIES_128;
    }

    private static int roundUp(int x, int unit) {
        return Math.max(unit, (x + unit - 1) / unit * unit);
    }

    static void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (VectorGemv.handles(ta, tb, m, n, k)) {
            VectorGemv.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        long work = (long) m * n * k;
        int threads = Parallel.threads();
        if (work < PARALLEL_WORK || threads == 1) {
            serial(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int mPanels = (m + MR - 1) / MR;
        int nPanels = (n + NR - 1) / NR;
        boolean splitN = nPanels >= mPanels;
        int units = splitN ? nPanels : mPanels;
        int parts = Math.min(threads, units);
        int per = units / parts;
        int extra = units % parts;
        Parallel.run(parts, part -> {
            int u0 = part * per + Math.min(part, extra);
            int u1 = u0 + per + (part < extra ? 1 : 0);
            if (splitN) {
                int j0 = u0 * NR;
                int j1 = Math.min(n, u1 * NR);
                int bo = tb ? bOff + j0 * ldb : bOff + j0;
                serial(ta, tb, m, j1 - j0, k, alpha, a, aOff, lda, b, bo, ldb, beta, c, cOff + j0, ldc);
            } else {
                int i0 = u0 * MR;
                int i1 = Math.min(m, u1 * MR);
                int ao = ta ? aOff + i0 : aOff + i0 * lda;
                serial(ta, tb, i1 - i0, n, k, alpha, a, ao, lda, b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
            }
        });
    }

    /** The blocked algorithm on the calling thread. */
    static void serial(boolean ta, boolean tb, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        if (beta != 0f && beta != 1f) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
        if (k <= 0 || alpha == 0f) {
            if (beta == 0f) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        float[][] ws = WORKSPACE.get();
        float[] ap = ws[0];
        float[] bp = ws[1];
        float[] tile = ws[2];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                GemmPacking.packB(tb, b, bOff, ldb, pc, kc, jc, nc, NR, bp);
                boolean overwrite = pc == 0 && beta == 0f;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    GemmPacking.packA(ta, a, aOff, lda, ic, mc, pc, kc, alpha, MR, ap);
                    macro(mc, nc, kc, ap, bp, c, cOff + ic * ldc + jc, ldc, overwrite, tile);
                }
            }
        }
    }

    /** All micro-tiles of one packed MC×KC block of A times one packed KC×NC block of B. */
    private static void macro(int mc, int nc, int kc, float[] ap, float[] bp, float[] c, int cOff, int ldc,
                              boolean overwrite, float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bo = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int ao = ir * kc;
                int co = cOff + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    MicroKernel.full(kc, ap, ao, bp, bo, c, co, ldc, overwrite);
                } else {
                    MicroKernel.toTile(kc, ap, ao, bp, bo, tile);
                    for (int r = 0; r < mr; r++) {
                        int cr = co + r * ldc;
                        int tr = r * NR;
                        for (int j = 0; j < nr; j++) {
                            c[cr + j] = overwrite ? tile[tr + j] : c[cr + j] + tile[tr + j];
                        }
                    }
                }
            }
        }
    }
}
