package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.ArrayDataset;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Rng;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The compiled training step ({@link MlpPlan}) against the autograd graph, the specification: the same training run
 * both ways must leave bit-identical weights, optimizer state, losses and accuracies.
 */
class PlanEquivalenceTest {

    /** n examples of `features` Gaussian inputs; the label is the arg-max of a fixed random projection (learnable). */
    static ArrayDataset blobs(int n, int features, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] proj = new float[features * classes];
        for (int i = 0; i < proj.length; i++) {
            proj[i] = (float) Rng.gaussian(rng);
        }
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < features; j++) {
                x[r * features + j] = (float) Rng.gaussian(rng);
            }
            int best = 0;
            double bestV = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double v = 0;
                for (int j = 0; j < features; j++) {
                    v += x[r * features + j] * proj[j * classes + c];
                }
                if (v > bestV) {
                    bestV = v;
                    best = c;
                }
            }
            y[r] = best;
        }
        return ArrayDataset.classification("blobs", x, features, y, classes, null);
    }

    @ParameterizedTest(name = "{0} / {1} / batch {3}")
    @CsvSource(delimiter = ';', value = {
        "linear:20:16,relu,linear:16:8,tanh,linear:8:4; adam; 0; 16; 53",
        "linear:20:16,sigmoid,dropout:0.3,linear:16:4; momentum; 0.9; 16; 53",
        "dropout:0.2,linear:20:12,gelu,linear:12:12,dropout:0.5,linear:12:4; adam; 0; 10; 47",
        "linear:20:12,dropout:0.25,relu,linear:12:6,leaky_relu:0.2,linear:6:4; nesterov; 0.8; 8; 37",
        "linear:20:9,elu,linear:9:9,selu,linear:9:9,silu,linear:9:9,softplus,linear:9:4; adamw; 0; 32; 50",
        "linear:20:6,tanh,linear:6:4; adam; 0; 1; 7",
        "linear:20:5,relu,linear:5:4; sgd; 0; 64; 40",
    })
    void compiledStepGivesBitIdenticalWeights(String spec, String optimizer, double momentum, int batch, int n) {
        ArrayDataset data = blobs(n, 20, 4, 11);
        check(() -> Sequential.fromSpec(spec, null, 7), data,
                new TrainConfig().optimizer(optimizer).lr(0.05).momentum(momentum).batchSize(batch).epochs(3).seed(5));
    }

    @Test
    void oneInputFeatureAndTwoOutputs() {
        ArrayDataset data = blobs(30, 1, 2, 3);
        check(() -> Sequential.fromSpec("linear:1:5,tanh,linear:5:2", null, 2), data,
                new TrainConfig().optimizer("adam").lr(0.01).batchSize(8).epochs(2).seed(1));
    }

    @ParameterizedTest(name = "mse: {0} / {1}")
    @CsvSource(delimiter = ';', value = {
        "linear:2:8,tanh,linear:8:1; adam; 8",
        "linear:2:6,relu,dropout:0.2,linear:6:1; momentum; 5",
        "linear:2:1; sgd; 64",
    })
    void meanSquaredErrorRegression(String spec, String optimizer, int batch) {
        ArrayDataset data = Synthetic.linear(61, 3);
        check(() -> Sequential.fromSpec(spec, null, 4), data,
                new TrainConfig().optimizer(optimizer).lr(0.01).batchSize(batch).epochs(3).seed(2).loss("mse"));
    }

    private static void check(Supplier<Sequential> make, ArrayDataset data, TrainConfig cfg) {
        Sequential graph = make.get();
        Sequential plan = make.get();
        boolean[] used = new boolean[1];
        Trainer tg = new Trainer(cfg).compiledStep(false);
        History hg = tg.fit(graph, data, null);
        assertFalse(tg.usedCompiledStep());
        Trainer tp = new Trainer(cfg);
        History hp = tp.fit(plan, data, null);
        assertTrue(tp.usedCompiledStep(), "the compiled step should accept " + plan.spec());
        for (int e = 0; e < hg.size(); e++) {
            assertEquals(hg.epochs().get(e).trainLoss(), hp.epochs().get(e).trainLoss(), 0.0, "loss, epoch " + e);
            assertEquals(hg.epochs().get(e).trainAccuracy(), hp.epochs().get(e).trainAccuracy(), 0.0, "accuracy " + e);
            assertTrue(Double.isFinite(hg.epochs().get(e).trainLoss()));
        }
        Map<String, Tensor> a = graph.stateDict();
        Map<String, Tensor> b = plan.stateDict();
        for (String k : a.keySet()) {
            assertArrayEquals(bits(a.get(k)), bits(b.get(k)), k);
        }
        Map<String, Tensor> sa = tg.optimizer().state();
        Map<String, Tensor> sb = tp.optimizer().state();
        assertEquals(sa.keySet(), sb.keySet());
        for (String k : sa.keySet()) {
            assertArrayEquals(bits(sa.get(k)), bits(sb.get(k)), "optimizer " + k);
        }
        org.junit.jupiter.api.Assertions.assertEquals(graph.rngState(), plan.rngState(), "dropout call counters");
        // the training changed something: the comparison is not between two untouched models
        assertTrue(hg.last().trainLoss() < hg.epochs().get(0).trainLoss() || hg.size() == 1, hg.toString());
    }

    private static int[] bits(Tensor t) {
        float[] f = t.toFloatArray();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToIntBits(f[i] + 0f); // +0f: −0 and +0 are the same weight
        }
        return b;
    }

    @Test
    void divergenceStopsAtTheSameBatchWithTheSameWeights() {
        ArrayDataset data = Synthetic.linear(64, 3);
        String[] messages = new String[2];
        int[][] weights = new int[2][];
        for (int mode = 0; mode < 2; mode++) {
            Sequential model = Sequential.fromSpec("linear:2:4,tanh,linear:4:1", null, 5);
            Trainer t = new Trainer(new TrainConfig().optimizer("sgd").lr(100).batchSize(8).epochs(5).loss("mse"))
                    .compiledStep(mode == 1);
            messages[mode] = org.junit.jupiter.api.Assertions.assertThrows(DivergenceException.class,
                    () -> t.fit(model, data, null)).getMessage();
            assertEquals(mode == 1, t.usedCompiledStep());
            weights[mode] = bits(Tensor.of(flat(model), flat(model).length));
        }
        assertEquals(messages[0], messages[1]);
        assertArrayEquals(weights[0], weights[1]);
    }

    private static float[] flat(Sequential m) {
        List<Float> all = new java.util.ArrayList<>();
        for (Tensor p : m.parameters()) {
            for (float v : p.toFloatArray()) {
                assertTrue(Float.isFinite(v), "restored weights are finite");
                all.add(v);
            }
        }
        float[] f = new float[all.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = all.get(i);
        }
        return f;
    }

    @Test
    void setupsOutsideThePlanUseTheGraph() {
        ArrayDataset data = blobs(20, 20, 4, 1);
        TrainConfig cfg = new TrainConfig().optimizer("adam").batchSize(8).epochs(1);
        Trainer penalty = new Trainer(new TrainConfig().optimizer("adam").batchSize(8).epochs(1).l2(0.01));
        penalty.fit(Sequential.fromSpec("linear:20:4", null, 1), data, null);
        assertFalse(penalty.usedCompiledStep(), "L2 penalty");
        Trainer prelu = new Trainer(cfg);
        prelu.fit(Sequential.fromSpec("linear:20:8,prelu,linear:8:4", null, 1), data, null);
        assertTrue(prelu.usedCompiledStep(), "PReLU has no stage of its own: the graph runs as its stage");
        Trainer mse = new Trainer(new TrainConfig().optimizer("adam").batchSize(8).epochs(1).loss("mse"));
        mse.fit(Sequential.fromSpec("linear:20:4", null, 1), data, null);
        assertFalse(mse.usedCompiledStep(), "MSE on class labels");
        Trainer mae = new Trainer(new TrainConfig().optimizer("adam").batchSize(8).epochs(1).loss("mae"));
        mae.fit(Sequential.fromSpec("linear:2:1", null, 1), Synthetic.linear(20, 1), null);
        assertFalse(mae.usedCompiledStep(), "MAE");
        Trainer reg = new Trainer(new TrainConfig().optimizer("adam").batchSize(8).epochs(1).loss("mse"));
        reg.fit(Sequential.fromSpec("linear:2:1", null, 1), Synthetic.linear(20, 1), null);
        assertTrue(reg.usedCompiledStep(), "MSE regression");
        Trainer ok = new Trainer(cfg);
        ok.fit(Sequential.fromSpec("linear:20:4", null, 1), data, null);
        assertTrue(ok.usedCompiledStep(), "plain softmax regression");
    }
}
