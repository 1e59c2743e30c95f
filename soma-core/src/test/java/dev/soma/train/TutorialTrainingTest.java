package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.data.ArrayDataset;
import dev.soma.nn.Mlp;
import dev.soma.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tutorials' forms inside a training run: decay per iteration, the bias/variance diagnosis. */
class TutorialTrainingTest {
    @Test
    void decayPerIterationCountsBatchesFromOne() {
        ArrayDataset data = Synthetic.logistic(10, 3);
        Sequential model = Mlp.builder().input(2).hidden(3).activation("tanh").output(2).seed(1).build();
        Trainer trainer = new Trainer(new TrainConfig().optimizer("sgd").lr(0.2).batchSize(5).epochs(2)
                .schedule("tutorial_inverse:1").schedulePerIteration(true));
        List<Double> rates = new ArrayList<>();
        trainer.fit(model, data, null, new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy) {
                rates.add(trainer.optimizer().lr());
            }
        });
        // α = α0/(1 + decay_rate·n), n = 1, 2, 3, 4 over the two epochs of two batches
        assertArrayEquals(new double[] {0.2 / 2, 0.2 / 3, 0.2 / 4, 0.2 / 5},
                rates.stream().mapToDouble(Double::doubleValue).toArray(), 1e-15);
    }

    @Test
    void decayPerEpochKeepsTheRateWithinAnEpoch() {
        ArrayDataset data = Synthetic.logistic(10, 3);
        Sequential model = Mlp.builder().input(2).hidden(3).activation("tanh").output(2).seed(1).build();
        History h = new Trainer(new TrainConfig().optimizer("sgd").lr(0.2).batchSize(5).epochs(3)
                .schedule("tutorial_exp:0.95")).fit(model, data, null);
        assertEquals(0.2 * 0.95, h.epochs().get(0).learningRate(), 1e-15);
        assertEquals(0.2 * 0.95 * 0.95 * 0.95, h.epochs().get(2).learningRate(), 1e-15);
    }

    @Test
    void biasVarianceOfAndrewNgsFourExamples() {
        assertEquals(BiasVariance.Verdict.HIGH_VARIANCE, BiasVariance.diagnose(0.01, 0.11, 0));
        assertEquals(BiasVariance.Verdict.HIGH_BIAS, BiasVariance.diagnose(0.15, 0.16, 0));
        assertEquals(BiasVariance.Verdict.BOTH, BiasVariance.diagnose(0.15, 0.30, 0));
        assertEquals(BiasVariance.Verdict.FINE, BiasVariance.diagnose(0.005, 0.01, 0));
        // a base error (what people reach) of 14 % makes 15 % training error no bias
        assertEquals(BiasVariance.Verdict.FINE, BiasVariance.diagnose(0.15, 0.16, 0.14));
        assertEquals("bias/variance: train error 1.0 %, dev error 11.0 %: high variance (overfitting); try more "
                + "data, regularization (--l2, --dropout), another architecture", BiasVariance.line(0.01, 0.11));
    }

    @Test
    void gradientNormsDuringTrainingAreTheSameOnTheCompiledStepAndTheGraph() {
        ArrayDataset data = Synthetic.threeClasses(60, 5);
        List<List<Double>> byPath = new ArrayList<>();
        boolean[] compiled = new boolean[2];
        for (int path = 0; path < 2; path++) {
            Sequential model = Mlp.builder().input(4).hidden(6, 5).activation("tanh").output(3).seed(2).build();
            Trainer trainer = new Trainer(new TrainConfig().optimizer("sgd").lr(0.1).batchSize(16).epochs(2))
                    .compiledStep(path == 0);
            List<Double> norms = new ArrayList<>();
            trainer.fit(model, data, null, new TrainingListener() {
                @Override
                public void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy) {
                    norms.add(model.gradientNorms().get("0.weight"));
                }
            });
            compiled[path] = trainer.usedCompiledStep();
            byPath.add(norms);
        }
        assertEquals(true, compiled[0], "the first run takes the compiled step");
        assertEquals(false, compiled[1]);
        assertEquals(8, byPath.get(0).size()); // 2 epochs of 4 batches
        for (int i = 0; i < 8; i++) {
            assertEquals(true, byPath.get(0).get(i) > 0, "batch " + i + ": no gradient");
            assertEquals(byPath.get(1).get(i), byPath.get(0).get(i), 1e-6 * byPath.get(1).get(i), "batch " + i);
        }
    }
}
