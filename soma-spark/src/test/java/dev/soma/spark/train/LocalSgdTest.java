package dev.soma.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.ArrayDataset;
import dev.soma.nn.Module;
import dev.soma.spark.TestData;
import dev.soma.spark.TestSpark;
import dev.soma.spark.data.Blocks;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mode 2: parameter averaging every k local steps. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalSgdTest {
    @Test
    void withOneLocalStepAndPlainSgdItIsGradientAveraging() {
        ArrayDataset data = TestData.blobs(240, 12, 3, 3);
        TrainSpecBuilder b = TrainSpec.builder(GradientModeTest.ARCH, new int[] {12}).optimizer("sgd").lr(0.1)
                .batchSize(40).epochs(2).seed(5);
        Module avg = new DistributedTrainer(b.mode(Mode.LOCAL_SGD).k(1).build())
                .fit(Blocks.fromDataset(TestSpark.context(), data, 2)).model();
        Module grad = new DistributedTrainer(b.mode(Mode.GRADIENT).build())
                .fit(Blocks.fromDataset(TestSpark.context(), data, 2)).model();
        double rel = GradientModeTest.relativeDifference(avg, grad);
        assertTrue(rel <= 1e-5, "relative difference " + rel);
        assertTrue(GradientModeTest.relativeDifference(avg, b.build().newModel()) > 0.05, "the weights moved");
    }

    @Test
    void averagingEveryFourStepsLearnsWithFewerSyncs() {
        ArrayDataset data = TestData.blobs(400, 12, 3, 4);
        for (boolean averageState : new boolean[] {true, false}) {
            TrainSpec spec = TrainSpec.builder(GradientModeTest.ARCH, new int[] {12}).optimizer("adam").lr(0.01)
                    .batchSize(32).epochs(3).seed(9).mode(Mode.LOCAL_SGD).k(4).averageOptimizerState(averageState)
                    .build();
            DistributedTrainer.Result r = new DistributedTrainer(spec).fit(Blocks.fromDataset(TestSpark.context(), data, 2));
            EpochResult last = r.history().get(2);
            assertEquals(4, last.syncs()); // ceil(ceil(400 / 32) / 4) = ceil(13 / 4)
            assertEquals(400, last.examples());
            assertTrue(last.accuracy() > 0.9, "accuracy " + last.accuracy() + " (average state " + averageState + ")");
            assertTrue(last.loss() < r.history().get(0).loss(), "the loss fell");
        }
    }
}
