package dev.soma.autograd;

import static dev.soma.autograd.GradTesting.awayFrom;
import static dev.soma.autograd.GradTesting.check;
import static dev.soma.autograd.GradTesting.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.kernel.Activation;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gradient checks of every activation, PReLU (input and slope), softmax and log-softmax along every axis. */
class ActivationsGradTest {
    /** Where some activation has a kink (relu family at 0, SQNL at ±2): inputs stay 0.05 away. */
    static final double[] KINKS = {0, -2, 2};

    @AfterAll
    static void report() {
        System.out.println("worst gradient-check error so far: " + GradTesting.worstSoFar());
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu:0.2", "elu", "elu:0.5",
            "selu", "gelu", "silu", "softplus", "arctan", "sqnl"})
    void everyActivation(String spec) {
        Activation f = Activation.parse(spec);
        // standard deviation 2: both sides of every kink and SQNL's saturated tails are exercised
        check(spec, t -> t[0].apply(f), awayFrom(spec.hashCode(), 2.0, 0.05, KINKS, 4, 6));
        check(spec + "(view)", t -> t[0].t().apply(f), awayFrom(spec.hashCode() + 1, 2.0, 0.05, KINKS, 4, 6));
        check(spec + "(rank3)", t -> t[0].apply(f), awayFrom(spec.hashCode() + 2, 2.0, 0.05, KINKS, 2, 3, 2));
    }

    @Test
    void tensorShortcuts() {
        check("relu()", t -> t[0].relu(), awayFrom(1, 0.05, KINKS, 3, 3));
        check("sigmoid()", t -> t[0].sigmoid(), randn(2, 3, 3));
        check("tanh()", t -> t[0].tanh(), randn(3, 3, 3));
    }

    @Test
    void preluInputAndSlope() {
        Tensor x = awayFrom(10, 0.05, KINKS, 5, 4);
        check("prelu(shared)", t -> Activations.prelu(t[0], t[1]), x, Tensor.of(new double[] {0.25}, 1));
        check("prelu(per feature)", t -> t[0].prelu(t[1]), awayFrom(11, 0.05, KINKS, 5, 4), randn(12, 4));
        check("prelu(rank3)", t -> t[0].prelu(t[1]), awayFrom(13, 0.05, KINKS, 2, 3, 4), randn(14, 4));
        check("prelu(view)", t -> t[0].t().prelu(t[1]), awayFrom(15, 0.05, KINKS, 4, 5), randn(16, 4));
    }

    @Test
    void preluValuesAndSlopeGradient() {
        for (DType type : DType.values()) {
            Tensor x = Tensor.of(new double[] {-2, 3, 1, -4}, 2, 2).to(type).requiresGrad(true);
            Tensor a = Tensor.of(new double[] {0.5, 0.25}, 2).to(type).requiresGrad(true);
            Tensor y = x.prelu(a);
            assertArrayEquals(new double[] {-1, 3, 1, -1}, y.toDoubleArray());
            y.sum().backward();
            assertArrayEquals(new double[] {0.5, 1, 1, 0.25}, x.grad().toDoubleArray());
            assertArrayEquals(new double[] {-2, -4}, a.grad().toDoubleArray());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, -1})
    void softmaxAndLogSoftmaxAlongEachAxis(int axis) {
        check("softmax" + axis, t -> t[0].softmax(axis), randn(20 + axis, 2, 3, 4));
        check("logSoftmax" + axis, t -> t[0].logSoftmax(axis), randn(30 + axis, 2, 3, 4));
        check("softmax(view)" + axis, t -> t[0].transpose(0, 1).softmax(axis), randn(40 + axis, 2, 3, 4));
        check("logSoftmax(view)" + axis, t -> t[0].transpose(1, 2).logSoftmax(axis), randn(50 + axis, 2, 3, 4));
    }

    @Test
    void softmaxOfVectorsAndMatrices() {
        check("softmax(vector)", t -> t[0].softmax(0), randn(60, 5));
        check("logSoftmax(vector)", t -> t[0].logSoftmax(-1), randn(61, 5));
        check("softmax(matrix,0)", t -> t[0].softmax(0), randn(62, 3, 5));
        check("logSoftmax(matrix,1)", t -> t[0].logSoftmax(1), randn(63, 3, 5));
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        for (DType type : DType.values()) {
            Tensor x = Tensor.of(new double[] {1000, 1001, 1002, -1000, -1001, -1002}, 2, 3).to(type);
            double[] p = x.softmax(1).toDoubleArray();
            double[] lp = x.logSoftmax(1).toDoubleArray();
            double e1 = Math.exp(-1);
            double e2 = Math.exp(-2);
            double z = 1 + e1 + e2;
            double[] want = {e2 / z, e1 / z, 1 / z, 1 / z, e1 / z, e2 / z};
            double tol = type == DType.F32 ? 1e-6 : 1e-15;
            for (int i = 0; i < 6; i++) {
                assertEquals(want[i], p[i], tol, type + " softmax " + i);
                assertEquals(Math.log(want[i]), lp[i], type == DType.F32 ? 1e-4 : 1e-12, type + " logSoftmax " + i);
            }
        }
    }
}
