package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tutorials' names and forms next to PyTorch's: "Xavier" as tutorial 004 means it, and the loss reductions. */
class TutorialNamesTest {
    @Test
    void tutorialXavierIsLecunNormal() {
        Tensor a = Tensor.zeros(DType.F64, 200, 400);
        Tensor b = Tensor.zeros(DType.F64, 200, 400);
        Initializers.parse("tutorial_xavier").fill(a, 400, 200, new SplittableRandom(7));
        Initializers.parse("lecun_normal").fill(b, 400, 200, new SplittableRandom(7));
        assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), 0);
        assertEquals("lecun_normal", Initializers.parse("tutorial_xavier").spec());
        double s = 0;
        for (double v : a.toDoubleArray()) {
            s += v * v;
        }
        // N(0, 1/n[l−1]) with n[l−1] = 400: variance 0.0025 (80,000 draws: standard error 1.3e-5)
        assertEquals(1.0 / 400, s / a.numel(), 1e-4);
        // PyTorch's xavier_normal is Glorot's N(0, 2/(in+out)) = N(0, 1/300) here
        Tensor g = Tensor.zeros(DType.F64, 200, 400);
        Initializers.parse("xavier_normal").fill(g, 400, 200, new SplittableRandom(7));
        double sg = 0;
        for (double v : g.toDoubleArray()) {
            sg += v * v;
        }
        assertEquals(1.0 / 300, sg / g.numel(), 1e-4);
    }

    @Test
    void mazurErrorWithEachReduction() {
        // Mazur's outputs after the forward pass and his targets; E_total = Σ½(t − o)² = 0.298371109
        Tensor o = Tensor.of(new double[] {0.75136507, 0.772928465}, 1, 2).requiresGrad(true);
        Tensor t = Tensor.of(new double[] {0.01, 0.99}, 1, 2);
        double eTotal = 0.298371109;
        assertEquals(eTotal, Losses.parse("mse").compute(o, t).item(), 1e-9); // mean of 2 values = Σ½
        assertEquals(2 * eTotal, Losses.parse("mse:sum").compute(o, t).item(), 2e-9);
        assertEquals(2 * eTotal, Losses.parse("mse:batchmean").compute(o, t).item(), 2e-9);
        // over a batch of two identical examples: sum doubles, batchmean and mean do not
        Tensor o2 = Tensor.of(new double[] {0.75136507, 0.772928465, 0.75136507, 0.772928465}, 2, 2);
        Tensor t2 = Tensor.of(new double[] {0.01, 0.99, 0.01, 0.99}, 2, 2);
        assertEquals(4 * eTotal, Losses.parse("mse:sum").compute(o2, t2).item(), 4e-9);
        assertEquals(2 * eTotal, Losses.parse("mse:batchmean").compute(o2, t2).item(), 2e-9);
        assertEquals(eTotal, Losses.parse("mse:mean").compute(o2, t2).item(), 1e-9);
        // gradient of the summed form: ∂/∂o (o − t)² = 2(o − t); Mazur's ∂E/∂out_o1 = 0.74136507 is half of it
        Losses.parse("mse:sum").compute(o, t).backward();
        assertEquals(2 * 0.74136507, o.grad().getFlat(0), 1e-8);
        assertEquals(2 * -0.217071535, o.grad().getFlat(1), 1e-8);
        assertEquals("mse:sum", Losses.parse("mse:sum").name());
        assertEquals("huber:0.5:batchmean", Losses.parse("huber:0.5:batchmean").name());
        assertEquals("categorical_cross_entropy", Losses.parse("categorical_cross_entropy:batchmean").name());
        assertEquals("loss 'cross_entropy:sum': cross_entropy has no reduction option; expected one of mse, mae, "
                + "huber, bce, bce_logits, categorical_cross_entropy, hinge before :sum",
                assertThrows(SomaException.class, () -> Losses.parse("cross_entropy:sum")).getMessage());
    }
}
