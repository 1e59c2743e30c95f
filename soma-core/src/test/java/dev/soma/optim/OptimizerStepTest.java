package dev.soma.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer against steps computed by hand: θ = (1, −2) with the constant gradient g = (0.5, −0.25).
 * Adam's, Adagrad's and RMSprop's first steps are lr·sign(g) (up to ε); momentum accumulates b = g, then 1.9·g.
 */
class OptimizerStepTest {
    static double[] run(String name, OptimizerConfig cfg, int steps, DType dtype) {
        Tensor p = Tensor.of(new double[] {1.0, -2.0}, 2).to(dtype).requiresGrad(true);
        Optimizer opt = Optimizers.create(name, List.of(p), cfg);
        for (int i = 0; i < steps; i++) {
            p.setGrad(Tensor.of(new double[] {0.5, -0.25}, 2).to(dtype));
            opt.step();
        }
        return p.toDoubleArray();
    }

    static void check(double[] expected, String name, OptimizerConfig cfg, int steps, double tol) {
        assertArrayEquals(expected, run(name, cfg, steps, DType.F64), tol, name + " float64");
        // float32 parameters are updated in float32 arithmetic, as PyTorch does
        assertArrayEquals(expected, run(name, cfg, steps, DType.F32), Math.max(tol, 1e-6), name + " float32");
    }

    @Test
    void sgd() {
        check(new double[] {0.95, -1.975}, "sgd", new OptimizerConfig().lr(0.1), 1, 1e-15);
        check(new double[] {0.9, -1.95}, "sgd", new OptimizerConfig().lr(0.1), 2, 1e-15);
    }

    @Test
    void momentum() {
        // b1 = g, θ1 = θ − 0.1·g; b2 = 0.9·g + g = 1.9·g, θ2 = θ1 − 0.19·g
        check(new double[] {0.855, -1.9275}, "momentum", new OptimizerConfig().lr(0.1).momentum(0.9), 2, 1e-15);
    }

    @Test
    void nesterov() {
        // θ1 = θ − 0.1·(g + 0.9·g); θ2 = θ1 − 0.1·(g + 0.9·1.9·g)
        check(new double[] {0.7695, -1.88475}, "nesterov", new OptimizerConfig().lr(0.1).momentum(0.9), 2, 1e-15);
    }

    @Test
    void rmsprop() {
        // v = 0.01·g², step = g/(0.1·|g| + 1e-8) ≈ 10·sign(g)
        check(new double[] {1 - 0.01 * 0.5 / (0.05 + 1e-8), -2 + 0.01 * 0.25 / (0.025 + 1e-8)}, "rmsprop",
                new OptimizerConfig().lr(0.01), 1, 1e-15);
    }

    @Test
    void adamFirstStepIsLrTimesSign() {
        check(new double[] {0.9, -1.9}, "adam", new OptimizerConfig().lr(0.1), 1, 1e-7);
        // with a constant gradient m̂ = g and v̂ = g² at every step, so each step is again lr·sign(g)
        check(new double[] {0.7, -1.7}, "adam", new OptimizerConfig().lr(0.1), 3, 1e-7);
    }

    @Test
    void adamWDecaysDecoupled() {
        // θ ← θ·(1 − 0.1·0.01), then the Adam step
        check(new double[] {0.999 - 0.1, -1.998 + 0.1}, "adamw", new OptimizerConfig().lr(0.1).weightDecay(0.01), 1, 1e-7);
        // Adam's weight decay is coupled: g' = g + λθ = (0.51, −0.27), the first step is still lr·sign(g')
        check(new double[] {0.9, -1.9}, "adam", new OptimizerConfig().lr(0.1).weightDecay(0.02), 1, 1e-7);
    }

    @Test
    void adagrad() {
        double s = 0.1 / Math.sqrt(2);
        check(new double[] {0.9 - s, -1.9 + s}, "adagrad", new OptimizerConfig().lr(0.1), 2, 1e-9);
    }

