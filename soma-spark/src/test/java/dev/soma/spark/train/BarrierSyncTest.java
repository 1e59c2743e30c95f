package dev.soma.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.data.ArrayDataset;
import dev.soma.nn.Module;
import dev.soma.spark.TestData;
import dev.soma.spark.TestSpark;
import dev.soma.spark.data.Blocks;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The barrier all-reduce gives the collect strategy's model bit for bit, in both modes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BarrierSyncTest {
    static float[] train(TrainSpec spec, ArrayDataset data, int partitions) {
        return FlatParams.get(new DistributedTrainer(spec)
                .fit(Blocks.fromDataset(TestSpark.context(), data, partitions)).model().parameters());
    }

    @Test
    void gradientModeEqualsCollectAndSingleProcess() {
        ArrayDataset data = TestData.blobs(300, 12, 3, 1);
        TrainSpecBuilder b = GradientModeTest.spec("adam").mode(Mode.GRADIENT);
        DistributedTrainer.Result r = new DistributedTrainer(b.sync(Sync.BARRIER).build())
                .fit(Blocks.fromDataset(TestSpark.context(), data, 2));
        float[] barrier = FlatParams.get(r.model().parameters());
        assertArrayEquals(train(b.sync(Sync.COLLECT).build(), data, 2), barrier, "barrier = collect, bit for bit");
        Module single = GradientModeTest.singleProcess(b.build(), data);
        double rel = GradientModeTest.relativeDifference(r.model(), single);
        assertTrue(rel <= 1e-5, "relative weight difference to single process " + rel);
        assertTrue(GradientModeTest.relativeDifference(r.model(), b.build().newModel()) > 0.05, "the weights moved");
        assertEquals(10, r.history().get(0).syncs()); // ceil(300 / 32) steps
        assertEquals(300, r.history().get(0).examples());
        assertTrue(r.history().get(2).accuracy() > 0.9, "accuracy " + r.history().get(2).accuracy());
    }

    @Test
    void localSgdEqualsCollectWithAveragedAndLocalState() {
        ArrayDataset data = TestData.blobs(400, 12, 3, 4);
        for (boolean averageState : new boolean[] {true, false}) {
            TrainSpecBuilder b = TrainSpec.builder(GradientModeTest.ARCH, new int[] {12}).optimizer("adam").lr(0.01)
                    .batchSize(32).epochs(2).seed(9).mode(Mode.LOCAL_SGD).k(4).averageOptimizerState(averageState);
            float[] barrier = train(b.sync(Sync.BARRIER).build(), data, 2);
            float[] collect = train(b.sync(Sync.COLLECT).build(), data, 2);
            assertArrayEquals(collect, barrier, "average state " + averageState + ": barrier = collect");
            assertTrue(GradientModeTest.relativeDifference(modelOf(b.build(), barrier), b.build().newModel()) > 0.05);
        }
    }

    @Test
    void morePartitionsThanTaskSlotsFailsWithOneLine() {
        ArrayDataset data = TestData.blobs(90, 12, 3, 5);
        TrainSpec spec = GradientModeTest.spec("adam").epochs(1).sync(Sync.BARRIER).build();
        SomaException e = assertThrows(SomaException.class, () -> new DistributedTrainer(spec)
                .fit(Blocks.fromDataset(TestSpark.context(), data, 3)));
        assertEquals("barrier synchronization runs all 3 partitions at once, but the cluster has 2 task slots; use at "
                + "most 2 partitions (--partitions) or --sync collect", e.getMessage());
    }

    @Test
    void autoUsesBarrierWhenEverySlotFitsAndCollectOtherwiseWithTheSameBits() {
        ArrayDataset data = TestData.blobs(300, 12, 3, 7);
        for (Mode mode : Mode.values()) {
            TrainSpecBuilder b = GradientModeTest.spec("adam").epochs(2).mode(mode).k(3);
            assertEquals(Sync.AUTO, b.build().sync, "the default");
            // 2 partitions on local[2]: barrier; 3: too few slots, so collect, and no failure
            assertArrayEquals(train(b.sync(Sync.BARRIER).build(), data, 2), train(b.sync(Sync.AUTO).build(), data, 2),
                    mode + ", 2 partitions");
            assertArrayEquals(train(b.sync(Sync.COLLECT).build(), data, 3), train(b.sync(Sync.AUTO).build(), data, 3),
                    mode + ", 3 partitions");
        }
    }

    @Test
    void anEpochRunAgainAfterAKilledTaskGivesTheSameModel() {
        ArrayDataset data = TestData.blobs(300, 12, 3, 6);
        TrainSpecBuilder b = GradientModeTest.spec("adam").epochs(2).sync(Sync.BARRIER);
        float[] clean = train(b.build(), data, 2);
        AtomicBoolean armed = new AtomicBoolean();
        AtomicInteger killed = new AtomicInteger();
        SparkContext sc = TestSpark.session().sparkContext();
        SparkListener killer = new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart e) {
                if (armed.getAndSet(false)) { // the first task of epoch 2's barrier stage
                    sc.killTaskAttempt(e.taskInfo().taskId(), true, "killed by the test");
                    killed.incrementAndGet();
                }
            }
        };
        sc.addSparkListener(killer);
        try {
            DistributedTrainer.Result r = new DistributedTrainer(b.build()).onEpoch(ep -> armed.set(ep.epoch() == 1))
                    .fit(Blocks.fromDataset(TestSpark.context(), data, 2));
            assertEquals(1, killed.get(), "one task was killed");
            assertEquals(2, r.history().size());
            assertArrayEquals(clean, FlatParams.get(r.model().parameters()), "the rerun epoch gives the same bits");
        } finally {
            sc.removeSparkListener(killer);
        }
    }

    private static Module modelOf(TrainSpec spec, float[] w) {
        Module m = spec.newModel();
        FlatParams.set(m.parameters(), w);
        return m;
    }
}
