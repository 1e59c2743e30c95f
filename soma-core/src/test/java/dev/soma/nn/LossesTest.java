package dev.soma.nn;

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

/** Loss values against PyTorch 1.13 (torch.nn.functional, float64) and gradient checks. */
class LossesTest {
    static Tensor o() {
        return Tensor.matrix(new double[][] {{0.2, -1.5, 3.0}, {1.2, 0.4, -0.7}});
    }

    static Tensor t() {
        return Tensor.matrix(new double[][] {{0.0, -1.0, 2.0}, {2.0, 0.5, -0.7}});
    }

    static final Tensor P = Tensor.matrix(new double[][] {{0.9, 0.2}, {0.3, 0.6}});
    static final Tensor ONE_HOT = Tensor.matrix(new double[][] {{1, 0}, {0, 1}});

    @Test
    void regressionLossesMatchPyTorch() {
        assertEquals(0.32333333333333336, Losses.mse().compute(o(), t()).item(), 1e-15);
        assertEquals(0.43333333333333335, Losses.mae().compute(o(), t()).item(), 1e-15);
        assertEquals(0.16166666666666668, Losses.huber(1.0).compute(o(), t()).item(), 1e-15);
    }

    @Test
    void binaryCrossEntropyMatchesPyTorch() {
        assertEquals(0.2990011586691898, Losses.bce().compute(P, ONE_HOT).item(), 1e-15);
        Tensor z = Tensor.matrix(new double[][] {{2.0, -1.0}, {-30.0, 40.0}});
        assertEquals(0.11004742464032224, Losses.bceWithLogits().compute(z, ONE_HOT).item(), 1e-15);
    }

    @Test
    void bceOnLogitsIsStableForHugeLogits() {
        Tensor z = Tensor.matrix(new double[][] {{1000.0}, {-1000.0}});
        Tensor y = Tensor.matrix(new double[][] {{0.0}, {1.0}});
        assertEquals(1000.0, Losses.bceWithLogits().compute(z, y).item(), 1e-12);
        Tensor zf = Tensor.matrix(new float[][] {{1000f}, {-1000f}});
        assertEquals(1000.0, Losses.bceWithLogits().compute(zf, new int[] {0, 1}).item(), 1e-3);
    }

    @Test
    void bceOnProbabilitiesClampsTheLogLikePyTorch() {
        Tensor p = Tensor.matrix(new double[][] {{0.0}});
        assertEquals(100.0, Losses.bce().compute(p, new int[] {1}).item(), 1e-12);
    }

    @Test
    void crossEntropyOnLogitsAndOnProbabilitiesAgreeWithPyTorch() {
        int[] labels = {2, 0};
        assertEquals(0.2693824683213431, Losses.crossEntropy().compute(o(), labels).item(), 1e-14);
        Tensor probs = o().softmax(1);
        assertEquals(0.2693824683213431, Losses.categoricalCrossEntropy().compute(probs, labels).item(), 1e-14);
    }

    @Test
    void hingeLossesMatchPyTorch() {
        assertEquals(0.03333333333333335, Losses.multiHinge().compute(o(), new int[] {2, 0}).item(), 1e-15);
        Tensor s = Tensor.matrix(new double[][] {{0.3}, {-2.0}, {1.5}});
        // labels 1, 0, 0 are the targets +1, −1, −1
        assertEquals(1.0666666666666667, Losses.hinge().compute(s, new int[] {1, 0, 0}).item(), 1e-15);
    }

    @Test
    void penaltiesHaveTheTutorialForm() {
        Tensor w = Tensor.matrix(new double[][] {{1, -2}, {3, 0}});
        // λ/(2m)·Σθ² = 0.5/(2·4)·14 ; λ/m·Σ|θ| = 0.5/4·6
        assertEquals(0.875, Penalties.l2(List.of(w), 0.5, 4).item(), 1e-15);
        assertEquals(0.75, Penalties.l1(List.of(w), 0.5, 4).item(), 1e-15);
        w.requiresGrad(true);
        Penalties.l2(List.of(w), 0.5, 4).backward();
        assertEquals(-0.25, w.grad().get(0, 1), 1e-15);
    }

    @Test
    void everyLossPassesTheGradientCheck() {
        SplittableRandom rng = new SplittableRandom(7);
        Tensor targetsReg = Tensor.randn(DType.F64, rng, 4, 3);
        Tensor probTargets = Tensor.uniform(DType.F64, rng, 0.05, 0.95, 4, 3);
        int[] labels = {0, 2, 1, 2};
        for (String name : Losses.NAMES) {
            Loss loss = Losses.parse(name);
            Tensor out = Tensor.randn(DType.F64, rng, 4, 3);
            GradCheck.Report r;
            switch (name) {
                case "bce":
                    Tensor logits = Tensor.randn(DType.F64, rng, 4, 3);
                    r = GradCheck.check(() -> loss.compute(logits.sigmoid(), probTargets), List.of(logits));
                    break;
                case "categorical_cross_entropy":
                    r = GradCheck.check(() -> loss.compute(out.softmax(1), labels), List.of(out));
                    break;
                case "cross_entropy":
                case "multi_hinge":
                case "hinge":
                    r = GradCheck.check(() -> loss.compute(out, labels), List.of(out));
                    break;
                case "bce_logits":
                    r = GradCheck.check(() -> loss.compute(out, probTargets), List.of(out));
                    break;
                default:
                    r = GradCheck.check(() -> loss.compute(out, targetsReg), List.of(out));
            }
            assertTrue(r.maxError() < 1e-6, name + ": " + r);
        }
    }

    @Test
    void penaltiesPassTheGradientCheck() {
        Tensor w = Tensor.randn(DType.F64, new SplittableRandom(3), 3, 4);
        assertTrue(GradCheck.check(() -> Penalties.l2(List.of(w), 0.3, 5), List.of(w)).maxError() < 1e-7);
        assertTrue(GradCheck.check(() -> Penalties.l1(List.of(w), 0.3, 5), List.of(w)).maxError() < 1e-7);
    }

    @Test
    void errorsSayWhatWasExpected() {
        assertEquals("mse: targets [2, 2] do not match outputs [2, 3]",
                assertThrows(SomaException.class, () -> Losses.mse().compute(o(), ONE_HOT)).getMessage());
        assertEquals("loss: label 3 at row 1 out of range [0, 3)",
                assertThrows(SomaException.class, () -> Losses.mse().compute(o(), new int[] {0, 3})).getMessage());
        assertTrue(assertThrows(SomaException.class, () -> Losses.parse("nope")).getMessage()
                .startsWith("unknown loss 'nope'; expected one of [mse, mae"));
    }
}
