package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD matrix multiply C = α·op(A)·op(B) + β·C.
 *
 * <p>Large products take the GotoBLAS/BLIS route: op(B) is packed in blocks of KC×NC (panels of NR columns),
 * op(A) in blocks of MC×KC (panels of MR rows), and a register-blocked micro-kernel multiplies one MR-row panel by
 * one NR-column panel, keeping the MR×NR tile of C in {@code MR·2 = 16} vector accumulators (8 rows × 2 vectors,
 * which C2 keeps in AVX-512's 32 registers; {@link MicroKernel8}). Edge tiles are computed in full on zero-padded
 * panels and only their valid part is added to C.
 *
 * <p>Products of at least {@link #PARALLEL_WORK} multiply-adds are split over {@link Parallel}: C's columns (when
 * there are at least as many as rows) or rows are cut into contiguous ranges, and each range runs the same serial
 * blocked algorithm (packing its own op(A) or op(B)), or (a few columns of many panels) the threads first pack
 * op(A) together and then share it. K is never split and the blocking of K does not depend on the range, so every element of C
 * is computed by the same sequence of operations for any thread count: results are bit-identical.
 *
 * <p>Small products (batch-1 inference) go to {@link VectorGemv} instead, which reads the operands in place: there
 * packing and thread hand-off would cost more than the arithmetic; A·Bᵀ with at most one vector of columns (the
 * 10-class output layer's forward pass) goes to {@link VectorNarrow}. The choice depends on the shape only, never
 * on the thread count.
 */
final class VectorGemm {
    /** Species of the micro-kernel: {@code -Dsoma.gemm.bits=256|512}, default the measured best (see PERFORMANCE.md). */
    static final VectorSpecies<Float> S = species(Integer.getInteger("soma.gemm.bits", 512));
    static final int V = S.length();
    /**
     * Rows of the micro-kernel: 8 (16 accumulators, {@link MicroKernel8}) by default, {@code -Dsoma.gemm.mr=4} for the
     * 4-row kernel (8 accumulators). The same bits either way. 8 rows: 1.10× the 4-row kernel's GFLOPS on one core,
     * JDK 17 and 25 alike (soma-bench's {@code MicroKernelAB}, see PERFORMANCE.md).
     */
    static final int MR = Integer.getInteger("soma.gemm.mr", 8) == 4 ? 4 : 8;
    static final int NR = 2 * V;
    static final int KC = Integer.getInteger("soma.gemm.kc", 256);
    static final int MC = roundUp(Integer.getInteger("soma.gemm.mc", 128), MR);
    static final int NC = roundUp(Integer.getInteger("soma.gemm.nc", 1024), NR);
    /** Multiply-adds below which a product runs on the calling thread alone. */
    static final long PARALLEL_WORK = Long.getLong("soma.gemm.parallelWork", 1L << 22);
    /** Largest shared packed operand (floats); beyond it every thread packs its own copy. */
    static final int SHARED_MAX = 1 << 23;

    /** Per-thread packing buffers and the thread's reusable parallel job. */
    static final class Workspace {
        final GemmJob job = new GemmJob();
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
        float[] shared = new float[0];

        float[] shared(int size) {
            if (shared.length < size) {
                shared = new float[size];
            }
            return shared;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** The calling thread's workspace. */
    static Workspace workspace() {
        return WORKSPACE.get();
    }

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

    static int roundUp(int x, int unit) {
        return Math.max(unit, (x + unit - 1) / unit * unit);
    }

    /**
     * Whether a row-major op(A) with α = 1 may be read in place instead of packed: only where that measured faster
     * with the 8-row kernel (soma-bench's {@code dev.soma.kernel.InPlaceAB}, one 128×256 block of A, in place / packed):
     * JDK 25 with a block of at most {@link #IN_PLACE_MAX_NC} columns (1.05 at 256 columns; 0.93–0.98 at 392–1024);
     * never on JDK 17, where the in-place kernel ran at 0.60–0.65 of the packed one at every size. Either way the
     * same bits (packing with α = 1 copies exactly).
     */
    static final boolean IN_PLACE_A = Runtime.version().feature() >= 25;
    static final int IN_PLACE_MAX_NC = 256;

    /** Length of the K blocks: k cut into ⌈k/KC⌉ blocks of (nearly) equal length. Depends on k only. */
    static int blockK(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    static void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0 || alpha == 0f) {
            scaleC(beta, c, cOff, ldc, 0, m, 0, n);
            return;
        }
        if (VectorNarrow.handles(ta, tb, m, n, k)) {
            VectorNarrow.gemm(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (VectorGemv.handles(ta, tb, m, n, k)) {
            VectorGemv.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int kcu = blockK(k);
        int threads = Parallel.threads();
        if ((long) m * n * k < PARALLEL_WORK || threads == 1) {
            serial(ta, tb, m, n, k, kcu, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int mPad = roundUp(m, MR);
        int nPad = roundUp(n, NR);
        if (n >= m && nPad / NR >= 2 * threads) {
            // At least as many columns as rows (a layer's forward pass, its weight gradient): each thread packs
            // its own columns of op(B) and all of the smaller op(A), so no packed buffer is shared between cores.
            // One range per thread: every range repacks op(A). Measured on the B1 layers (2 threads, best of 2,000
            // calls): 128×256×784 nt 280 → 215 µs, 128×784×256 nn 250 → 190 µs against the threads packing op(B)
            // together and sharing it: this 2-core VM pays dearly for moving a freshly packed buffer between the
            // cores' caches.
            // B1 end to end, three alternating rounds: 0.455/0.570/0.584 → 0.387/0.554/0.537 s/epoch.
            independent(ta, tb, m, n, k, kcu, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, true,
                    Math.min(nPad / NR, threads));
            return;
        }
        if (nPad / NR >= mPad / MR) {
            if ((long) mPad * k <= SHARED_MAX) {
                splitN(ta, tb, m, n, k, kcu, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads);
                return;
            }
        } else {
            // More rows than column panels (a convolution's weight gradient, 288×64×1568 nt): the mirror image of
            // the first case, each thread a range of rows, packing all of the smaller op(B) itself. Against the
            // threads packing op(B) together and sharing it, in one JVM alternating 2-ms batches: 194–195 →
            // 230–247 GFLOPS (numpy/OpenBLAS 264–277).
            independent(ta, tb, m, n, k, kcu, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, false,
                    Math.min(mPad / MR, threads));
            return;
        }
        boolean byN = nPad / NR >= mPad / MR;
        independent(ta, tb, m, n, k, kcu, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, byN,
                Math.min(byN ? nPad / NR : mPad / MR, 2 * threads));
    }

    /** C[i0…i1, j0…j1] = β·C (zero when β = 0, whatever C held; nothing when β = 1). */
    static void scaleC(float beta, float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1) {
        if (beta == 1f) {
            return;
        }
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci + j0, ci + j1, 0f);
            } else {
                for (int j = j0; j < j1; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }

    /**
     * Many columns: all threads first pack the whole of op(A) (K blocks one after the other) into the caller's
     * shared buffer, then take ranges of NR-column panels, each packing its own part of op(B).
     */
    private static void splitN(boolean ta, boolean tb, int m, int n, int k, int kcu, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc, int threads) {
        Workspace w = WORKSPACE.get();
        GemmJob job = w.job;
        job.set(ta, tb, m, n, k, kcu, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        job.pad = roundUp(m, MR);
        job.shared = w.shared(job.pad * k);
        try {
            job.run(GemmJob.PACK_A, Math.min(threads, job.pad / MR));
            job.run(GemmJob.COLUMNS, Math.min((n + NR - 1) / NR, 4 * threads));
        } finally {
            job.clear();
        }
    }

    /**
     * Each part runs the serial algorithm on its own range of columns (byN) or rows: nothing packed is shared.
     * Used for products with at least as many columns as rows, and for huge operands.
     */
    private static void independent(boolean ta, boolean tb, int m, int n, int k, int kcu, float alpha,
                                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                    float beta, float[] c, int cOff, int ldc, boolean byN, int parts) {
        GemmJob job = WORKSPACE.get().job;
        job.set(ta, tb, m, n, k, kcu, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        job.byN = byN;
        try {
            job.run(GemmJob.INDEPENDENT, parts);
        } finally {
            job.clear();
        }
    }

    /** The blocked algorithm on the calling thread. */
    static void serial(boolean ta, boolean tb, int m, int n, int k, int kcu, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        if (beta != 0f) {
            scaleC(beta, c, cOff, ldc, 0, m, 0, n);
        }
        Workspace w = WORKSPACE.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            boolean inPlace = inPlaceA(ta, alpha, nc);
            if (beta == 0f && inPlace) {
                scaleC(0f, c, cOff, ldc, 0, m, jc, jc + nc);
            }
            for (int pc = 0; pc < k; pc += kcu) {
                int kc = Math.min(kcu, k - pc);
                GemmPacking.packB(tb, b, bOff, ldb, pc, kc, jc, nc, NR, w.b, 0);
                rows(ta, inPlace, m, nc, kc, pc, alpha, a, aOff, lda, w.b, 0, c, cOff + jc, ldc, w,
                        beta != 0f || pc > 0);
            }
        }
    }

    /**
     * Whether a block of nc columns reads a row-major op(A) in place ({@link #macroUnpackedA}, which adds to C)
     * rather than packed ({@link #macro}, which may store).
     */
    static boolean inPlaceA(boolean ta, float alpha, int nc) {
        return !ta && alpha == 1f && IN_PLACE_A && nc <= IN_PLACE_MAX_NC;
    }

    /**
     * {@link #serial} for C = A·B (α = 1, β = 0, A not transposed) with B already packed by the caller: the K blocks
     * of {@link #blockK} rows one after the other, block pc at {@code bp[pc·nPad …]} (nPad = n rounded up to NR)
     * holding the NR-column panels of all columns, panel q at +q·NR·kc, as {@link GemmPacking#packB} writes them.
     * The same products in the same order as {@link #serial} on the unpacked B.
     */
    static void serialPacked(int m, int n, int k, float[] a, int aOff, int lda, float[] bp, float[] c, int cOff,
                             int ldc) {
        int kcu = blockK(k);
        int nPad = roundUp(n, NR);
        Workspace w = WORKSPACE.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            boolean inPlace = inPlaceA(false, 1f, nc);
            if (inPlace) {
                scaleC(0f, c, cOff, ldc, 0, m, jc, jc + nc);
            }
            for (int pc = 0; pc < k; pc += kcu) {
                int kc = Math.min(kcu, k - pc);
                rows(false, inPlace, m, nc, kc, pc, 1f, a, aOff, lda, bp, pc * nPad + jc * kc, c, cOff + jc, ldc, w,
                        pc > 0);
            }
        }
    }

    /**
     * All row blocks of op(A) (columns pc …) times one packed kc×nc block of B, into C (columns from cOff): added,
     * or stored when not {@code add} and A is packed (read in place, A always adds: C must be zero then).
     */
    private static void rows(boolean ta, boolean inPlace, int m, int nc, int kc, int pc, float alpha, float[] a,
                             int aOff, int lda, float[] bp, int bpOff, float[] c, int cOff, int ldc, Workspace w,
                             boolean add) {
        for (int ic = 0; ic < m; ic += MC) {
            int mc = Math.min(MC, m - ic);
            if (inPlace) {
                macroUnpackedA(mc, nc, kc, a, aOff + ic * lda + pc, lda, bp, bpOff, c, cOff + ic * ldc, ldc, w.tile,
                        w.a);
            } else {
                GemmPacking.packA(ta, a, aOff, lda, ic, mc, pc, kc, alpha, MR, w.a, 0);
                macro(mc, nc, kc, w.a, 0, bp, bpOff, c, cOff + ic * ldc, ldc, w.tile, add);
            }
        }
    }

    /**
     * {@link #macro} reading a row-major op(A) in place (α = 1, A not transposed): full tiles take its rows straight
     * from the array (the same products in the same order as from a packed panel, since packing with α = 1 copies
     * the values exactly), edge tiles pack their few rows into {@code scratch} first. Packing A cost about a
     * quarter of a B1 layer's product on its own.
     */
    static void macroUnpackedA(int mc, int nc, int kc, float[] a, int aBlock, int lda, float[] bp, int bpOff,
                               float[] c, int cOff, int ldc, float[] tile, float[] scratch) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bo = bpOff + jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int co = cOff + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    MicroKernel.fullUnpackedA(kc, a, aBlock + ir * lda, lda, bp, bo, c, co, ldc);
                } else {
                    GemmPacking.packA(false, a, aBlock, lda, ir, mr, 0, kc, 1f, MR, scratch, 0);
                    if (nr <= V) {
                        MicroKernel.toTileHalf(kc, scratch, 0, bp, bo, tile);
                    } else {
                        MicroKernel.toTile(kc, scratch, 0, bp, bo, tile);
                    }
                    addTile(tile, mr, nr, c, co, ldc, true);
                }
            }
        }
    }

    /**
     * All micro-tiles of one packed MC×KC block of A times one packed KC×NC block of B, added to C, or stored when
     * not {@code add} (a product's first K block with β = 0: C is then neither zeroed first nor read). Stored
     * tiles go through {@link MicroKernel#toTile} and a copy, so the adding kernel stays as it is (a store flag
     * inside it made C2 compile its loop worse: 2048³ nn 233–265 → 189–191 GFLOPS).
     */
    static void macro(int mc, int nc, int kc, float[] ap, int apOff, float[] bp, int bpOff,
                      float[] c, int cOff, int ldc, float[] tile, boolean add) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bo = bpOff + jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int ao = apOff + ir * kc;
                int co = cOff + ir * ldc + jr;
                if (mr == MR && nr == NR && add) {
                    MicroKernel.full(kc, ap, ao, bp, bo, c, co, ldc);
                } else if (mr == MR && nr == NR) {
                    MicroKernel.toTile(kc, ap, ao, bp, bo, tile);
                    MicroKernel.storeTile(tile, c, co, ldc);
                } else {
                    if (nr <= V) {
                        MicroKernel.toTileHalf(kc, ap, ao, bp, bo, tile);
                    } else {
                        MicroKernel.toTile(kc, ap, ao, bp, bo, tile);
                    }
                    addTile(tile, mr, nr, c, co, ldc, add);
                }
            }
        }
    }

    /** C[mr×nr at co] += (or = when not {@code add}) an edge tile's first mr rows and nr columns (rows NR apart). */
    private static void addTile(float[] tile, int mr, int nr, float[] c, int co, int ldc, boolean add) {
        for (int r = 0; r < mr; r++) {
            int cr = co + r * ldc;
            int tr = r * NR;
            for (int j = 0; j < nr; j++) {
                c[cr + j] = add ? c[cr + j] + tile[tr + j] : tile[tr + j];
            }
        }
    }
}
