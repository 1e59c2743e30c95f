package dev.soma.nn.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.autograd.GradCheck;
import dev.soma.nn.Initializers;
import dev.soma.nn.Losses;
import dev.soma.nn.Sequential;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The convolution and pooling layers under the engine's gradient check in float64: central differences against
 * autograd for every weight, bias and the input itself, ‖dθ − dθ_approx‖ / (‖dθ‖ + ‖dθ_approx‖) per tensor.
 */
class ConvGradCheckTest {
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = ';', value = {
        "conv:2:3:3;2,5,5",
        "conv:2:4:3:pad=1:stride=2;2,6,5",
        "conv:4:6:3:pad=2:dilation=2:groups=2;4,7,6",
        "conv:3:2:2:nobias;3,4,5",
        "conv:6:6:3:pad=1:groups=6;6,4,4",
        "conv:2:3:1:stride=2;2,5,5",
        "conv:2:3:3:pad=1,maxpool:2;2,6,6",
        "conv:2:3:3:pad=1,maxpool:3:stride=2:pad=1;2,7,7",
        "conv:2:3:3,avgpool:2;2,6,6",
        "conv:2:3:3:pad=1,avgpool:3:stride=2:pad=1:exclude_pad;2,5,5",
        "conv:2:3:3:pad=1,adaptiveavgpool:2:3;2,5,7",
        "conv:2:3:3:pad=1,globalavgpool;2,4,4",
        "conv:1:4:3:pad=1,relu,maxpool:2,conv:4:6:3:pad=1,tanh,maxpool:2,flatten,linear:24:3;1,8,8",
    })
    void gradientsAgreeWithCentralDifferences(String spec, String shape) {
        int[] example = java.util.Arrays.stream(shape.split(",")).mapToInt(Integer::parseInt).toArray();
        Sequential net = Sequential.fromSpec(spec, Initializers.normal(0.5), 17, example);
        net.to(DType.F64);
        int[] batch = new int[example.length + 1];
        batch[0] = 3;
        System.arraycopy(example, 0, batch, 1, example.length);
        Tensor x = Tensor.randn(DType.F64, new SplittableRandom(23), batch).requiresGrad(true);
        int[] out = net.outputShape(example);
        int[] outBatch = new int[out.length + 1];
        outBatch[0] = 3;
        System.arraycopy(out, 0, outBatch, 1, out.length);
        Tensor g = Tensor.randn(DType.F64, new SplittableRandom(29), outBatch);
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>(net.namedParameters());
        params.put("input", x);
        // a random linear functional of the output, so every output position carries its own weight
        GradCheck.Report r = GradCheck.check(() -> net.forward(x, true).mul(g).sum(), params, 1e-6);
        assertEquals(params.keySet(), r.errors().keySet());
        assertTrue(r.maxError() < 1e-7, spec + "\n" + r);
        assertTrue(r.wholeVectorError() < 1e-7, spec + " whole θ " + r.wholeVectorError());
    }

    @Test
    void smallCnnWithCrossEntropy() {
        Sequential net = Sequential.fromSpec("conv:1:3:3:pad=1,relu,maxpool:2,flatten,linear:12:3",
                Initializers.normal(0.5), 31, new int[] {1, 4, 4});
        net.to(DType.F64);
        Tensor x = Tensor.randn(DType.F64, new SplittableRandom(37), 5, 1, 4, 4);
        int[] labels = {0, 2, 1, 1, 0};
        GradCheck.Report r = GradCheck.check(() -> Losses.crossEntropy().compute(net.forward(x, true), labels),
                net.namedParameters(), 1e-6);
        assertTrue(r.maxError() < 1e-7, r.toString());
    }

    @Test
    void errorsNameTheLayerAndTheShapes() {
        SomaException e = assertThrows(SomaException.class,
                () -> Sequential.fromSpec("conv:32:64:3", null, 1, new int[] {16, 8, 8}));
        assertTrue(e.getMessage().contains("expects 32 input channels, got 16"), e.getMessage());
        e = assertThrows(SomaException.class, () -> Sequential.fromSpec("conv:1:4:5", null, 1, new int[] {1, 3, 3}));
        assertTrue(e.getMessage().contains("needs an input of at least 5×5"), e.getMessage());
        e = assertThrows(SomaException.class, () -> Sequential.fromSpec("maxpool:2", null, 1, new int[] {10}));
        assertTrue(e.getMessage().contains("expects examples [channels, height, width], got [10]"), e.getMessage());
        e = assertThrows(SomaException.class, () -> Sequential.fromSpec("conv:3:4:3:groups=2", null, 1));
        assertTrue(e.getMessage().contains("in_channels 3 and out_channels 4"), e.getMessage());
        Sequential net = Sequential.fromSpec("conv:2:3:3", null, 1);
        e = assertThrows(SomaException.class, () -> net.forward(Tensor.zeros(DType.F32, 1, 3, 5, 5)));
        assertTrue(e.getMessage().contains("expects 2 input channels, got 3"), e.getMessage());
    }

    @Test
    void outputShapesFollowPyTorchsFormula() {
        // ⌊(H + 2p − d(k − 1) − 1) / s⌋ + 1 per spatial axis
        Sequential net = Sequential.fromSpec("conv:3:8:5:stride=2:pad=1:dilation=2", null, 1, new int[] {3, 32, 30});
        assertArrayEquals(new int[] {8, 13, 12}, net.outputShape(new int[] {3, 32, 30}));
        assertArrayEquals(new int[] {8, 7, 6},
                Sequential.fromSpec("maxpool:3:stride=2:pad=1", null, 1).outputShape(new int[] {8, 13, 12}));
        assertArrayEquals(new int[] {64 * 7 * 7}, Sequential.fromSpec(
                "conv:1:32:3:pad=1,relu,maxpool:2,conv:32:64:3:pad=1,relu,maxpool:2,flatten", null, 1,
                new int[] {1, 28, 28}).outputShape(new int[] {1, 28, 28}));
    }
}
