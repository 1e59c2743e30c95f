package dev.soma.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.spark.TestData;
import dev.soma.spark.TestSpark;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blocks made from a driver-side data set give their broadcasts back when released. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlocksReleaseTest {
    @Test
    void releaseDestroysTheBroadcasts() {
        JavaRDD<Block> blocks = Blocks.fromDataset(TestSpark.context(), TestData.blobs(40, 12, 3, 1), 2);
        assertEquals(40L, Blocks.count(blocks));
        Blocks.release(blocks);
        Exception e = assertThrows(Exception.class, () -> Blocks.count(blocks));
        assertTrue(String.valueOf(e.getMessage()).contains("destroyed"), e.getMessage());
    }
}
