package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.kernel.Activation;
import dev.soma.optim.Optimizer;
import dev.soma.optim.OptimizerConfig;
import dev.soma.optim.Optimizers;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitializersTest {
    private static double[] meanVar(String spec, int in, int out) {
        Tensor t = Tensor.zeros(DType.F64, out, in);
        Initializers.parse(spec).fill(t, in, out, new SplittableRandom(1));
        double m = 0;
        for (double v : t.toDoubleArray()) {
            m += v;
        }
        m /= t.numel();
        double var = 0;
        double max = 0;
        for (double v : t.toDoubleArray()) {
            var += (v - m) * (v - m);
            max = Math.max(max, Math.abs(v));
        }
        return new double[] {m, var / t.numel(), max};
    }

    @Test
    void variancesFollowTheFormulas() {
        int in = 400;
        int out = 200;
        assertEquals(2.0 / in, meanVar("he", in, out)[1], 0.02 * 2.0 / in);
        assertEquals(2.0 / in, meanVar("he_uniform", in, out)[1], 0.02 * 2.0 / in);
        assertEquals(2.0 / (in + out), meanVar("glorot", in, out)[1], 0.02 * 2.0 / (in + out));
        assertEquals(2.0 / (in + out), meanVar("glorot_normal", in, out)[1], 0.02 * 2.0 / (in + out));
        assertEquals(1.0 / in, meanVar("lecun", in, out)[1], 0.02 / in);
        assertEquals(1.0 / 3, meanVar("uniform", in, out)[1], 0.01);
        assertTrue(meanVar("uniform", in, out)[2] <= 1.0);
        assertEquals(0.0001, meanVar("normal:0.01", in, out)[1], 0.000003);
        assertEquals(0.0, meanVar("zeros", in, out)[2], 0.0);
        assertEquals(0.5, meanVar("constant:0.5", in, out)[0], 0.0);
        assertTrue(meanVar("he_uniform", in, out)[2] <= Math.sqrt(6.0 / in));
    }

    @Test
    void seededAndDefaultsFollowTheActivation() {
        Tensor a = Tensor.zeros(3, 5);
        Tensor b = Tensor.zeros(3, 5);
        Initializers.heNormal().fill(a, 5, 3, new SplittableRandom(9));
        Initializers.heNormal().fill(b, 5, 3, new SplittableRandom(9));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
        assertEquals("he_normal", Initializers.defaultFor(Activation.relu()).spec());
        assertEquals("he_normal", Initializers.defaultFor(Activation.leakyRelu()).spec());
        assertEquals("glorot_uniform", Initializers.defaultFor(Activation.tanh()).spec());
        assertEquals("glorot_uniform", Initializers.defaultFor(Activation.sigmoid()).spec());
    }

    /** The tutorials' symmetry problem: with a constant init all hidden units compute and learn the same thing. */
    @Test
    void constantInitKeepsHiddenUnitsIdentical() {
        Sequential net = Sequential.fromSpec("linear:3:4,sigmoid,linear:4:2", Initializers.constant(0.3), 0);
        Optimizer sgd = Optimizers.create("sgd", net.parameters(), new OptimizerConfig().lr(0.5));
        Tensor x = Tensor.randn(DType.F32, new SplittableRandom(4), 16, 3);
        int[] y = new int[16];
        for (int i = 0; i < y.length; i++) {
            y[i] = x.get(i, 0) > 0 ? 1 : 0;
        }
        for (int step = 0; step < 200; step++) {
            sgd.zeroGrad();
            Losses.crossEntropy().compute(net.forward(x), y).backward();
            sgd.step();
        }
        Tensor w = net.stateDict().get("0.weight");
        assertTrue(Math.abs(w.get(0, 0) - 0.3) > 1e-3, "the weights did train");
        for (int unit = 1; unit < 4; unit++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(w.get(0, k), w.get(unit, k), 0.0, "hidden unit " + unit);
            }
        }
        Sequential random = Sequential.fromSpec("linear:3:4,sigmoid,linear:4:2", null, 0);
        Tensor r = random.stateDict().get("0.weight");
        assertTrue(r.get(0, 0) != r.get(1, 0), "random init breaks the symmetry");
    }
}
