package dev.soma.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.SafeTensors;
import dev.soma.spark.TestSpark;
import dev.soma.spark.cli.SparkMain;
import dev.soma.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The submit command against a real stand-alone cluster (Master and two Workers on 127.0.0.1, each its own JVM):
 * one worker JVM is killed with SIGKILL mid-training, Spark runs its tasks on the other, and the model is the same,
 * bit for bit, as the one trained without any failure in local[2] (gradient mode, collect strategy: its one-core
 * workers leave too few slots for a barrier stage after the kill; same seed, same partitioning).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StandaloneClusterTest {
    static List<String> trainArgs(String master, Path out) {
        return List.of("dev.soma.spark.cli.SparkMain", "train", "--spark", master, "--data", "builtin:digits",
                "--out", out.toString(), "--hidden", "16", "--epochs", "3", "--batch", "250", "--mode", "gradient",
                "--partitions", "2", "--seed", "3", "--sync", "collect");
    }

    static Process driver(LocalCluster c, String name, Path out) throws Exception {
        return c.start(name, trainArgs(c.masterUrl(), out),
                "-Dspark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector",
                "-Dspark.executor.extraClassPath=" + c.somaClasses,
                "-Dspark.executor.memory=512m", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1");
    }

    static Map<String, Tensor> weights(Path model) {
        return SafeTensors.read(model).tensors();
    }

    @Test
    void trainsOnAStandaloneClusterAndSurvivesAKilledWorker(@TempDir Path dir) throws Exception {
        try (LocalCluster c = new LocalCluster(dir, 2)) {
            Path faulty = dir.resolve("faulty.safetensors");
            Process d2 = driver(c, "driver-faulty", faulty);
            c.awaitLog("driver-faulty", "epoch 1:", 90);
            LocalCluster.kill(c.workers.get(1)); // SIGKILL; its executor exits when it loses its worker
            assertTrue(d2.waitFor(150, TimeUnit.SECONDS), "the second run finished in time:\n" + c.log("driver-faulty"));
            String log = c.log("driver-faulty");
            assertEquals(0, d2.exitValue(), log);
            assertTrue(log.contains("Lost executor"), "the driver saw the executor go:\n" + log);
            assertTrue(log.indexOf("Lost executor") < log.indexOf("epoch 3:"), "before training ended:\n" + log);
            assertTrue(log.contains("test accuracy"), log);

            Path clean = dir.resolve("clean.safetensors"); // the same run without failure, in this JVM's local[2]
            TestSpark.session();
            List<String> args = trainArgs("local[2]", clean);
            List<String> cli = new ArrayList<>(args.subList(1, args.size()));
            int at = cli.indexOf("--spark");
            cli.remove(at + 1);
            cli.remove(at); // the tests' session is used
            assertEquals(0, SparkMain.run(cli.toArray(new String[0])));

            Map<String, Tensor> a = weights(clean);
            Map<String, Tensor> b = weights(faulty);
            assertEquals(new ArrayList<>(a.keySet()), new ArrayList<>(b.keySet()));
            for (String k : a.keySet()) {
                assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k + ": bit-identical after the failure");
            }
        }
    }
}
