package dev.soma.nn.norm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import dev.soma.nn.Sequential;
import dev.soma.nn.StageChecks;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayerNormTest {
    static LayerNorm perturbed(LayerNorm ln, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        if (ln.weight() != null) {
            for (int i = 0; i < ln.weight().numel(); i++) {
                ln.weight().setFlat(i, 0.5 + rng.nextDouble());
                ln.bias().setFlat(i, rng.nextGaussian() * 0.3);
            }
        }
        return ln;
    }

    @Test
    void stageMatchesGraphInEveryConfiguration() {
        StageChecks.assertStageMatchesGraph(perturbed(new LayerNorm(6), 1), new int[] {6}, 5, 21);
        StageChecks.assertStageMatchesGraph(perturbed(new LayerNorm(4), 2), new int[] {3, 4}, 4, 22);
        StageChecks.assertStageMatchesGraph(perturbed(new LayerNorm(3, 5), 3), new int[] {2, 3, 5}, 3, 23);
        StageChecks.assertStageMatchesGraph(perturbed(new LayerNorm(new int[] {7}, 1e-3, false), 4),
                new int[] {7}, 6, 24);
        LayerNorm frozen = perturbed(new LayerNorm(5), 5);
        frozen.freeze("bias");
        StageChecks.assertStageMatchesGraph(frozen, new int[] {5}, 2, 25);
    }

    @Test
    void workedExample() {
        // row 1 2 3 6: mean 3, biased variance 3.5
        LayerNorm ln = new LayerNorm(4);
        Tensor y = ln.forward(Tensor.of(new float[] {1, 2, 3, 6}, 1, 4), true);
        double s = Math.sqrt(3.5 + 1e-5);
        assertArrayEquals(new float[] {(float) (-2 / s), (float) (-1 / s), 0f, (float) (3 / s)}, y.toFloatArray(),
                1e-6f);
    }

    @Test
    void gradientsAreCorrectInFloat64() {
        for (LayerNorm ln : List.of(perturbed(new LayerNorm(5), 1), perturbed(new LayerNorm(2, 3), 2),
                new LayerNorm(new int[] {4}, 1e-5, false))) {
            ln.to(DType.F64);
            int[] shape = ln.normalizedShape().length == 2 ? new int[] {3, 4, 2, 3} : new int[] {4, 3, ln.normalizedShape()[0]};
            BatchNormTest.checkGradients(ln, shape, true);
        }
    }

    @Test
    void specTokensReadBack() {
        Sequential net = Sequential.fromSpec("linear:4:6,layernorm,relu,layernorm:6:eps=0.001:noaffine", null, 1);
        assertEquals("linear:4:6,layernorm:6,relu,layernorm:6:eps=0.001:noaffine", net.spec());
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(net.stateDict().keySet()));
        assertEquals("LayerNorm([6], eps=0.001, elementwise_affine=False)", net.layers().get(3).describe());
        assertEquals("layernorm:8:4:4", Sequential.fromSpec("layernorm:8:4:4", null, 1, new int[] {8, 4, 4}).spec());
    }

    @Test
    void errorsNameTheLayerAndTheShapes() {
        assertEquals("LayerNorm([4, 5]) expects examples ending in [4, 5], got [3, 4, 6]",
                assertThrows(SomaException.class, () -> new LayerNorm(4, 5).outputShape(new int[] {3, 4, 6}))
                        .getMessage());
        assertEquals("LayerNorm([8]) expects examples ending in [8], got [6]",
                assertThrows(SomaException.class, () -> new LayerNorm(8).forward(Tensor.zeros(2, 6))).getMessage());
        assertEquals("LayerNorm: normalized_shape must be positive dimensions, got [0]",
                assertThrows(SomaException.class, () -> new LayerNorm(0)).getMessage());
        assertEquals("layer 'layernorm': expected layernorm:<d1>[:<d2>...] (the shape can be left out only when the "
                + "input shape is known)",
                assertThrows(SomaException.class, () -> Sequential.fromSpec("layernorm", null, 1)).getMessage());
    }
}
