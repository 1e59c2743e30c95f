package dev.soma.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.ArrayDataset;
import dev.soma.nn.Module;
import dev.soma.spark.TestData;
import dev.soma.spark.TestSpark;
import dev.soma.spark.data.Block;
import dev.soma.spark.data.Blocks;
import dev.soma.tensor.Tensor;
import dev.soma.train.Trainer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mode 1 is single-process training with the global batch; runs are reproducible bit for bit. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GradientModeTest {
    static final String ARCH = "linear:12:16,relu,linear:16:3";

    static TrainSpecBuilder spec(String optimizer) {
        return TrainSpec.builder(ARCH, new int[] {12}).optimizer(optimizer).lr(0.05).momentum(0.9).batchSize(32)
                .epochs(3).seed(7);
    }

    /** Largest |a − b| over the largest |b|, over all tensors. */
    static double relativeDifference(Module a, Module b) {
        double diff = 0;
        double scale = 0;
        Map<String, Tensor> sb = b.stateDict();
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
            float[] x = e.getValue().toFloatArray();
            float[] y = sb.get(e.getKey()).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
                scale = Math.max(scale, Math.abs(y[i]));
            }
        }
        return diff / scale;
    }

    static Module singleProcess(TrainSpec spec, ArrayDataset data) {
        Module m = spec.newModel();
        new Trainer(spec.trainConfig().threads(1)).fit(m, data, null);
        return m;
    }

    @Test
    void matchesSingleProcessTrainingWithTheGlobalBatch() {
        ArrayDataset data = TestData.blobs(300, 12, 3, 1);
        for (String opt : List.of("momentum", "adam")) {
            TrainSpec spec = spec(opt).sync(Sync.COLLECT).build(); // three partitions: more than local[2]'s slots
            JavaRDD<Block> blocks = Blocks.fromDataset(TestSpark.context(), data, 3);
            DistributedTrainer.Result r = new DistributedTrainer(spec).fit(blocks);
            Module single = singleProcess(spec, data);
            double rel = relativeDifference(r.model(), single);
            assertTrue(rel <= 1e-5, opt + ": relative weight difference " + rel);
            assertTrue(relativeDifference(r.model(), spec.newModel()) > 0.05, opt + ": the weights moved");
            assertEquals(3, r.history().size());
            assertEquals(300, r.history().get(0).examples());
            assertEquals(10, r.history().get(0).syncs()); // ceil(300 / 32) steps, one job each
            assertTrue(r.history().get(2).accuracy() > 0.9, "accuracy " + r.history().get(2).accuracy());
        }
    }

    @Test
    void sameSeedAndPartitioningGiveTheSameBits() {
        ArrayDataset data = TestData.blobs(200, 12, 3, 2);
        for (Mode mode : Mode.values()) {
            float[][] runs = new float[2][];
            for (int i = 0; i < 2; i++) {
                TrainSpec spec = spec("adam").mode(mode).k(3).epochs(2).build();
                Module m = new DistributedTrainer(spec).fit(Blocks.fromDataset(TestSpark.context(), data, 2)).model();
                runs[i] = FlatParams.get(m.parameters());
            }
            assertArrayEquals(runs[0], runs[1], mode + ": bit-identical weights");
        }
    }
}
