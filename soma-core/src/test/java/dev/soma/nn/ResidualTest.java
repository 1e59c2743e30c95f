package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class ResidualTest {
    @Test
    void stageMatchesGraph() {
        StageChecks.assertStageMatchesGraph(Sequential.fromSpec("residual(linear:6:6,relu,linear:6:6)", null, 1),
                new int[] {6}, 5, 51);
        StageChecks.assertStageMatchesGraph(Sequential.fromSpec(
                "linear:5:4,residual(batchnorm1d:4,relu,dropout:0.3,linear:4:4),tanh", null, 2), new int[] {5}, 6, 52);
        StageChecks.assertStageMatchesGraph(Sequential.fromSpec(
                "residual(residual(linear:3:3,tanh),linear:3:3),residual(dropout:0.5)", null, 3), new int[] {3}, 4, 53);
        StageChecks.assertStageMatchesGraph(Sequential.fromSpec("residual(batchnorm2d:2,relu,dropout2d:0.4)", null, 4),
                new int[] {2, 3, 3}, 3, 54);
        StageChecks.assertStageMatchesGraph(Sequential.fromSpec("residual(relu)", null, 5), new int[] {4}, 3, 55);
    }

    @Test
    void projectionShortcuts() {
        Sequential flat = Sequential.fromSpec("linear:5:6,residual:proj(linear:6:4,relu,linear:4:4),tanh", null, 6);
        StageChecks.assertStageMatchesGraph(flat, new int[] {5}, 4, 56);
        assertEquals("linear:5:6,residual:proj(linear:6:4,relu,linear:4:4),tanh", flat.spec());
        assertEquals(List.of("0.weight", "0.bias", "1.body.0.weight", "1.body.0.bias", "1.body.2.weight",
                "1.body.2.bias", "1.shortcut.weight"), List.copyOf(flat.stateDict().keySet()));
        assertEquals("Residual(3 layers, Linear(6→4, no bias))", flat.layers().get(1).describe());
        Sequential images = Sequential.fromSpec("residual:proj(conv:2:4:3:stride=2:pad=1,batchnorm2d,relu,"
                + "conv:4:3:pad=1),relu", null, 7, new int[] {2, 7, 7});
        assertArrayEquals(new int[] {4, 4, 4}, images.outputShape(new int[] {2, 7, 7}));
        assertEquals("Residual(4 layers, Conv2d(2→4, 1×1, stride=2, no bias))", images.layers().get(0).describe());
        StageChecks.assertStageMatchesGraph(images, new int[] {2, 7, 7}, 3, 57);
        StageChecks.assertStageMatchesGraph(Sequential.fromSpec("residual:proj(linear:3:3)", null, 8, new int[] {3}),
                new int[] {3}, 2, 58);

        Sequential net = Sequential.fromSpec("residual:proj(linear:4:3,tanh),linear:3:2", Initializers.normal(0.7), 9,
                new int[] {4});
        net.to(DType.F64);
        Tensor x = Tensor.randn(DType.F64, new SplittableRandom(3), 5, 4);
        java.util.LinkedHashMap<String, Tensor> params = new java.util.LinkedHashMap<>(net.namedParameters());
        params.put("input", x);
        GradCheck.Report rep = GradCheck.check(() -> Losses.crossEntropy().compute(net.forward(x),
                new int[] {0, 1, 1, 0, 1}), params, 1e-6);
        assertTrue(rep.maxError() < 1e-7, rep.toString());
    }

    @Test
    void addsTheInputToTheBody() {
        Linear l = new Linear(2, 2);
        l.weight().copyFrom(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        l.bias().copyFrom(Tensor.of(new float[] {0.5f, -1}, 2));
        Residual r = new Residual(l);
        // x = [1, 1]: body = [1+2+0.5, 3+4-1] = [3.5, 6]; y = [4.5, 7]
        assertArrayEquals(new float[] {4.5f, 7f}, r.forward(Tensor.of(new float[] {1, 1}, 1, 2)).toFloatArray(), 0f);
        assertArrayEquals(new float[] {4.5f, 7f}, r.predict(Tensor.of(new float[] {1, 1}, 1, 2)).toFloatArray(), 0f);
    }

    @Test
    void stateDictNamesAreThoseOfTheTorchModuleWithABodyChild() {
        Sequential net = Sequential.fromSpec("linear:4:8,relu,residual(linear:8:8,batchnorm1d,relu,linear:8:8),linear:8:2",
                null, 1);
        assertEquals(List.of("0.weight", "0.bias", "2.body.0.weight", "2.body.0.bias", "2.body.1.weight",
                "2.body.1.bias", "2.body.1.running_mean", "2.body.1.running_var", "2.body.1.num_batches_tracked",
                "2.body.3.weight", "2.body.3.bias", "3.weight", "3.bias"), List.copyOf(net.stateDict().keySet()));
        assertEquals("linear:4:8,relu,residual(linear:8:8,batchnorm1d:8,relu,linear:8:8),linear:8:2", net.spec());
        assertEquals(net.spec(), Sequential.fromSpec(net.spec(), null, 1).spec());
        assertEquals(net.stateDict().keySet(), Sequential.fromSpec(net.spec(), null, 1).stateDict().keySet());
    }

    @Test
    void gradientCheckInFloat64() {
        Sequential net = Sequential.fromSpec("linear:3:4,tanh,residual(linear:4:4,tanh,linear:4:4),residual(layernorm:4),"
                + "linear:4:2", Initializers.normal(0.7), 3);
        net.to(DType.F64);
        Tensor x = Tensor.randn(DType.F64, new SplittableRandom(2), 5, 3);
        int[] y = {0, 1, 1, 0, 1};
        java.util.LinkedHashMap<String, Tensor> params = new java.util.LinkedHashMap<>(net.namedParameters());
        params.put("input", x);
        GradCheck.Report rep = GradCheck.check(() -> Losses.crossEntropy().compute(net.forward(x), y), params, 1e-6);
        assertTrue(rep.maxError() < 1e-7, rep.toString());
    }

    @Test
    void errors() {
        assertEquals("layer 1 'residual(linear:4:3)': Residual: the body maps examples of shape [4] to [3]; x + f(x) "
                + "needs the same shape (residual:proj(...) adds a projection)",
                assertThrows(SomaException.class, () -> Sequential.fromSpec("residual(linear:4:3)", null, 1))
                        .getMessage());
        assertEquals("layer 'residual': expected residual(<layers>), e.g. residual(linear:64:64,relu,linear:64:64)",
                assertThrows(SomaException.class, () -> Sequential.fromSpec("residual", null, 1)).getMessage());
        assertEquals("layer 'residual:proj(linear:4:3)': a projection shortcut needs the input shape, which is not "
                + "known here", assertThrows(SomaException.class, () -> Sequential.fromSpec("residual:proj(linear:4:3)",
                null, 1)).getMessage());
        assertEquals("layer 'residual:proj(conv:2:2:3)': Residual: no projection shortcut maps examples of shape "
                + "[2, 7, 7] to [2, 5, 5] (a linear layer maps [in] to [out], a strided 1×1 convolution [C, H, W] to "
                + "[C', H/s, W/s])", assertThrows(SomaException.class, () -> Sequential.fromSpec(
                "residual:proj(conv:2:2:3)", null, 1, new int[] {2, 7, 7})).getMessage());
        assertEquals("Residual: the body maps examples of shape [4] to [3]; x + f(x) needs the same shape "
                + "(residual:proj(...) adds a projection)",
                assertThrows(SomaException.class, () -> new Residual(new Linear(4, 3)).forward(Tensor.zeros(2, 4)))
                        .getMessage());
    }
}
