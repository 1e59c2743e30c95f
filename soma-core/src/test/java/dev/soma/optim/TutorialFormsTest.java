package dev.soma.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.tensor.DType;
import org.junit.jupiter.api.Test;

/**
 * Tutorial 004's (Andrew Ng's) forms of momentum, RMSprop and learning-rate decay, against their formulas worked by
 * hand, and the stated relation between the tutorial's momentum and PyTorch's.
 */
class TutorialFormsTest {
    @Test
    void tutorialMomentumFirstStepsByHand() {
        // θ = (1, −2), g = (0.5, −0.25) constant, β = 0.9, α = 0.1:
        // v1 = 0.1·g, θ1 = θ − 0.01·g; v2 = 0.9·0.1·g + 0.1·g = 0.19·g, θ2 = θ1 − 0.019·g
        OptimizerConfig cfg = new OptimizerConfig().lr(0.1).momentum(0.9).emaMomentum(true);
        OptimizerStepTest.check(new double[] {1 - 0.01 * 0.5, -2 + 0.01 * 0.25}, "momentum", cfg, 1, 1e-15);
        OptimizerStepTest.check(new double[] {1 - 0.029 * 0.5, -2 + 0.029 * 0.25}, "momentum", cfg, 2, 1e-15);
    }

    @Test
    void tutorialMomentumIsPytorchMomentumWithTheRateTimesOneMinusBeta() {
        double beta = 0.9;
        double alpha = 0.05;
        double[] tutorial = TorchOptimizerParityTest.soma("momentum",
                new OptimizerConfig().lr(alpha).momentum(beta).emaMomentum(true), DType.F64);
        double[] pytorch = TorchOptimizerParityTest.soma("momentum",
                new OptimizerConfig().lr(alpha * (1 - beta)).momentum(beta), DType.F64);
        assertArrayEquals(pytorch, tutorial, 1e-12);
        // PyTorch's dampening d = β is another rule: its first buffer is g, not (1 − β)·g
        double[] damped = TorchOptimizerParityTest.soma("momentum",
                new OptimizerConfig().lr(alpha).momentum(beta).dampening(beta), DType.F64);
        assertTrue(Math.abs(damped[0] - tutorial[0]) > 1e-3, "dampening differs: " + damped[0] + " vs " + tutorial[0]);
    }

    @Test
    void tutorialMomentumRefusesNesterovAndDampening() {
        assertEquals("the tutorials' momentum form (v ← μv + (1 − μ)g) is defined for classical momentum only, not "
                + "Nesterov's", assertThrows(SomaException.class, () -> TorchOptimizerParityTest.soma("nesterov",
                        new OptimizerConfig().momentum(0.9).emaMomentum(true), DType.F64)).getMessage());
        assertThrows(SomaException.class, () -> TorchOptimizerParityTest.soma("momentum",
                new OptimizerConfig().momentum(0.9).dampening(0.5).emaMomentum(true), DType.F64));
    }

    @Test
    void rmspropBetaIsTheSmoothingConstant() {
        // β = 0.5: s = 0.5·g², θ ← θ − 0.01·g/(√s + ε) = θ − 0.01·√2·sign(g) (up to ε)
        OptimizerConfig cfg = new OptimizerConfig().lr(0.01).alpha(0.5);
        OptimizerStepTest.check(new double[] {1 - 0.01 * 0.5 / (Math.sqrt(0.5) * 0.5 + 1e-8),
            -2 + 0.01 * 0.25 / (Math.sqrt(0.5) * 0.25 + 1e-8)}, "rmsprop", cfg, 1, 1e-15);
        assertEquals("RMSprop's α (β in the tutorials) must be in [0, 1), got 1.0",
                assertThrows(SomaException.class, () -> new OptimizerConfig().alpha(1.0)).getMessage());
    }

    @Test
    void tutorialDecayLawsCountEpochsFromOne() {
        // epoch t = 0 is the tutorial's epoch_num 1
        double a0 = 0.2;
        assertEquals(0.1, Schedules.parse("tutorial_inverse:1").rate(0, 10, a0), 1e-15);
        assertEquals(0.2 / 3, Schedules.parse("tutorial_inverse:1").rate(1, 10, a0), 1e-15);
        assertEquals(0.2 / (1 + 0.5 * 4), Schedules.parse("tutorial_inverse:0.5").rate(3, 10, a0), 1e-15);
        assertEquals(0.95 * a0, Schedules.parse("tutorial_exp").rate(0, 10, a0), 1e-15);
        assertEquals(0.9025 * a0, Schedules.parse("tutorial_exp:0.95").rate(1, 10, a0), 1e-15);
        assertEquals(2 * a0, Schedules.parse("tutorial_sqrt:2").rate(0, 10, a0), 1e-15);
        assertEquals(2 / Math.sqrt(4) * a0, Schedules.parse("tutorial_sqrt:2").rate(3, 10, a0), 1e-15);
        // the PyTorch-style forms count from 0: the first epoch runs at α0
        assertEquals(a0, Schedules.parse("inverse:1").rate(0, 10, a0), 0);
        for (String spec : new String[] {"tutorial_inverse:0.5", "tutorial_exp:0.95", "tutorial_sqrt:2.0"}) {
            assertEquals(spec, Schedules.parse(spec).spec());
        }
        assertEquals("tutorial_exp: expected a finite number ≥ 0, got -0.5",
                assertThrows(SomaException.class, () -> Schedules.parse("tutorial_exp:-0.5")).getMessage());
    }
}
