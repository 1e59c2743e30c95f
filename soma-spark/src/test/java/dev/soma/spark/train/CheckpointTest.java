package dev.soma.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.data.ArrayDataset;
import dev.soma.spark.TestData;
import dev.soma.spark.TestSpark;
import dev.soma.spark.data.Blocks;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A driver that stops after an epoch resumes from its checkpoint and reaches the uninterrupted run's weights. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckpointTest {
    @Test
    void resumedRunEqualsUninterruptedRunInBothModes(@TempDir Path dir) {
        ArrayDataset data = TestData.blobs(160, 12, 3, 8);
        for (Mode mode : Mode.values()) {
            TrainSpecBuilder b = TrainSpec.builder(GradientModeTest.ARCH, new int[] {12}).optimizer("adam").lr(0.01)
                    .batchSize(32).seed(4).mode(mode).k(2);
            float[] whole = FlatParams.get(new DistributedTrainer(b.epochs(3).build())
                    .fit(Blocks.fromDataset(TestSpark.context(), data, 2)).model().parameters());

            String ckpt = "file:" + dir.resolve(mode.cliName()); // a Hadoop URI
            new DistributedTrainer(b.epochs(1).build()).checkpointDir(ckpt)
                    .fit(Blocks.fromDataset(TestSpark.context(), data, 2)); // the driver stops after epoch 1
            DistributedTrainer.Result r = new DistributedTrainer(b.epochs(3).build()).checkpointDir(ckpt)
                    .fit(Blocks.fromDataset(TestSpark.context(), data, 2));
            assertEquals(1, r.resumedFrom());
            assertEquals(2, r.history().size());
            assertArrayEquals(whole, FlatParams.get(r.model().parameters()), mode + ": resumed = uninterrupted");

            SomaException e = assertThrows(SomaException.class, () -> new DistributedTrainer(
                    b.epochs(3).optimizer("sgd").build()).checkpointDir(ckpt)
                    .fit(Blocks.fromDataset(TestSpark.context(), data, 2)));
            assertTrue(e.getMessage().contains("was written with optimizer adam, this run uses sgd"), e.getMessage());
        }
    }
}
