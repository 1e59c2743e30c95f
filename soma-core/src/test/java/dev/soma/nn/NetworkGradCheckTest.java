package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.kernel.Activation;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The engine's gradient check on networks built from these modules, with every activation (float64). */
class NetworkGradCheckTest {
    @ParameterizedTest
    @ValueSource(strings = {"identity", "sigmoid", "tanh", "relu", "leaky_relu:0.1", "elu", "selu", "gelu", "silu",
            "softplus", "arctan", "sqnl", "prelu"})
    void threeLayerNetworkWithEachActivation(String act) {
        Sequential net = Sequential.fromSpec("linear:3:5," + act + ",linear:5:4," + act + ",linear:4:3",
                Initializers.normal(0.7), 11);
        net.to(DType.F64);
        SplittableRandom rng = new SplittableRandom(5);
        Tensor x = Tensor.randn(DType.F64, rng, 6, 3);
        int[] labels = {0, 1, 2, 2, 1, 0};
        LinkedHashMap<String, Tensor> params = net.namedParameters();
        GradCheck.Report r = GradCheck.check(() -> Losses.crossEntropy().compute(net.forward(x), labels), params, 1e-6);
        assertTrue(r.maxError() < 1e-6, act + "\n" + r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "mae", "huber", "bce", "bce_logits", "categorical_cross_entropy", "cross_entropy",
            "hinge", "multi_hinge"})
    void networkWithEachLoss(String name) {
        Loss loss = Losses.parse(name);
        boolean binary = name.equals("bce") || name.equals("bce_logits") || name.equals("hinge");
        String head = name.equals("bce") ? ",sigmoid" : name.equals("categorical_cross_entropy") ? ",softmax" : "";
        Sequential net = Sequential.fromSpec("linear:3:5,tanh,linear:5:" + (binary ? 1 : 3) + head, Initializers.normal(0.7), 2);
        net.to(DType.F64);
        SplittableRandom rng = new SplittableRandom(8);
        Tensor x = Tensor.randn(DType.F64, rng, 6, 3);
        // unbalanced labels: with every margin active and each class twice, the output-bias gradient of multi_hinge
        // is exactly 0 and a relative error of numerical noise against 0 is meaningless
        int[] labels = binary ? new int[] {0, 1, 1, 0, 1, 0} : new int[] {0, 1, 2, 2, 1, 1};
        Tensor targets = Tensor.randn(DType.F64, rng, 6, 3);
        boolean regression = name.equals("mse") || name.equals("mae") || name.equals("huber");
        GradCheck.Report r = GradCheck.check(() -> regression ? loss.compute(net.forward(x), targets)
                : loss.compute(net.forward(x), labels), net.namedParameters(), 1e-6);
        assertTrue(r.maxError() < 1e-6, name + "\n" + r);
    }

    @Test
    void networkWithDropoutInEvalModeAndBceOnSigmoid() {
        Sequential net = Sequential.fromSpec("linear:4:6,tanh,dropout:0.5,linear:6:1,sigmoid", null, 3);
        net.to(DType.F64);
        net.eval();
        Tensor x = Tensor.randn(DType.F64, new SplittableRandom(9), 5, 4);
        int[] y = {1, 0, 0, 1, 1};
        GradCheck.Report r = GradCheck.check(() -> Losses.bce().compute(net.forward(x), y), net.namedParameters(), 1e-6);
        assertTrue(r.maxError() < 1e-6, r.toString());
    }

    @Test
    void fusedLinearActivationGivesTheSameNumbersAsSeparateLayers() {
        for (String act : Activation.NAMES) {
            if (act.equals("linear")) {
                continue; // "linear" alone is the identity, written "identity" in specs
            }
            Sequential net = Sequential.fromSpec("linear:8:16," + act + ",linear:16:4", null, 1);
            Tensor x = Tensor.randn(DType.F32, new SplittableRandom(2), 10, 8);
            Tensor fused = net.predict(x);
            Linear l0 = (Linear) net.layers().get(0);
            Tensor h = ((ActivationLayer) net.layers().get(1)).forward(l0.forward(x, false), false);
            Tensor separate = net.layers().get(2).forward(h, false);
            assertArrayEquals(separate.toFloatArray(), fused.toFloatArray(), 0f, act);
        }
    }
}
