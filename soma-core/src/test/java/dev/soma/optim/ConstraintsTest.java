package dev.soma.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient clipping and the max-norm constraint. */
class ConstraintsTest {
    @Test
    void clipByValue() {
        Tensor p = Tensor.zeros(4).requiresGrad(true);
        p.setGrad(Tensor.of(new float[] {-3f, 0.2f, 0.7f, 5f}, 4));
        GradientClipping.byValue(List.of(p), 0.5);
        assertArrayEquals(new float[] {-0.5f, 0.2f, 0.5f, 0.5f}, p.grad().toFloatArray(), 0f);
    }

    @Test
    void clipByGlobalNormScalesAllGradientsTogether() {
        Tensor a = Tensor.zeros(DType.F64, 2).requiresGrad(true);
        Tensor b = Tensor.zeros(DType.F64, 1).requiresGrad(true);
        a.setGrad(Tensor.of(new double[] {3, 0}, 2));
        b.setGrad(Tensor.of(new double[] {4}, 1));
        double norm = GradientClipping.byGlobalNorm(List.of(a, b), 1.0);
        assertEquals(5.0, norm, 1e-15);
        double k = 1.0 / (5.0 + 1e-6);
        assertArrayEquals(new double[] {3 * k, 0}, a.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {4 * k}, b.grad().toDoubleArray(), 1e-15);
        GradientClipping.byGlobalNorm(List.of(a, b), 10.0);
        assertArrayEquals(new double[] {4 * k}, b.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void maxNormRescalesRowsAboveTheLimit() {
        Tensor w = Tensor.matrix(new double[][] {{3, 4}, {0.3, 0.4}}).requiresGrad(true);
        MaxNorm.apply(List.of(w), 2.0);
        assertArrayEquals(new double[] {1.2, 1.6, 0.3, 0.4}, w.toDoubleArray(), 1e-15);
    }
}
