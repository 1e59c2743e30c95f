package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Depth without non-linearity adds nothing; depth with sigmoids makes the first layers' gradients vanish. */
class DeepNetworksTest {
    @Test
    void allLinearDeepNetworkEqualsOneLinearLayer() {
        Sequential deep = Sequential.fromSpec("linear:3:5,identity,linear:5:4,linear:4:2", Initializers.normal(0.8), 3);
        deep.to(DType.F64);
        Map<String, Tensor> p = deep.stateDict();
        // y = W3(W2(W1x + b1) + b2) + b3 = (W3W2W1)x + (W3(W2b1 + b2) + b3)
        Tensor w = p.get("3.weight").matmul(p.get("2.weight")).matmul(p.get("0.weight"));
        Tensor b = p.get("3.weight").matmul(p.get("2.weight").matmul(p.get("0.bias").reshape(5, 1))
                .add(p.get("2.bias").reshape(4, 1))).reshape(2).add(p.get("3.bias"));
        Sequential single = Sequential.fromSpec("linear:3:2");
        single.to(DType.F64);
        single.loadStateDict(Map.of("0.weight", w.detach(), "0.bias", b.detach()));
        Tensor x = Tensor.randn(DType.F64, new SplittableRandom(1), 7, 3);
        assertArrayEquals(deep.predict(x).toDoubleArray(), single.predict(x).toDoubleArray(), 1e-12);
    }

    static LinkedHashMap<String, Double> weightGradNorms(String activation) {
        StringBuilder spec = new StringBuilder("linear:10:10");
        for (int i = 1; i < 20; i++) {
            spec.append(',').append(activation).append(",linear:10:10");
        }
        Sequential net = Sequential.fromSpec(spec.toString(), null, 5);
        net.to(DType.F64);
        Tensor x = Tensor.randn(DType.F64, new SplittableRandom(2), 32, 10);
        int[] y = new int[32];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 10;
        }
        Losses.crossEntropy().compute(net.forward(x), y).backward();
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        net.gradientNorms().forEach((k, v) -> {
            if (k.endsWith("weight")) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void twentyLayerSigmoidNetworkHasVanishingGradients() {
        LinkedHashMap<String, Double> norms = weightGradNorms("sigmoid");
        StringBuilder report = new StringBuilder("gradient norm per layer (sigmoid):\n");
        norms.forEach((k, v) -> report.append(String.format("  %-10s %.3e%n", k, v)));
        System.out.print(report);
        double first = norms.get("0.weight");
        double last = norms.get("38.weight");
        assertTrue(first < 1e-6 * last, report.toString());
        // it shrinks layer after layer going backwards (no layer of the first ten is larger than its successor's ×2)
        Double[] v = norms.values().toArray(new Double[0]);
        for (int i = 0; i < 10; i++) {
            assertTrue(v[i] < 2 * v[i + 1], report.toString());
        }
        LinkedHashMap<String, Double> relu = weightGradNorms("relu");
        assertTrue(relu.get("0.weight") > 1e-3 * relu.get("38.weight"), "He-initialized ReLU keeps them: " + relu);
    }
}
