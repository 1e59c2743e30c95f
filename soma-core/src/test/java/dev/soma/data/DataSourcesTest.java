package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {
    @TempDir
    Path dir;

    @Test
    void playgroundSpecsHonourSizeNoiseSeedAndTestFraction() {
        DataSplit s = DataSources.open("builtin:spiral", DataOptions.defaults().size(500).noise(0.2).seed(3).testFraction(0.2));
        assertEquals(400, s.train().size());
        assertEquals(100, s.test().size());
        assertEquals("builtin:spiral/train", s.train().name());
        DataSplit h = DataSources.open("BUILTIN:houses", DataOptions.defaults().size(100));
        assertEquals(80, h.train().size());
        assertEquals(1, h.train().targetWidth());
        assertEquals(false, h.train().isClassification());
    }

    @Test
    void csvFilesAndIdxDirectories() throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "a,b,y\n1,2,3.5\n4,5,6.5\n");
        DataSplit c = DataSources.open(csv.toString(), DataOptions.defaults().regression(true).target("y"));
        assertEquals(2, c.train().size());
        assertNull(c.test());
        Path mnist = Files.createDirectories(dir.resolve("my-fashion-copy"));
        byte[][] f = TestFiles.imagesAndLabels(4, 28, 28, 10);
        Files.write(mnist.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(f[0]));
        Files.write(mnist.resolve("train-labels-idx1-ubyte.gz"), TestFiles.gzip(f[1]));
        DataSplit m = DataSources.open(mnist.toString(), null);
        assertEquals(4, m.train().size());
        assertEquals(FashionMnist.CLASSES, m.train().classNames());
    }

    @Test
    void unknownSpecsExplainWhatIsAccepted() throws IOException {
        assertEquals("unknown built-in data set 'mnist', expected one of [digits, circles, xor, gaussians, spiral, houses, fashion-mnist]",
                assertThrows(SomaException.class, () -> DataSources.open("builtin:mnist", null)).getMessage());
        assertEquals("nope.csv: no such file or directory (expected a CSV file, an IDX or CIFAR-10 directory, or builtin:NAME with NAME one of "
                + "[digits, circles, xor, gaussians, spiral, houses, fashion-mnist])",
                assertThrows(SomaException.class, () -> DataSources.open("nope.csv", null)).getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(empty + ": directory holds neither MNIST-layout IDX files (train-images-idx3-ubyte[.gz]) nor CIFAR-10 binary batches (data_batch_1.bin)",
                assertThrows(SomaException.class, () -> DataSources.open(empty.toString(), null)).getMessage());
    }

    @Test
    void fashionMnistFromTheDebianPackage() {
        Assumptions.assumeTrue(FashionMnist.isInstalled(), "Fashion-MNIST absent: " + FashionMnist.INSTALL_HINT);
        DataSplit s = DataSources.open("fashion-mnist", null);
        assertEquals(60000, s.train().size());
        assertEquals(10000, s.test().size());
        assertEquals(784, s.train().features());
        assertEquals("Ankle boot", s.train().classNames().get(9));
        assertEquals(9, s.train().label(0)); // the first Fashion-MNIST training image is an ankle boot
        assertEquals(9, s.test().label(0));
        float[] b = new float[784];
        s.train().inputs(new int[] {0}, 0, 1, b);
        float max = 0;
        for (float v : b) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
    }

    @Test
    void missingFashionMnistSaysHowToInstall() {
        Assumptions.assumeTrue(!FashionMnist.isInstalled(), "Fashion-MNIST is installed here");
        SomaException e = assertThrows(SomaException.class, () -> DataSources.open("builtin:fashion-mnist", null));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }
}
