package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import dev.soma.data.ArrayDataset;
import dev.soma.data.Dataset;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    /** A "network" whose prediction is the arg-max of its three inputs (identity weights). */
    static Sequential argmax() {
        Sequential m = Sequential.fromSpec("linear:3:3");
        m.loadStateDict(Map.of("0.weight", Tensor.matrix(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}),
                "0.bias", Tensor.zeros(3)));
        return m;
    }

    @Test
    void confusionMatrixPrecisionRecallF1ByHand() {
        // predictions (arg-max of the rows): 0 0 1 1 1 2 2 0; labels: 0 0 1 2 1 2 1 1
        float[] x = {9, 0, 0, 8, 1, 0, 0, 5, 1, 0, 7, 2, 1, 6, 0, 0, 0, 3, 0, 1, 4, 2, 1, 0};
        int[] y = {0, 0, 1, 2, 1, 2, 1, 1};
        Dataset d = ArrayDataset.classification("hand", x, 3, y, 3, List.of("x", "y", "z"));
        ClassificationReport r = Evaluation.classification(argmax(), d);
        assertArrayEquals(new int[][] {{2, 0, 0}, {1, 2, 1}, {0, 1, 1}}, r.confusionMatrix());
        assertEquals(5.0 / 8, r.accuracy(), 1e-15);
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2, 2, 0}, r.predictions());
        assertEquals(2.0 / 3, r.precision(0), 1e-15);
        assertEquals(1.0, r.recall(0), 1e-15);
        assertEquals(0.8, r.f1(0), 1e-15);
        assertEquals(2.0 / 3, r.precision(1), 1e-15);
        assertEquals(0.5, r.recall(1), 1e-15);
        assertEquals(4.0 / 7, r.f1(1), 1e-15);
        assertEquals(0.5, r.precision(2), 1e-15);
        assertEquals(0.5, r.recall(2), 1e-15);
        // mean over the rows of log Σ exp(x) − x[label], worked out in Python from the definition:
        // rows (9,0,0)→0 … (4,2,1)→1: 1.201430784150814
        assertEquals(1.201430784150814, r.loss(), 1e-6);
    }

    @Test
    void regressionMetricsByHand() {
        Sequential m = Sequential.fromSpec("linear:1:1");
        m.loadStateDict(Map.of("0.weight", Tensor.matrix(new float[][] {{2}}), "0.bias", Tensor.of(new float[] {1}, 1)));
        // predictions 1, 3, 5, 7 against targets 1, 2, 5, 9: errors 0, 1, 0, −2
        Dataset d = ArrayDataset.regression("hand", new float[] {0, 1, 2, 3}, 1, new float[] {1, 2, 5, 9}, 1);
        RegressionReport r = Evaluation.regression(m, d);
        assertEquals(5.0 / 4, r.mse(), 1e-7);
        assertEquals(3.0 / 4, r.mae(), 1e-7);
        // mean 4.25; SS_tot = 10.5625 + 5.0625 + 0.5625 + 22.5625 = 38.75; R² = 1 − 5/38.75
        assertEquals(1 - 5 / 38.75, r.r2(), 1e-7);
        assertEquals("classification report: hand is a regression set",
                assertThrows(SomaException.class, () -> Evaluation.classification(m, d)).getMessage());
        assertEquals("model expects 3 inputs but hand has 1 features",
                assertThrows(SomaException.class, () -> Evaluation.regression(argmax(), d)).getMessage());
    }
}
