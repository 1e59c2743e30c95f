package dev.soma.kernel;

/**
 * Packing for the blocked matrix multiply (GotoBLAS / BLIS layout). A block of op(A) is copied into panels of
 * {@code mr} rows, each stored k-major ({@code panel[p·mr + r]}), so that the micro-kernel reads its mr values of
 * column p contiguously; a block of op(B) into panels of {@code nr} columns, {@code panel[p·nr + c]}. Rows or columns
 * past the edge of the matrix are padded with zeros, so the micro-kernel always computes full tiles. Transposed
 * operands are read in place from their stored layout. Alpha is folded into the packed A (as α·a, the same product
 * the scalar reference forms), so the micro-kernel never multiplies by it.
 */
final class GemmPacking {
    private GemmPacking() {
    }

    /**
     * Packs op(A)[i0 … i0+mc, p0 … p0+kc] times alpha into {@code dst}: panel q (rows i0+q·mr …) starts at
     * dOff + q·mr·kc. op(A)[i][p] is {@code a[aOff + i·lda + p]}, or {@code a[aOff + p·lda + i]} when transA.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                      float alpha, int mr, float[] dst, int dOff) {
        if (transA) {
            packATransposed(a, aOff, lda, i0, mc, p0, kc, alpha, mr, dst, dOff);
            return;
        }
        int d = dOff;
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            for (int r = 0; r < rows; r++) {
                int src = aOff + (i0 + ir + r) * lda + p0;
                int o = d + r;
                for (int p = 0; p < kc; p++) {
                    dst[o] = alpha * a[src + p];
                    o += mr;
                }
            }
            for (int r = rows; r < mr; r++) {
                for (int p = 0; p < kc; p++) {
                    dst[d + p * mr + r] = 0f;
                }
            }
            d += mr * kc;
        }
    }

    /**
     * packA for a transposed A, where op(A)'s column p is a stored row: 16 stored rows at a time are dealt to the
     * panels, so writes stay contiguous within a panel (panels lie 4·kc floats apart, a distance that aliases in L1).
     */
    private static void packATransposed(float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                                        float alpha, int mr, float[] dst, int dOff) {
        int panel = mr * kc;
        for (int pb = 0; pb < kc; pb += 16) {
            int pe = Math.min(kc, pb + 16);
            int d = dOff;
            for (int i = 0; i < mc; i += mr) {
                int rows = Math.min(mr, mc - i);
                for (int p = pb; p < pe; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + i;
                    int o = d + p * mr;
                    if (rows == mr) {
                        for (int r = 0; r < mr; r++) {
                            dst[o + r] = alpha * a[src + r];
                        }
                    } else {
                        for (int r = 0; r < mr; r++) {
                            dst[o + r] = r < rows ? alpha * a[src + r] : 0f;
                        }
                    }
                }
                d += panel;
            }
        }
    }

    /**
     * Packs op(B)[p0 … p0+kc, j0 … j0+nc] into {@code dst}: panel q (columns j0+q·nr …) starts at dOff + q·nr·kc.
     * op(B)[p][j] is {@code b[bOff + p·ldb + j]}, or {@code b[bOff + j·ldb + p]} when transB.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                      int nr, float[] dst, int dOff) {
        int d = dOff;
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, bOff + (p0 + p) * ldb + j0 + jr, dst, d + p * nr, cols);
                }
            } else {
                packTransposed(b, bOff + (j0 + jr) * ldb + p0, ldb, kc, cols, nr, dst, d);
            }
            if (cols < nr) {
                for (int p = 0; p < kc; p++) {
                    int o = d + p * nr;
                    for (int c = cols; c < nr; c++) {
                        dst[o + c] = 0f;
                    }
                }
            }
            d += nr * kc;
        }
    }

    /**
     * dst[d + p·nr + c] = b[src + c·ldb + p] for c < cols, p < kc: 16×16 blocks transposed in registers where
     * {@link VectorTranspose} is used, the rest four source rows at a time.
     */
    private static void packTransposed(float[] b, int src, int ldb, int kc, int cols, int nr, float[] dst, int d) {
        int c0 = 0;
        if (VectorTranspose.ENABLED) {
            int n = VectorTranspose.N;
            int cv = cols - cols % n;
            int pv = kc - kc % n;
            for (int c = 0; c < cv; c += n) {
                for (int p = 0; p < pv; p += n) {
                    VectorTranspose.block(b, src + c * ldb + p, ldb, dst, d + p * nr + c, nr);
                }
            }
            transposeRows(b, src, ldb, pv, kc, 0, cv, nr, dst, d);
            c0 = cv;
        }
        transposeRows(b, src, ldb, 0, kc, c0, cols, nr, dst, d);
    }

    /** dst[d + p·nr + c] = b[src + c·ldb + p] for c0 ≤ c < c1, p0 ≤ p < p1: four source rows at a time. */
    private static void transposeRows(float[] b, int src, int ldb, int p0, int p1, int c0, int c1, int nr,
                                      float[] dst, int d) {
        int c = c0;
        for (; c + 4 <= c1; c += 4) {
            int s0 = src + c * ldb;
            int s1 = s0 + ldb;
            int s2 = s1 + ldb;
            int s3 = s2 + ldb;
            int o = d + p0 * nr + c;
            for (int p = p0; p < p1; p++) {
                dst[o] = b[s0 + p];
                dst[o + 1] = b[s1 + p];
                dst[o + 2] = b[s2 + p];
                dst[o + 3] = b[s3 + p];
                o += nr;
            }
        }
        for (; c < c1; c++) {
            int s = src + c * ldb;
            int o = d + p0 * nr + c;
            for (int p = p0; p < p1; p++) {
                dst[o] = b[s + p];
                o += nr;
            }
        }
    }
}
