package dev.soma.autograd;

import static dev.soma.autograd.GradTesting.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** GradCheck itself: it must catch wrong backward rules, big and small, and name the parameter at fault. */
class GradCheckTest {

    /** y = x³ elementwise with a backward that uses the given (possibly wrong) derivative. */
    static Tensor cube(Tensor x, DoubleUnaryOperator derivative) {
        double[] xs = x.toDoubleArray();
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = xs[i] * xs[i] * xs[i];
        }
        Tensor out = Tensor.of(ys, x.shape());
        return Graph.record(out, new GradFn("cube", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                double[] gs = g.toDoubleArray();
                double[] r = new double[xs.length];
                for (int i = 0; i < xs.length; i++) {
                    r[i] = gs[i] * derivative.applyAsDouble(xs[i]);
                }
                return new Tensor[] {Tensor.of(r, x.shape())};
            }
        });
    }

    @Test
    void correctCustomBackwardPasses() {
        Tensor x = randn(1, 3, 4);
        Tensor w = randn(2, 3, 4);
        GradCheck.Report r = GradCheck.check(() -> cube(x, v -> 3 * v * v).mul(w).sum(), List.of(x));
        assertTrue(r.maxError() < 1e-8, r.toString());
    }

    @Test
    void wrongDerivativeIsCaught() {
        Tensor x = randn(1, 3, 4);
        Tensor w = randn(2, 3, 4);
        // 2x² instead of 3x²: off by a third, relative error (3 − 2)/(3 + 2) = 0.2 exactly
        GradCheck.Report r = GradCheck.check(() -> cube(x, v -> 2 * v * v).mul(w).sum(), List.of(x));
        assertEquals(0.2, r.maxError(), 1e-6);
    }

    @Test
    void slightlyWrongDerivativeIsCaughtToo() {
        Tensor x = randn(3, 3, 4);
        // 0.01 % too large: relative error ≈ 5e-5, far above the 1e-6 bound
        GradCheck.Report r = GradCheck.check(() -> cube(x, v -> 3.0003 * v * v).sum(), List.of(x));
        assertTrue(r.maxError() > 1e-5, r.toString());
        assertTrue(r.maxError() < 1e-4, r.toString());
    }

    @Test
    void wrongDerivativeAtOnePointIsCaught() {
        Tensor x = Tensor.of(new double[] {0.5, 1.5, -1, 2}, 4);
        GradCheck.Report r = GradCheck.check(() -> cube(x, v -> v == 2 ? 11 : 3 * v * v).sum(), List.of(x));
        assertTrue(r.maxError() > 1e-2, r.toString());
    }

    @Test
    void theFaultyParameterIsNamed() {
        Tensor a = randn(4, 2, 3);
        Tensor b = randn(5, 2, 3);
        GradCheck.Report r = GradCheck.check(() -> cube(a, v -> -3 * v * v).add(b.exp()).sum(),
                Map.of("a", a, "b", b), 1e-6);
        assertEquals(1.0, r.errors().get("a"), 1e-6); // opposite sign: ‖2g‖ / 2‖g‖
        assertTrue(r.errors().get("b") < 1e-8, r.toString());
        assertTrue(r.toString().contains("a "), r.toString());
    }

    @Test
    void missingGradientCountsAsZero() {
        Tensor a = randn(6, 3);
        // the backward returns nothing for its input, so a.grad stays null while the true gradient is not zero
        GradCheck.Report r = GradCheck.check(() -> {
            Tensor y = Tensor.of(a.toDoubleArray(), 3);
            return Graph.record(y, new GradFn("lost", a) {
                @Override
                protected Tensor[] backward(Tensor g) {
                    return new Tensor[] {null};
                }
            }).sum();
        }, List.of(a));
        assertEquals(1.0, r.maxError(), 1e-9);
    }

    @Test
    void refusesFloat32Parameters() {
        Tensor p = randn(7, 2).to(dev.soma.tensor.DType.F32);
        SomaException e = assertThrows(SomaException.class, () -> GradCheck.check(() -> p.sum(), Map.of("w", p), 1e-6));
        assertEquals("gradcheck: parameter 'w' is float32; central differences need float64", e.getMessage());
    }
}
