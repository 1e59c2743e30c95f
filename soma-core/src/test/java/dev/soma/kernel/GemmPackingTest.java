package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packing of a transposed op(B) (16×16 blocks transposed in registers on JDK 25, four source rows at a time
 * elsewhere) against its definition, value for value: whole blocks, ragged edges in both directions, a panel
 * narrower than NR (zero-padded), offsets into the source and the destination.
 */
class GemmPackingTest {
    @ParameterizedTest(name = "kc {0}, nc {1}, ldb {2}")
    @CsvSource({"16, 32, 16", "48, 32, 50", "37, 29, 40", "256, 96, 784", "5, 3, 7", "33, 64, 33", "128, 17, 130"})
    void transposedBMatchesItsDefinition(int kc, int nc, int ldb) {
        int nr = VectorGemm.NR;
        SplittableRandom rng = new SplittableRandom(kc * 1000L + nc);
        int p0 = 3;
        int j0 = 2;
        int bOff = 5;
        float[] b = new float[bOff + (j0 + nc) * ldb + p0 + kc];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextGaussian();
        }
        int panels = (nc + nr - 1) / nr;
        int dOff = 7;
        float[] dst = new float[dOff + panels * nr * kc + 4];
        java.util.Arrays.fill(dst, Float.NaN);
        GemmPacking.packB(true, b, bOff, ldb, p0, kc, j0, nc, nr, dst, dOff);
        for (int q = 0; q < panels; q++) {
            for (int p = 0; p < kc; p++) {
                for (int c = 0; c < nr; c++) {
                    int j = q * nr + c;
                    float expected = j < nc ? b[bOff + (j0 + j) * ldb + p0 + p] : 0f;
                    assertEquals(Float.floatToRawIntBits(expected),
                            Float.floatToRawIntBits(dst[dOff + q * nr * kc + p * nr + c]),
                            "panel " + q + ", row " + p + ", column " + c);
                }
            }
        }
        for (int i = 0; i < dOff; i++) {
            assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(dst[i]), "before the panels");
        }
    }
}
