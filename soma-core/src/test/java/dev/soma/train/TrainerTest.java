package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.ArrayDataset;
import dev.soma.data.Dataset;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @Test
    void logisticRegressionIsTheOneLayerSigmoidBceCase() {
        Dataset train = Synthetic.logistic(400, 1);
        Dataset test = Synthetic.logistic(200, 2);
        Sequential model = Sequential.fromSpec("linear:2:1,sigmoid", null, 3);
        History h = new Trainer(new TrainConfig().optimizer("sgd").lr(0.5).batchSize(400).epochs(300))
                .fit(model, train, null);
        assertEquals("bce", dev.soma.nn.Losses.defaultFor(model, 1, true).name(), "sigmoid output → BCE on probabilities");
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss() / 3, h.toString());
        ClassificationReport r = Evaluation.classification(model, test);
        assertTrue(r.accuracy() > 0.95, r.toString());
        Tensor w = model.stateDict().get("0.weight");
        // the boundary 1.5·x0 − x1 + 0.3 = 0: the learned weights point the same way
        assertEquals(-1.5, w.get(0, 0) / w.get(0, 1), 0.25);
    }

    @Test
    void linearRegressionIsTheOneLayerIdentityMseCase() {
        Dataset train = Synthetic.linear(256, 4);
        Sequential model = Sequential.fromSpec("linear:2:1", null, 5);
        new Trainer(new TrainConfig().optimizer("sgd").lr(0.1).batchSize(32).epochs(40)).fit(model, train, null);
        Tensor w = model.stateDict().get("0.weight");
        assertEquals(3.0, w.get(0, 0), 0.01);
        assertEquals(-2.0, w.get(0, 1), 0.01);
        assertEquals(0.5, model.stateDict().get("0.bias").get(0), 0.01);
        RegressionReport r = Evaluation.regression(model, Synthetic.linear(100, 6));
        assertTrue(r.r2() > 0.9999, r.toString());
        assertEquals(0.0001, r.mse(), 0.0001);
    }

    /** Mazur's 2-2-2 example through the Trainer: one example, batch 1, SGD 0.5, biases frozen, 10,000 epochs. */
    @Test
    void mazurExampleThroughTheTrainer() {
        Dataset one = ArrayDataset.regression("mazur", new float[] {0.05f, 0.10f}, 2, new float[] {0.01f, 0.99f}, 2);
        Sequential net = Sequential.fromSpec("linear:2:2,sigmoid,linear:2:2,sigmoid");
        net.to(dev.soma.tensor.DType.F64);
        net.loadStateDict(java.util.Map.of(
                "0.weight", Tensor.matrix(new double[][] {{0.15, 0.20}, {0.25, 0.30}}),
                "0.bias", Tensor.of(new double[] {0.35, 0.35}, 2),
                "2.weight", Tensor.matrix(new double[][] {{0.40, 0.45}, {0.50, 0.55}}),
                "2.bias", Tensor.of(new double[] {0.60, 0.60}, 2)));
        net.freeze("0.bias").freeze("2.bias");
        History h = new Trainer(new TrainConfig().loss("mse").optimizer("sgd").lr(0.5).batchSize(1).epochs(10_000)
                .shuffle(false)).fit(net, one, null);
        // the first epoch's loss is the tutorial's E_total before any update (inputs are float32: 0.05f, 0.10f)
        assertEquals(0.298371109, h.epochs().get(0).trainLoss(), 1e-8);
        assertEquals(3.51e-5, Evaluation.regression(net, one).mse(), 0.005e-5);
    }

    @Test
    void batchSizesGiveBatchStochasticAndMiniBatchDescentWithTheLastPartialBatch() {
        Dataset train = Synthetic.linear(10, 7);
        int[][] seen = new int[3][];
        int[] sizes = {10, 1, 4};
        for (int k = 0; k < 3; k++) {
            Sequential model = Sequential.fromSpec("linear:2:1", null, 5);
            List<Integer> batches = new ArrayList<>();
            Trainer t = new Trainer(new TrainConfig().optimizer("sgd").lr(0.01).batchSize(sizes[k]).epochs(2));
            t.fit(model, train, null, new TrainingListener() {
                @Override
                public void onEpochStart(int epoch, int count) {
                    batches.add(count);
                }
            });
            seen[k] = new int[] {batches.get(0), (int) t.optimizer().steps(0)};
        }
        assertArrayEquals(new int[] {1, 2}, seen[0]);
        assertArrayEquals(new int[] {10, 20}, seen[1]);
        assertArrayEquals(new int[] {3, 6}, seen[2]);
    }

    static TrainConfig mlpConfig() {
        return new TrainConfig().optimizer("adam").lr(0.01).batchSize(16).epochs(4).seed(11);
    }

    static Sequential mlp() {
        return Sequential.fromSpec("linear:4:16,relu,dropout:0.2,linear:16:3", null, 9);
    }

    @Test
    void sameSeedSameDataGiveBitIdenticalWeights() {
        Dataset train = Synthetic.threeClasses(150, 8);
        Sequential a = mlp();
        Sequential b = mlp();
        new Trainer(mlpConfig()).fit(a, train, null);
        new Trainer(mlpConfig()).fit(b, train, null);
        for (String k : a.stateDict().keySet()) {
            assertArrayEquals(a.stateDict().get(k).toFloatArray(), b.stateDict().get(k).toFloatArray(), 0f, k);
        }
        int before = dev.soma.kernel.Parallel.threads();
        Sequential two = mlp();
        try {
            new Trainer(mlpConfig().threads(2)).fit(two, train, null);
            assertEquals(before, dev.soma.kernel.Parallel.threads(), "fit gives the kernel thread count back");
            new Trainer(mlpConfig().threads(1)).fit(b = mlp(), train, null);
        } finally {
            dev.soma.kernel.Parallel.setThreads(before);
        }
        for (String k : a.stateDict().keySet()) {
            assertArrayEquals(b.stateDict().get(k).toFloatArray(), two.stateDict().get(k).toFloatArray(), 0f,
                    k + ": 1 and 2 kernel threads");
        }
        Sequential c = mlp();
        new Trainer(mlpConfig().seed(12)).fit(c, train, null);
        assertFalse(java.util.Arrays.equals(a.stateDict().get("0.weight").toFloatArray(),
                c.stateDict().get("0.weight").toFloatArray()), "another seed shuffles differently");
    }

    @Test
    void multiClassMlpLearnsAndReportsHistory() {
        Dataset train = Synthetic.threeClasses(300, 1);
        Dataset dev = Synthetic.threeClasses(100, 2);
        Sequential model = mlp();
        List<EpochStats> ends = new ArrayList<>();
        History h = new Trainer(mlpConfig().epochs(15).schedule("step:5:0.5")).fit(model, train, dev, new TrainingListener() {
            @Override
            public void onEpochEnd(EpochStats s) {
                ends.add(s);
            }
        });
        assertEquals(15, h.size());
        assertEquals(h.epochs(), ends);
        assertEquals(0.01, h.epochs().get(4).learningRate(), 1e-12);
        assertEquals(0.005, h.epochs().get(5).learningRate(), 1e-12);
        assertTrue(h.last().devAccuracy() > 0.85, h.toString());
        // samples per second is the epoch's examples over its seconds
        assertEquals(300 / h.last().seconds(), h.last().samplesPerSecond(), 1e-9 * h.last().samplesPerSecond());
        assertEquals("completed", h.stopReason());
    }

    @Test
    void divergenceStopsAtOnceKeepingTheLastGoodWeights() {
        DivergenceException e = lastGoodWeightsKept("sgd", 100, true);
        assertTrue(e.getMessage().matches("training diverged at epoch \\d+, batch \\d+ of 8: loss is "
                + "(NaN|\\+Infinity) with learning rate 100; the last good weights were kept in the model; try a "
                + "smaller learning rate, e\\.g\\. 10"), e.getMessage());
        assertEquals(100.0, e.learningRate());
    }

    /**
     * Trains linear:2:1 with a learning rate that makes it diverge and checks that the model holds the weights
     * before the last update, i.e. those after the update before it (or the initial ones).
     */
    private static DivergenceException lastGoodWeightsKept(String optimizer, double lr, boolean compiled) {
        Dataset train = Synthetic.linear(64, 3);
        Sequential model = Sequential.fromSpec("linear:2:1", null, 5);
        List<LinkedHashMap<String, Tensor>> good = new ArrayList<>();
        good.add(model.snapshot());
        DivergenceException e = assertThrows(DivergenceException.class, () ->
                new Trainer(new TrainConfig().optimizer(optimizer).lr(lr).batchSize(8).epochs(5))
                        .compiledStep(compiled).fit(model, train, null,
                        new TrainingListener() {
                            @Override
                            public void onBatchEnd(int epoch, int batch, int batches, double loss, double acc) {
                                good.add(model.snapshot());
                            }
                        }));
        assertTrue(good.size() >= 2, optimizer + ": diverged after " + (good.size() - 1) + " updates");
        LinkedHashMap<String, Tensor> expected = good.get(good.size() - 2);
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k).toFloatArray(), model.stateDict().get(k).toFloatArray(), 0f,
                    optimizer + " " + k);
            for (float v : model.stateDict().get(k).toFloatArray()) {
                assertTrue(Float.isFinite(v));
            }
        }
        return e;
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        ArrayDataset train = Synthetic.threeClasses(120, 5);
        // a dev set that disagrees with the training labels: its loss rises as the model fits the training set
        float[] x = new float[60 * 4];
        int[] y = new int[60];
        int[] idx = new int[60];
        for (int i = 0; i < 60; i++) {
            idx[i] = i;
        }
        train.inputs(idx, 0, 60, x);
        for (int i = 0; i < 60; i++) {
            y[i] = (train.label(i) + 1) % 3;
        }
        Dataset dev = ArrayDataset.classification("adverse", x, 4, y, 3, null);
        Sequential model = mlp();
        List<LinkedHashMap<String, Tensor>> perEpoch = new ArrayList<>();
        History h = new Trainer(mlpConfig().epochs(30).earlyStoppingPatience(3)).fit(model, train, dev,
                new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochStats s) {
                        perEpoch.add(model.snapshot());
                    }
                });
        assertTrue(h.size() < 30, h.toString());
        assertTrue(h.stopReason().startsWith("early stopping at epoch " + h.size()), h.stopReason());
        int best = h.bestEpoch();
        assertEquals(h.size() - 3, best);
        double bestLoss = h.epochs().get(best - 1).devLoss();
        for (EpochStats s : h.epochs()) {
            assertTrue(s.devLoss() >= bestLoss);
        }
        LinkedHashMap<String, Tensor> expected = perEpoch.get(best - 1);
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k).toFloatArray(), model.stateDict().get(k).toFloatArray(), 0f, k);
        }
    }

    @Test
    void regularizationShrinksTheWeights() {
        Dataset train = Synthetic.threeClasses(200, 3);
        double plain = norm(trained(new TrainConfig()));
        assertTrue(norm(trained(new TrainConfig().l2(5.0))) < 0.8 * plain);
        assertTrue(norm(trained(new TrainConfig().l1(5.0))) < 0.8 * plain);
        assertTrue(norm(trained(new TrainConfig().weightDecay(0.5))) < 0.8 * plain);
        Sequential capped = trained(new TrainConfig().maxNorm(0.5));
        Tensor w = capped.stateDict().get("0.weight");
        Tensor free = trained(new TrainConfig()).stateDict().get("0.weight");
        double largest = 0;
        double largestFree = 0;
        for (int r = 0; r < w.size(0); r++) {
            double sq = 0;
            double sqFree = 0;
            for (int c = 0; c < w.size(1); c++) {
                sq += w.get(r, c) * w.get(r, c);
                sqFree += free.get(r, c) * free.get(r, c);
            }
            assertTrue(Math.sqrt(sq) <= 0.5 + 1e-6);
            largest = Math.max(largest, Math.sqrt(sq));
            largestFree = Math.max(largestFree, Math.sqrt(sqFree));
        }
        // the cap was reached (a unit sits on it) where the unconstrained run goes beyond it
        assertTrue(largestFree > 0.6, "unconstrained largest row norm " + largestFree);
        assertEquals(0.5, largest, 1e-6);
        assertEquals(200, train.size());
    }

    private static Sequential trained(TrainConfig cfg) {
        Sequential m = Sequential.fromSpec("linear:4:16,relu,linear:16:3", null, 9);
        new Trainer(cfg.optimizer("sgd").lr(0.1).batchSize(20).epochs(20).seed(1)).fit(m, Synthetic.threeClasses(200, 3), null);
        return m;
    }

    private static double norm(Sequential m) {
        double s = 0;
        for (float v : m.stateDict().get("0.weight").toFloatArray()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void everyOptimizerTrainsTheNetwork() {
        Dataset train = Synthetic.threeClasses(150, 6);
        for (String name : dev.soma.optim.Optimizers.NAMES) {
            double lr = name.startsWith("adam") || name.equals("nadam") || name.equals("rmsprop") ? 0.01 : 0.1;
            History h = new Trainer(mlpConfig().optimizer(name).lr(lr).epochs(6)).fit(mlp(), train, null);
            assertTrue(h.last().trainLoss() < 0.7 * h.epochs().get(0).trainLoss(), name + "\n" + h);
        }
    }

    @Test
    void clippingIsApplied() {
        Dataset train = Synthetic.threeClasses(100, 2);
        Sequential free = mlp();
        Sequential clipped = mlp();
        LinkedHashMap<String, Tensor> start = clipped.snapshot();
        new Trainer(mlpConfig().optimizer("sgd").lr(0.1)).fit(free, train, null);
        new Trainer(mlpConfig().optimizer("sgd").lr(0.1).clipNorm(1e-6)).fit(clipped, train, null);
        double moved = 0;
        double movedFree = 0;
        for (String k : start.keySet()) {
            float[] a = start.get(k).toFloatArray();
            float[] b = clipped.stateDict().get(k).toFloatArray();
            float[] c = free.stateDict().get(k).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                moved += (a[i] - b[i]) * (a[i] - b[i]);
                movedFree += (a[i] - c[i]) * (a[i] - c[i]);
            }
        }
        // each step moves the weights by at most lr·1e-6 (global norm), 4 epochs × 7 steps
        assertTrue(Math.sqrt(moved) <= 28 * 0.1 * 1e-6 * 1.0001, "moved " + Math.sqrt(moved));
        assertTrue(Math.sqrt(movedFree) > 0.1);
        Sequential byValue = mlp();
        new Trainer(mlpConfig().optimizer("sgd").lr(0.1).clipValue(1e-7)).fit(byValue, train, null);
        float[] a = start.get("0.bias").toFloatArray();
        float[] b = byValue.stateDict().get("0.bias").toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= 28 * 0.1 * 1e-7 * 1.0001);
        }
    }

    @Test
    void classifierDivergenceIsCaughtToo() {
        Dataset train = Synthetic.threeClasses(64, 2);
        Sequential m = mlp();
        DivergenceException e = assertThrows(DivergenceException.class, () ->
                new Trainer(mlpConfig().optimizer("sgd").lr(1e30).epochs(3)).fit(m, train, null));
        assertEquals(1e30, e.learningRate());
        for (Tensor p : m.parameters()) {
            for (float v : p.toFloatArray()) {
                assertTrue(Float.isFinite(v), "the last good weights are finite");
            }
        }
    }

    @Test
    void mismatchesAreReportedBeforeTraining() {
        Dataset three = Synthetic.threeClasses(10, 1);
        assertEquals("model has 2 outputs but three has 3 classes (use 3 outputs, or 1 for two classes)",
                assertThrows(dev.soma.SomaException.class, () -> new Trainer(new TrainConfig())
                        .fit(Sequential.fromSpec("linear:4:2"), three, null)).getMessage());
        assertEquals("model expects 5 inputs but three has 4 features",
                assertThrows(dev.soma.SomaException.class, () -> new Trainer(new TrainConfig())
                        .fit(Sequential.fromSpec("linear:5:3"), three, null)).getMessage());
        assertEquals("batch size must be positive, got 0",
                assertThrows(dev.soma.SomaException.class, () -> new TrainConfig().batchSize(0)).getMessage());
        assertEquals("unknown optimizer 'adamx'; expected one of [sgd, momentum, nesterov, rmsprop, adam, adamw, adagrad, nadam]",
                assertThrows(dev.soma.SomaException.class, () -> new Trainer(new TrainConfig().optimizer("adamx"))
                        .fit(Sequential.fromSpec("linear:4:3"), three, null)).getMessage());
    }

    @Test
    void preluSlopeIsLearned() {
        Sequential m = Sequential.fromSpec("linear:4:16,prelu,linear:16:3", null, 2);
        new Trainer(mlpConfig().epochs(3)).fit(m, Synthetic.threeClasses(100, 3), null);
        assertTrue(Math.abs(m.stateDict().get("1.weight").get(0) - 0.25) > 1e-4, "slope moved from 0.25");
    }

    @Test
    void resumingFromACheckpointReachesTheSameWeights(@TempDir Path dir) {
        Dataset train = Synthetic.threeClasses(100, 4);
        Dataset dev = Synthetic.threeClasses(40, 5);
        Sequential straight = mlp();
        History full = new Trainer(mlpConfig().epochs(5).schedule("plateau:1:0.5").earlyStoppingPatience(10))
                .fit(straight, train, dev);
        Sequential first = mlp();
        new Trainer(mlpConfig().epochs(2).schedule("plateau:1:0.5").earlyStoppingPatience(10).checkpointDir(dir))
                .fit(first, train, dev);
        assertEquals(2, Checkpoint.epoch(dir));
        Sequential resumed = mlp();
        History rest = new Trainer(mlpConfig().epochs(5).schedule("plateau:1:0.5").earlyStoppingPatience(10)
                .checkpointDir(dir).resume(true)).fit(resumed, train, dev);
        assertEquals(5, rest.size());
        assertEquals(full.last().trainLoss(), rest.last().trainLoss(), 0.0);
        for (String k : straight.stateDict().keySet()) {
            assertArrayEquals(straight.stateDict().get(k).toFloatArray(), resumed.stateDict().get(k).toFloatArray(), 0f, k);
        }
    }
}
