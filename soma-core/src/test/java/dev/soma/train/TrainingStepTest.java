package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.ArrayDataset;
import dev.soma.nn.Losses;
import dev.soma.nn.Sequential;
import dev.soma.optim.Optimizer;
import dev.soma.optim.Optimizers;
import dev.soma.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public training step that other trainers (data-parallel, the playground) build on. */
class TrainingStepTest {
    private static final String SPEC = "linear:6:8,tanh,dropout:0.25,linear:8:3";

    @Test
    void gradientsOfTwoHalvesSumToTheGradientOfTheWholeBatch() {
        ArrayDataset d = PlanEquivalenceTest.blobs(16, 6, 3, 5);
        Sequential m = Sequential.fromSpec("linear:6:8,tanh,linear:8:3", null, 2);
        TrainingStep step = new TrainingStep(m, Losses.crossEntropy(), null, new TrainConfig(), new int[] {6}, true,
                16, true);
        assertTrue(step.compiled());
        float[] x = new float[16 * 6];
        int[] idx = Evaluation.identity(16);
        d.inputs(idx, 0, 16, x);
        int[] y = Trainer.labels(d, idx, 0, 16);
        step.computeGradients(x, 16, y, null);
        float[] whole = m.namedParameters().get("0.weight").grad().toFloatArray();
        float[] sum = new float[whole.length];
        for (int half = 0; half < 2; half++) {
            float[] xh = new float[8 * 6];
            System.arraycopy(x, half * 48, xh, 0, 48);
            step.computeGradients(xh, 8, Trainer.labels(d, idx, half * 8, half * 8 + 8), null);
            float[] g = m.namedParameters().get("0.weight").grad().toFloatArray();
            for (int i = 0; i < g.length; i++) {
                sum[i] += g[i] / 2; // each half's loss is a mean over 8 rows
            }
        }
        assertArrayEquals(whole, sum, 1e-6f, "mean of the halves' gradients = the whole batch's");
    }

    @Test
    void compiledAndGraphStepsGiveTheSameBits() {
        ArrayDataset d = PlanEquivalenceTest.blobs(20, 6, 3, 7);
        float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            Sequential m = Sequential.fromSpec(SPEC, null, 4);
            m.seedRng(3);
            Optimizer adam = Optimizers.create("adam", m.parameters(), new TrainConfig().optimizerConfig());
            TrainingStep step = new TrainingStep(m, Losses.crossEntropy(), adam, new TrainConfig().clipNorm(1),
                    new int[] {6}, true, 20, run == 0);
            assertEquals(run == 0, step.compiled());
            float[] x = new float[20 * 6];
            int[] idx = Evaluation.identity(20);
            d.inputs(idx, 0, 20, x);
            int[] y = Trainer.labels(d, idx, 0, 20);
            double first = 0;
            double last = 0;
            for (int i = 0; i < 80; i++) {
                last = step.computeGradients(x, 20, y, null);
                first = i == 0 ? last : first;
                step.apply();
            }
            assertTrue(last < first * 0.8, "the loss falls: " + first + " -> " + last);
            results[run] = m.namedParameters().get("3.weight").toFloatArray();
        }
        assertArrayEquals(results[1], results[0], 0f);
    }

    @Test
    void aListenerCanStopTraining() {
        ArrayDataset d = PlanEquivalenceTest.blobs(30, 6, 3, 1);
        Sequential m = Sequential.fromSpec(SPEC, null, 1);
        TrainingListener stopAtTwo = new TrainingListener() {
            private int epochs;

            @Override
            public void onEpochEnd(EpochStats stats) {
                epochs = stats.epoch();
            }

            @Override
            public boolean stopRequested() {
                return epochs >= 2;
            }
        };
        History h = new Trainer(new TrainConfig().epochs(10).batchSize(8)).fit(m, d, null, stopAtTwo);
        assertEquals(2, h.epochs().size());
        assertEquals("stopped at epoch 2 by a training listener", h.stopReason());
        assertFalse(m.isTraining(), "the model is left in evaluation mode");
        List<Tensor> p = m.parameters();
        assertEquals(4, p.size());
    }
    /**
     * The divergence backup written by the optimizer's step (Adam copies each weight in its update's pass, SGD
     * before its update): after three steps, restoring gives the weights before the third, on both paths.
     */
    @Test
    void theBackupHoldsTheWeightsBeforeTheLastUpdate() {
        ArrayDataset d = PlanEquivalenceTest.blobs(16, 6, 3, 5);
        for (String opt : new String[] {"adam", "sgd"}) {
            for (boolean compiled : new boolean[] {true, false}) {
                Sequential m = Sequential.fromSpec("linear:6:8,tanh,linear:8:3", null, 2);
                Optimizer o = Optimizers.create(opt, m.parameters(), new TrainConfig().lr(0.05).optimizerConfig());
                TrainingStep step = new TrainingStep(m, Losses.crossEntropy(), o, new TrainConfig(), new int[] {6},
                        true, 16, compiled);
                WeightBackup backup = new WeightBackup(m.parameters());
                float[] x = new float[16 * 6];
                int[] idx = Evaluation.identity(16);
                d.inputs(idx, 0, 16, x);
                int[] y = Trainer.labels(d, idx, 0, 16);
                List<float[]> before = null;
                for (int t = 0; t < 3; t++) {
                    before = m.parameters().stream().map(Tensor::toFloatArray).toList();
                    step.computeGradients(x, 16, y, null);
                    step.apply(backup);
                }
                assertFalse(java.util.Arrays.equals(before.get(0), m.parameters().get(0).toFloatArray()),
                        "the last step changed the weights");
                backup.restore();
                for (int i = 0; i < before.size(); i++) {
                    assertArrayEquals(before.get(i), m.parameters().get(i).toFloatArray(), 0f,
                            opt + (compiled ? " compiled" : " graph") + ", parameter " + i);
                }
            }
        }
    }
}