    @Test
    void nadam() {
        // μ1 = 0.9·(1 − ½·0.96^0.004), μ2 = 0.9·(1 − ½·0.96^0.008); θ −= lr·sign(g)·(1 + 0.1·μ2/(1 − μ1·μ2))
        check(new double[] {0.8943548242773647, -1.894354826390268}, "nadam", new OptimizerConfig().lr(0.1), 1, 1e-12);
    }

    @Test
    void frozenParametersAreSkipped() {
        Tensor a = Tensor.of(new double[] {1.0}, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1.0}, 1).requiresGrad(true);
        Optimizer opt = Optimizers.create("sgd", List.of(a, b), new OptimizerConfig().lr(0.5));
        a.setGrad(Tensor.of(new double[] {1.0}, 1));
        b.setGrad(Tensor.of(new double[] {1.0}, 1));
        b.requiresGrad(false);
        opt.step();
        assertEquals(0.5, a.item(), 0.0);
        assertEquals(1.0, b.item(), 0.0);
        assertEquals(0, opt.steps(1));
    }

    @Test
    void stateRoundTripContinuesIdentically() {
        for (String name : Optimizers.NAMES) {
            Tensor p1 = Tensor.of(new float[] {1f, -2f, 0.5f}, 3).requiresGrad(true);
            Optimizer o1 = Optimizers.create(name, List.of(p1), new OptimizerConfig().lr(0.05));
            for (int i = 0; i < 3; i++) {
                p1.setGrad(Tensor.of(new float[] {0.3f * i, -0.2f, 0.1f}, 3));
                o1.step();
            }
            LinkedHashMap<String, Tensor> st = o1.state();
            Tensor p2 = p1.copy().requiresGrad(true);
            Optimizer o2 = Optimizers.create(name, List.of(p2), new OptimizerConfig().lr(0.05));
            o2.loadState(st);
            for (int i = 0; i < 3; i++) {
                Tensor g = Tensor.of(new float[] {0.1f, 0.4f * i, -0.3f}, 3);
                p1.setGrad(g);
                p2.setGrad(g.copy());
                o1.step();
                o2.step();
            }
            assertArrayEquals(p1.toFloatArray(), p2.toFloatArray(), 0f, name);
        }
    }
    /**
     * step(before) updates exactly as step() and leaves the values before the update in {@code before}, for every
     * optimizer, with coupled and decoupled weight decay, in float32 and float64; a frozen parameter is not copied.
     */
    @Test
    void stepWithBackupCopiesTheValuesBeforeTheUpdate() {
        for (String name : Optimizers.NAMES) {
            for (boolean decoupled : new boolean[] {false, true}) {
                for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                    OptimizerConfig cfg = new OptimizerConfig().lr(0.1).momentum(0.9).weightDecay(0.01)
                            .decoupled(decoupled);
                    Tensor p = Tensor.of(new double[] {1.0, -2.0, 0.5}, 3).to(dtype).requiresGrad(true);
                    Tensor q = Tensor.of(new double[] {1.0, -2.0, 0.5}, 3).to(dtype).requiresGrad(true);
                    Tensor frozen = Tensor.of(new double[] {3.0}, 1).to(dtype);
                    Optimizer plain = Optimizers.create(name, List.of(p), cfg.copy());
                    Optimizer saving = Optimizers.create(name, List.of(q, frozen), cfg.copy());
                    Tensor[] before = {Tensor.zeros(dtype, 3), Tensor.of(new double[] {-1.0}, 1).to(dtype)};
                    for (int t = 0; t < 3; t++) {
                        Tensor g = Tensor.of(new double[] {0.5, -0.25, 0.125 * t}, 3).to(dtype);
                        p.setGrad(g);
                        q.setGrad(g);
                        double[] old = q.toDoubleArray();
                        plain.step();
                        saving.step(before);
                        String what = name + (decoupled ? " decoupled " : " ") + dtype + " step " + t;
                        assertArrayEquals(p.toDoubleArray(), q.toDoubleArray(), 0.0, what);
                        assertArrayEquals(old, before[0].toDoubleArray(), 0.0, what + ": before");
                        assertArrayEquals(new double[] {-1.0}, before[1].toDoubleArray(), 0.0, what + ": frozen");
                    }
                }
            }
        }
    }
}
