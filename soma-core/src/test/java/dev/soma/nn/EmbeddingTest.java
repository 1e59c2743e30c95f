package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.autograd.GradCheck;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
    /** A module whose stage check feeds valid indices: the random inputs of the check are mapped to [0, num). */
    private static Module withIndices(Embedding e) {
        return new Sequential(new IndexOf(e.numEmbeddings()), e);
    }

    @Test
    void stageMatchesGraph() {
        StageChecks.assertStageMatchesGraph(withIndices(new Embedding(7, 3, 1)), new int[] {4}, 5, 41);
        StageChecks.assertStageMatchesGraph(withIndices(new Embedding(3, 5, 2, new SplittableRandom(2))),
                new int[] {2, 3}, 6, 42);
        StageChecks.assertStageMatchesGraph(withIndices(new Embedding(1, 2, 3)), new int[] {1}, 2, 43);
    }

    @Test
    void looksUpRowsAndScattersGradientsBack() {
        Embedding e = new Embedding(4, 2, 0);
        float[] w = e.weight().toFloatArray();
        Tensor x = Tensor.of(new float[] {3, 1, 3, 0}, 2, 2);
        Tensor y = e.forward(x, true);
        assertArrayEquals(new int[] {2, 2, 2}, y.shape());
        assertArrayEquals(new float[] {w[6], w[7], w[2], w[3], w[6], w[7], w[0], w[1]}, y.toFloatArray(), 0f);
        y.mul(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2)).sum().backward();
        assertArrayEquals(new float[] {7, 8, 3, 4, 0, 0, 6, 8}, e.weight().grad().toFloatArray(), 0f);
    }

    @Test
    void paddingRowStartsAtZeroAndGetsNoGradient() {
        Embedding e = new Embedding(4, 2, -1, new SplittableRandom(3)); // the last row, as torch's padding_idx=-1
        assertEquals(3, e.paddingIdx());
        assertArrayEquals(new float[] {0, 0}, java.util.Arrays.copyOfRange(e.weight().toFloatArray(), 6, 8), 0f);
        e.forward(Tensor.of(new float[] {3, 1}, 2, 1), true).sum().backward();
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0}, e.weight().grad().toFloatArray(), 0f);
        assertEquals("embedding:4:2:pad=3", e.spec());
    }

    @Test
    void weightsAreStandardNormal() {
        float[] w = new Embedding(200, 50, 5).weight().toFloatArray();
        double s = 0;
        double s2 = 0;
        for (float v : w) {
            s += v;
            s2 += v * v;
        }
        assertEquals(0, s / w.length, 0.03);
        assertEquals(1, s2 / w.length, 0.05);
    }

    @Test
    void gradientCheckInFloat64() {
        Embedding e = new Embedding(5, 3, 4);
        e.to(DType.F64);
        Tensor x = Tensor.of(new double[] {0, 4, 4, 2, 1, 0}, 3, 2);
        Tensor r = Tensor.randn(DType.F64, new SplittableRandom(1), 3, 2, 3);
        GradCheck.Report rep = GradCheck.check(() -> e.forward(x).tanh().mul(r).sum(), e.namedParameters(), 1e-6);
        assertTrue(rep.maxError() < 1e-8, rep.toString());
    }

    @Test
    void badIndicesNameTheValueAndTheRow() {
        Embedding e = new Embedding(10, 4, 0);
        assertEquals("Embedding(10, 4): index 12 at row 1, position 1 is out of range [0, 10)",
                assertThrows(SomaException.class, () -> e.forward(Tensor.of(new float[] {1, 2, 3, 12}, 2, 2)))
                        .getMessage());
        assertEquals("Embedding(10, 4): index -1 at row 0, position 0 is out of range [0, 10)",
                assertThrows(SomaException.class, () -> e.forward(Tensor.of(new float[] {-1}, 1, 1))).getMessage());
        assertEquals("Embedding(10, 4): index 2.5 at row 2, position 0 is not a whole number",
                assertThrows(SomaException.class, () -> e.predict(Tensor.of(new float[] {0, 1, 2.5f}, 3, 1)))
                        .getMessage());
        assertEquals("Embedding(10, 4): index NaN at row 0, position 0 is not a whole number",
                assertThrows(SomaException.class, () -> e.forward(Tensor.of(new float[] {Float.NaN}, 1, 1)))
                        .getMessage());
        assertEquals("Embedding(10, 4): padding_idx must be in [-10, 10), got 10",
                assertThrows(SomaException.class, () -> new Embedding(10, 4, 10, new SplittableRandom(1)))
                        .getMessage());
        assertEquals("layer 'embedding:10': expected embedding:<num_embeddings>:<embedding_dim>",
                assertThrows(SomaException.class, () -> Sequential.fromSpec("embedding:10", null, 1)).getMessage());
        assertEquals(List.of("0.weight"), List.copyOf(Sequential.fromSpec("embedding:10:4", null, 1).stateDict().keySet()));
    }

    /** Test helper: maps any value to a valid index floor(|x|·7) mod n, with no gradient (its own stage too). */
    static final class IndexOf extends Module {
        private final int n;

        IndexOf(int n) {
            this.n = n;
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            double[] v = x.detach().contiguous().toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.floor(Math.abs(v[i]) * 7) % n;
            }
            return Tensor.of(v, x.shape()).to(x.dtype());
        }

        @Override
        public String spec() {
            return "index_of:" + n;
        }
    }
}
