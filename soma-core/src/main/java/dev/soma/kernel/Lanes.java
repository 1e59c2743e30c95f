package dev.soma.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Horizontal sums in a fixed order. {@code reduceLanes(ADD)} leaves the order of a floating-point reduction
 * unspecified, and since JDK 23 C2 compiles it in another order than the interpreter and C1 use: the same training
 * run then gave different weights depending on when the JIT compiled the kernel. Summing lane 0, 1, 2, … in turn is
 * the same in every execution mode and on every JDK, which keeps Soma's results deterministic. The GEMM's species
 * gets a pairwise tree instead (fold the upper half onto the lower, log₂(lanes) times): as fixed an order, and
 * about as cheap as the built-in reduction, which batch-1 inference needs.
 */
final class Lanes {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    /** FOLD[j] moves lane i + (lanes >> (j + 1)) to lane i. */
    private static final VectorShuffle<Float>[] FOLD = folds();

    private Lanes() {
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(S.length());
        VectorShuffle<Float>[] f = new VectorShuffle[steps];
        for (int j = 0; j < steps; j++) {
            f[j] = VectorShuffle.iota(S, S.length() >> (j + 1), 1, true);
        }
        return f;
    }

    /** Σ of the lanes of a vector of the GEMM's species, by pairwise folding in a fixed order. */
    static float sum(FloatVector v) {
        FloatVector x = v;
        for (VectorShuffle<Float> f : FOLD) {
            x = x.add(x.rearrange(f));
        }
        return x.lane(0);
    }

    /** lane 0 + lane 1 + … + lane n−1, left to right. */
    static double sum(DoubleVector v) {
        double s = v.lane(0);
        for (int i = 1; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }
}
