package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.ArrayDataset;
import dev.soma.data.Dataset;
import dev.soma.data.ForwardingDataset;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Training networks with BatchNorm, LayerNorm, Dropout2d, Embedding and residual blocks through {@link Trainer}:
 * the loss falls, and the compiled step leaves the same bits as the graph (weights, buffers, optimizer state,
 * losses, dropout counters).
 */
class NormLayersTrainingTest {
    @Test
    void residualMlpWithNormalization() {
        ArrayDataset data = PlanEquivalenceTest.blobs(120, 20, 4, 3);
        check("linear:20:16,batchnorm1d,relu,residual(linear:16:16,relu,layernorm:16,dropout:0.2,linear:16:16),"
                + "batchnorm1d:16:momentum=none,linear:16:4", data, 20);
    }

    @Test
    void smallResidualCnnOnImages() {
        Dataset images = shaped(PlanEquivalenceTest.blobs(64, 36, 3, 5), 1, 6, 6);
        check("conv:4:3:pad=1,batchnorm2d,relu,residual(conv:4:3:pad=1,batchnorm2d,relu,dropout2d:0.2,"
                + "conv:4:3:pad=1),relu,flatten,linear:3", images, 16);
    }

    @Test
    void embeddingsOfCategoricalColumns() {
        // 3 categorical columns with 5 values each; the class is (a + b) mod 3, c is noise
        SplittableRandom rng = new SplittableRandom(2);
        int n = 150;
        float[] x = new float[n * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int a = rng.nextInt(5);
            int b = rng.nextInt(5);
            x[3 * i] = a;
            x[3 * i + 1] = b;
            x[3 * i + 2] = rng.nextInt(5);
            y[i] = (a + b) % 3;
        }
        check("embedding:5:4,layernorm,flatten,linear:12:16,relu,linear:16:3",
                ArrayDataset.classification("categories", x, 3, y, 3, null), 25);
    }

    @Test
    void aLastBatchOfOneExampleIsRefusedWithAHint() {
        ArrayDataset data = PlanEquivalenceTest.blobs(21, 4, 2, 1);
        for (boolean compiled : new boolean[] {false, true}) {
            Sequential m = Sequential.fromSpec("linear:4:3,batchnorm1d,linear:3:2", null, 1);
            Trainer t = new Trainer(new TrainConfig().batchSize(10).epochs(1).seed(1)).compiledStep(compiled);
            String msg = org.junit.jupiter.api.Assertions.assertThrows(dev.soma.SomaException.class,
                    () -> t.fit(m, data, null)).getMessage();
            assertEquals("BatchNorm1d(3): expected more than 1 value per channel when training, got input [1, 3] (a "
                    + "batch of one example; with a training set whose size leaves a last batch of one, pick another "
                    + "batch size)", msg, compiled ? "compiled" : "graph");
        }
    }

    private static Dataset shaped(Dataset d, int... shape) {
        return new ForwardingDataset(d) {
            @Override
            public int[] exampleShape() {
                return shape.clone();
            }
        };
    }

    private static void check(String spec, Dataset data, int batch) {
        TrainConfig cfg = new TrainConfig().optimizer("adam").lr(0.01).batchSize(batch).epochs(4).seed(3);
        Sequential graph = Sequential.fromSpec(spec, null, 7, data.exampleShape());
        Sequential compiled = Sequential.fromSpec(spec, null, 7, data.exampleShape());
        Trainer tg = new Trainer(cfg).compiledStep(false);
        History hg = tg.fit(graph, data, null);
        assertFalse(tg.usedCompiledStep());
        Trainer tc = new Trainer(cfg);
        History hc = tc.fit(compiled, data, null);
        assertTrue(tc.usedCompiledStep(), spec);
        assertTrue(hg.last().trainLoss() < 0.8 * hg.epochs().get(0).trainLoss(), hg.toString());
        for (int e = 0; e < hg.size(); e++) {
            assertEquals(hg.epochs().get(e).trainLoss(), hc.epochs().get(e).trainLoss(), 0.0, "loss, epoch " + e);
        }
        Map<String, Tensor> a = graph.stateDict();
        Map<String, Tensor> b = compiled.stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(bits(a.get(k)), bits(b.get(k)), k);
        }
        Map<String, Tensor> sa = tg.optimizer().state();
        Map<String, Tensor> sb = tc.optimizer().state();
        for (String k : sa.keySet()) {
            assertArrayEquals(bits(sa.get(k)), bits(sb.get(k)), "optimizer " + k);
        }
        assertEquals(graph.rngState(), compiled.rngState());
        assertArrayEquals(bits(graph.predict(batchOf(data))), bits(compiled.predict(batchOf(data))), "predictions");
    }

    private static Tensor batchOf(Dataset d) {
        int n = Math.min(d.size(), 10);
        float[] x = new float[n * d.features()];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        d.inputs(idx, 0, n, x);
        return Tensor.of(x, dev.soma.nn.Module.prepend(n, d.exampleShape()));
    }

    private static int[] bits(Tensor t) {
        float[] f = t.toFloatArray();
        int[] r = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            r[i] = Float.floatToIntBits(f[i] + 0f);
        }
        return r;
    }
}
