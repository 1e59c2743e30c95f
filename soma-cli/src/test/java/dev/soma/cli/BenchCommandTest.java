package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code soma bench} on a tiny MNIST-layout directory the test writes (the real run lives in the README). */
class BenchCommandTest {
    @TempDir
    Path dir;

    /** n images of 28×28 whose class k is a bright horizontal bar at row 2k+4: easy to learn. */
    static void writeSet(Path dir, String prefix, int n, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(img);
        DataOutputStream l = new DataOutputStream(lab);
        i.writeInt(0x803);
        i.writeInt(n);
        i.writeInt(28);
        i.writeInt(28);
        l.writeInt(0x801);
        l.writeInt(n);
        for (int k = 0; k < n; k++) {
            int label = rng.nextInt(10);
            l.writeByte(label);
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                i.writeByte(row == 2 * label + 4 ? 200 + rng.nextInt(56) : rng.nextInt(30));
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), img.toByteArray());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), lab.toByteArray());
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsB1B2B3WithTheReferenceScriptsKeys() throws Exception {
        writeSet(dir, "train", 512, 1);
        writeSet(dir, "t10k", 256, 2);
        Path js = dir.resolve("bench.json");
        Cli r = Cli.run("bench", "--data", dir.toString(), "--epochs", "2", "--json", js.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("B1 epoch 2: "), r.out);
        assertTrue(r.out.contains("B2: "), r.out);
        assertTrue(r.out.contains("B3: "), r.out);
        Map<String, Object> j = (Map<String, Object>) Json.parse(Files.readString(js));
        for (String k : new String[] {"framework", "version", "jdk", "kernels", "threads", "n_train", "n_test",
            "b1_epoch_s", "b1_sec_per_epoch_median_2_5", "b1_peak_rss_mb", "b1_samples_per_sec", "b1_test_acc", "b1_train_loss",
            "process_to_first_batch_s", "data_load_s", "b2_sec_per_epoch", "b2_test_acc", "b3_batch_throughput_img_s",
            "b3_batch_acc", "b3_batch1_latency_us", "b3_batch1_latency_p90_us", "peak_rss_mb", "process_wall_s"}) {
            assertTrue(j.containsKey(k), k + " missing in " + j.keySet());
        }
        assertEquals("soma", j.get("framework"));
        assertEquals(512L, j.get("n_train"));
        assertEquals(256L, j.get("n_test"));
        assertEquals(2, ((List<Object>) j.get("b1_epoch_s")).size());
        assertEquals(((Number) j.get("b1_test_acc")).doubleValue(), ((Number) j.get("b3_batch_acc")).doubleValue(), 1e-12,
                "B3 predicts with the trained B1 network");
        assertTrue(((Number) j.get("b1_test_acc")).doubleValue() > 0.5, "bars are easy to tell apart: " + j.get("b1_test_acc"));
        assertEquals(512 / (Double) j.get("b1_sec_per_epoch_median_2_5"), (Double) j.get("b1_samples_per_sec"), 1e-6);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @SuppressWarnings("unchecked")
    void cnnReportsC1WithPytorchCnnKeys() throws Exception {
        writeSet(dir, "train", 1024, 3);
        writeSet(dir, "t10k", 256, 4);
        Path js = dir.resolve("cnn.json");
        Cli r = Cli.run("bench", "--cnn", "--data", dir.toString(), "--json", js.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("C1 epoch 3: "), r.out);
        assertTrue(r.out.contains("C1: "), r.out);
        assertFalse(r.out.contains("B1"), r.out);
        Map<String, Object> j = (Map<String, Object>) Json.parse(Files.readString(js));
        for (String k : new String[] {"framework", "version", "threads", "c1_epoch_s", "c1_sec_per_epoch_median",
            "c1_samples_per_sec", "c1_test_acc", "c1_batch1_latency_us", "c1_train_loss", "peak_rss_mb"}) {
            assertTrue(j.containsKey(k), k + " missing in " + j.keySet());
        }
        assertFalse(j.containsKey("b1_test_acc"), "--cnn runs C1 only: " + j.keySet());
        assertEquals(1024L, j.get("n_train"));
        assertEquals(3, ((List<Object>) j.get("c1_epoch_s")).size(), "default: 3 epochs, as pytorch_cnn.py");
        assertEquals(256L, j.get("c1_batch1_n"), "every test image timed when there are fewer than 2,000");
        double acc = ((Number) j.get("c1_test_acc")).doubleValue();
        assertTrue(acc > 0.3, "bars are easy to tell apart, chance is 0.1: " + acc);
        List<Object> losses = (List<Object>) j.get("c1_train_loss");
        assertTrue(((Number) losses.get(2)).doubleValue() < ((Number) losses.get(0)).doubleValue(), "loss falls: " + losses);
        assertTrue(((Number) j.get("c1_batch1_latency_us")).doubleValue() > 0);
        assertEquals(1024 / (Double) j.get("c1_sec_per_epoch_median"), (Double) j.get("c1_samples_per_sec"), 1e-6);
    }

    @Test
    @SuppressWarnings("unchecked")
    void mlpAndBatchReplaceB1sNetworkAndSkipB2B3() throws Exception {
        writeSet(dir, "train", 512, 7);
        writeSet(dir, "t10k", 256, 8);
        Path js = dir.resolve("wide.json");
        Cli r = Cli.run("bench", "--mlp", "784-64-32-10", "--batch", "64", "--data", dir.toString(), "--epochs", "2",
                "--json", js.toString());
        assertEquals(0, r.code, r.toString());
        assertFalse(r.out.contains("B2: "), r.out);
        Map<String, Object> j = (Map<String, Object>) Json.parse(Files.readString(js));
        assertEquals("784-64-32-10", j.get("b1_architecture"));
        assertEquals(64L, j.get("b1_batch"));
        assertFalse(j.containsKey("b2_sec_per_epoch"), j.keySet().toString());
        assertTrue(((Number) j.get("b1_test_acc")).doubleValue() > 0.5, "bars are easy to tell apart: " + j.get("b1_test_acc"));
    }

    @Test
    void badMlpSizesSayWhatIsExpected() throws Exception {
        writeSet(dir, "train", 16, 9);
        writeSet(dir, "t10k", 16, 10);
        Cli r = Cli.run("bench", "--mlp", "100-10", "--data", dir.toString());
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: --mlp 100-10: expected positive sizes from 784 inputs to 10 classes (Fashion-MNIST), "
                + "e.g. 784-2048-10\n", r.errLines());
        r = Cli.run("bench", "--mlp", "784-x-10", "--data", dir.toString());
        assertEquals("soma: error: --mlp 784-x-10: expected layer sizes joined by '-', e.g. 784-2048-10\n", r.errLines());
    }

    @Test
    void cnnAndOnlyB1AreRefusedTogether() throws Exception {
        writeSet(dir, "train", 16, 5);
        writeSet(dir, "t10k", 16, 6);
        Cli r = Cli.run("bench", "--cnn", "--only-b1", "--data", dir.toString());
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: --cnn and --only-b1: expected one of them (--cnn runs C1 only)\n", r.errLines());
    }

    @Test
    void missingDataDirectorySaysHowToGetIt() {
        Path d = dir.resolve("fashion");
        Cli r = Cli.run("bench", "--data", d.toString());
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: --data " + d + ": no such directory (Fashion-MNIST: apt-get install "
                + "dataset-fashion-mnist, or give the directory of its four IDX files)\n", r.errLines());
    }
}
