package dev.soma.kernel;

import static dev.soma.kernel.VectorGemm.MC;
import static dev.soma.kernel.VectorGemm.MR;
import static dev.soma.kernel.VectorGemm.NC;
import static dev.soma.kernel.VectorGemm.NR;

/**
 * The parallel phases of one large product, as a reusable {@link Parallel.Task} (one per calling thread, kept in
 * its GEMM workspace) instead of capturing lambdas, so that a parallel GEMM allocates nothing. The fields hold the
 * current product; {@link #phase} says which of the three part kinds {@link #run} executes.
 */
final class GemmJob implements Parallel.Task {
    static final int PACK_A = 0;
    static final int COLUMNS = 1;
    static final int INDEPENDENT = 2;

    int phase;
    int parts;
    boolean ta;
    boolean tb;
    boolean byN;
    int m;
    int n;
    int k;
    int kcu;
    float alpha;
    float beta;
    float[] a;
    int aOff;
    int lda;
    float[] b;
    int bOff;
    int ldb;
    float[] c;
    int cOff;
    int ldc;
    float[] shared;
    int pad;

    void set(boolean ta, boolean tb, int m, int n, int k, int kcu, float alpha, float[] a, int aOff, int lda,
             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        this.ta = ta;
        this.tb = tb;
        this.m = m;
        this.n = n;
        this.k = k;
        this.kcu = kcu;
        this.alpha = alpha;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.beta = beta;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
    }

    /** Runs {@code parts} parts of the given phase on the pool. */
    void run(int phase, int parts) {
        this.phase = phase;
        this.parts = parts;
        Parallel.run(parts, this);
    }

    /** Drops the references to the caller's arrays once the product is done. */
    void clear() {
        a = null;
        b = null;
        c = null;
        shared = null;
    }

    @Override
    public void run(int part) {
        switch (phase) {
            case PACK_A: packA(part); break;
            case COLUMNS: columns(part); break;
            default: independent(part);
        }
    }

    private static int cut(int units, int part, int parts) {
        return (int) ((long) units * part / parts);
    }

    /** Packs this part's MR-row panels of op(A), all K blocks, into the shared buffer. */
    private void packA(int part) {
        int mPanels = pad / MR;
        int i0 = cut(mPanels, part, parts) * MR;
        int i1 = Math.min(m, cut(mPanels, part + 1, parts) * MR);
        for (int pc = 0; pc < k; pc += kcu) {
            int kc = Math.min(kcu, k - pc);
            GemmPacking.packA(ta, a, aOff, lda, i0, i1 - i0, pc, kc, alpha, MR, shared, pc * pad + i0 * kc);
        }
    }

    /** A range of NR-column panels of C, with op(A) already packed in the shared buffer. */
    private void columns(int part) {
        int nPanels = (n + NR - 1) / NR;
        int j0 = cut(nPanels, part, parts) * NR;
        int j1 = Math.min(n, cut(nPanels, part + 1, parts) * NR);
        VectorGemm.Workspace w = VectorGemm.workspace();
        if (beta != 0f) {
            VectorGemm.scaleC(beta, c, cOff, ldc, 0, m, j0, j1);
        }
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kcu) {
                int kc = Math.min(kcu, k - pc);
                GemmPacking.packB(tb, b, bOff, ldb, pc, kc, jc, nc, NR, w.b, 0);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    VectorGemm.macro(mc, nc, kc, shared, pc * pad + ic * kc, w.b, 0, c, cOff + ic * ldc + jc, ldc,
                            w.tile, beta != 0f || pc > 0);
                }
            }
        }
    }

    /** Huge operands: the serial algorithm on this part's range of rows (or columns when byN). */
    private void independent(int part) {
        int units = byN ? (n + NR - 1) / NR : (m + MR - 1) / MR;
        int u0 = cut(units, part, parts);
        int u1 = cut(units, part + 1, parts);
        if (byN) {
            int j0 = u0 * NR;
            int j1 = Math.min(n, u1 * NR);
            int bo = tb ? bOff + j0 * ldb : bOff + j0;
            VectorGemm.serial(ta, tb, m, j1 - j0, k, kcu, alpha, a, aOff, lda, b, bo, ldb, beta, c, cOff + j0, ldc);
        } else {
            int i0 = u0 * MR;
            int i1 = Math.min(m, u1 * MR);
            int ao = ta ? aOff + i0 : aOff + i0 * lda;
            VectorGemm.serial(ta, tb, i1 - i0, n, k, kcu, alpha, a, ao, lda, b, bOff, ldb, beta, c,
                    cOff + i0 * ldc, ldc);
        }
    }
}
