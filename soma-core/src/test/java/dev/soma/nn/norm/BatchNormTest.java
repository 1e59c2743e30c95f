package dev.soma.nn.norm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.autograd.GradCheck;
import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.nn.StageChecks;
import dev.soma.nn.StageSpec;
import dev.soma.nn.Stage;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchNormTest {
    /** A module with its affine parameters moved off 1 and 0 and its running statistics off 0 and 1 (seeded). */
    static <M extends BatchNorm> M perturbed(M bn, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        if (bn.affine()) {
            for (int i = 0; i < bn.numFeatures(); i++) {
                bn.weight().setFlat(i, 0.5 + rng.nextDouble());
                bn.bias().setFlat(i, rng.nextGaussian() * 0.3);
            }
        }
        if (bn.tracksRunningStats()) {
            for (int i = 0; i < bn.numFeatures(); i++) {
                bn.runningMean().setFlat(i, rng.nextGaussian() * 0.2);
                bn.runningVar().setFlat(i, 0.5 + rng.nextDouble());
            }
        }
        return bn;
    }

    @Test
    void stageMatchesGraphInEveryConfiguration() {
        StageChecks.assertStageMatchesGraph(perturbed(new BatchNorm1d(5), 1), new int[] {5}, 7, 11);
        StageChecks.assertStageMatchesGraph(perturbed(new BatchNorm1d(3), 2), new int[] {3, 9}, 4, 12);
        StageChecks.assertStageMatchesGraph(perturbed(new BatchNorm1d(4, 1e-3, 0.3, false, true), 3),
                new int[] {4}, 6, 13);
        StageChecks.assertStageMatchesGraph(perturbed(new BatchNorm1d(4, 1e-5, null, true, true), 4),
                new int[] {4, 2}, 5, 14);
        StageChecks.assertStageMatchesGraph(perturbed(new BatchNorm1d(6, 1e-5, 0.1, true, false), 5),
                new int[] {6}, 3, 15);
        StageChecks.assertStageMatchesGraph(perturbed(new BatchNorm2d(3), 6), new int[] {3, 5, 7}, 4, 16);
        StageChecks.assertStageMatchesGraph(perturbed(new BatchNorm2d(8), 7), new int[] {8, 1, 1}, 2, 17);
        StageChecks.assertStageMatchesGraph(perturbed(new BatchNorm2d(2, 1e-5, 0.1, false, false), 8),
                new int[] {2, 3, 3}, 3, 18);
        BatchNorm2d frozen = perturbed(new BatchNorm2d(3), 9);
        frozen.freeze("weight");
        StageChecks.assertStageMatchesGraph(frozen, new int[] {3, 4, 4}, 2, 19);
    }

    @Test
    void compiledStageAllocatesNothingAfterTheFirstCall() {
        BatchNorm2d bn = perturbed(new BatchNorm2d(4), 3);
        Stage s = bn.compile(StageSpec.training(new int[] {4, 6, 6}, 16, true));
        float[] x = new float[16 * 144];
        float[] g = new float[16 * 144];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
            g[i] = (float) rng.nextGaussian();
        }
        s.forward(x, 16);
        s.backward(x, g, 16);
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 50; i++) {
            s.forward(x, 16 - i % 3);
            s.backward(x, g, 16 - i % 3);
        }
        long after = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        assertTrue(after - before < 1024, "allocated " + (after - before) + " bytes in 50 steps");
    }

    @Test
    void trainingUsesBatchStatisticsAndUpdatesTheRunningOnesAsTorch() {
        // channel 0 holds 1, 2, 3, 6 (mean 3, biased variance 3.5, unbiased 14/3); channel 1 holds 0, 0, 4, 4
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor x = Tensor.of(new float[] {1, 0, 2, 0, 3, 4, 6, 4}, 4, 2);
        Tensor y = bn.forward(x, true);
        double s0 = Math.sqrt(3.5 + 1e-5);
        double s1 = Math.sqrt(4 + 1e-5);
        assertArrayEquals(new float[] {(float) (-2 / s0), (float) (-2 / s1), (float) (-1 / s0), (float) (-2 / s1),
                0f, (float) (2 / s1), (float) (3 / s0), (float) (2 / s1)}, y.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.3f, 0.2f}, bn.runningMean().toFloatArray(), 1e-7f);
        assertArrayEquals(new float[] {(float) (0.9 + 0.1 * 14 / 3.0), (float) (0.9 + 0.1 * 16 / 3.0)},
                bn.runningVar().toFloatArray(), 1e-6f);
        assertEquals(1.0, bn.numBatchesTracked().item());
        // evaluation: the running statistics
        Tensor e = bn.forward(Tensor.of(new float[] {0.3f, 0.2f}, 1, 2), false);
        assertArrayEquals(new float[] {0f, 0f}, e.toFloatArray(), 1e-7f);
        assertEquals(1.0, bn.numBatchesTracked().item(), "evaluation does not count batches");
    }

    @Test
    void momentumNoneIsACumulativeAverage() {
        BatchNorm1d bn = new BatchNorm1d(1, 1e-5, null, true, true);
        bn.forward(Tensor.of(new float[] {1, 3}, 2, 1), true); // mean 2
        bn.forward(Tensor.of(new float[] {5, 7}, 2, 1), true); // mean 6
        assertArrayEquals(new float[] {4f}, bn.runningMean().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {2f}, bn.runningVar().toFloatArray(), 1e-6f); // unbiased 2 and 2
        assertEquals("batchnorm1d:1:momentum=none", bn.spec());
    }

    @Test
    void gradientsThroughTheBatchStatisticsAreCorrectInFloat64() {
        for (BatchNorm bn : List.of(perturbed(new BatchNorm1d(3), 1), perturbed(new BatchNorm2d(2), 2),
                perturbed(new BatchNorm1d(2, 1e-5, 0.1, false, false), 3))) {
            bn.to(DType.F64);
            int[] shape = bn instanceof BatchNorm2d ? new int[] {5, 2, 3, 2} : new int[] {6, bn.numFeatures()};
            checkGradients(bn, shape, true);
            checkGradients(bn, shape, false);
        }
    }

    static void checkGradients(Module m, int[] shape, boolean training) {
        SplittableRandom rng = new SplittableRandom(7);
        Tensor x = Tensor.randn(DType.F64, rng, shape);
        Tensor r = Tensor.randn(DType.F64, rng, Module.prepend(shape[0], m.outputShape(Module.exampleShape(shape))));
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>(m.namedParameters());
        params.put("input", x);
        GradCheck.Report rep = GradCheck.check(() -> m.forward(x, training).tanh().mul(r).sum(), params, 1e-6);
        assertTrue(rep.maxError() < 1e-7, m.describe() + (training ? " training" : " eval") + "\n" + rep);
    }

    @Test
    void specTokensReadBack() {
        Sequential net = Sequential.fromSpec("linear:4:6,batchnorm1d,relu,linear:6:2,batchnorm1d:2:eps=0.001:momentum=0.5"
                + ":noaffine:nostats", null, 1);
        assertEquals("linear:4:6,batchnorm1d:6,relu,linear:6:2,batchnorm1d:2:eps=0.001:momentum=0.5:noaffine:nostats",
                net.spec());
        assertEquals(net.spec(), Sequential.fromSpec(net.spec(), null, 1).spec());
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "3.weight", "3.bias"), List.copyOf(net.stateDict().keySet()));
        assertEquals("BatchNorm1d(2, eps=0.001, momentum=0.5, affine=False, track_running_stats=False)",
                net.layers().get(4).describe());
        Sequential img = Sequential.fromSpec("batchnorm2d", null, 1, new int[] {3, 8, 8});
        assertEquals("batchnorm2d:3", img.spec());
    }

    @Test
    void errorsNameTheLayerAndTheShapes() {
        assertEquals("BatchNorm2d(32) expects 32 channels, got 16 (examples of shape [16, 8, 8])",
                assertThrows(SomaException.class, () -> new BatchNorm2d(32).outputShape(new int[] {16, 8, 8}))
                        .getMessage());
        assertEquals("BatchNorm2d(32) expects examples [32, H, W], got [32]",
                assertThrows(SomaException.class, () -> new BatchNorm2d(32).outputShape(new int[] {32}))
                        .getMessage());
        assertEquals("BatchNorm1d(4) expects examples [4] or [4, L], got [4, 2, 2]",
                assertThrows(SomaException.class, () -> new BatchNorm1d(4).forward(Tensor.zeros(3, 4, 2, 2)))
                        .getMessage());
        assertEquals("BatchNorm1d(4): expected more than 1 value per channel when training, got input [1, 4] (a batch of one "
                + "example; with a training set whose size leaves a last batch of one, pick another batch size)",
                assertThrows(SomaException.class, () -> new BatchNorm1d(4).forward(Tensor.zeros(1, 4), true))
                        .getMessage());
        assertEquals("BatchNorm1d(4): expected more than 1 value per channel when training, got input [1, 4] (a batch of one "
                + "example; with a training set whose size leaves a last batch of one, pick another batch size)",
                assertThrows(SomaException.class, () -> new BatchNorm1d(4)
                        .compile(StageSpec.training(new int[] {4}, 8, false)).forward(new float[32], 1)).getMessage());
        assertEquals("BatchNorm1d: num_features must be positive, got 0",
                assertThrows(SomaException.class, () -> new BatchNorm1d(0)).getMessage());
        assertEquals("layer 2 'batchnorm1d:8': BatchNorm1d(8) expects 8 channels, got 6 (examples of shape [6])",
                assertThrows(SomaException.class, () -> Sequential.fromSpec("linear:4:6,batchnorm1d:8", null, 1))
                        .getMessage());
        assertEquals("layer 'batchnorm2d': expected batchnorm2d:<channels> (the channels can be left out only when "
                + "the input shape is known)",
                assertThrows(SomaException.class, () -> Sequential.fromSpec("batchnorm2d", null, 1)).getMessage());
    }
}
