package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsBatchesOfADirectory() throws IOException {
        Path d = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        Files.write(d.resolve("data_batch_1.bin"), TestFiles.cifar(7));
        Files.write(d.resolve("data_batch_2.bin"), TestFiles.cifar(5));
        Files.write(d.resolve("test_batch.bin"), TestFiles.cifar(3));
        assertEquals(true, Cifar10Reader.isCifarDirectory(dir));
        DataSplit s = DataSources.open(dir.toString(), null);
        assertEquals(12, s.train().size());
        assertEquals(3, s.test().size());
        assertEquals(3072, s.train().features());
        assertEquals(Cifar10Reader.CLASSES, s.train().classNames());
        assertEquals(6, s.train().label(6));
        assertEquals(2, s.train().label(9)); // record 2 of the second batch
        float[] b = new float[3072];
        s.train().inputs(new int[] {9}, 0, 1, b);
        assertEquals(2 / 255f, b[0]);
        assertEquals(((2 + 3071) % 256) / 255f, b[3071]);
        assertArrayEquals(new int[] {3, 32, 32}, ((ImageDataset) s.train()).imageShape());
    }

    @Test
    void classNamesFromMetaFile() throws IOException {
        Files.write(dir.resolve("data_batch_1.bin"), TestFiles.cifar(2));
        Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\n\n");
        Files.write(dir.resolve("data_batch_2.bin"), Arrays.copyOf(TestFiles.cifar(2), 3073));
        byte[] bad = TestFiles.cifar(3);
        bad[2 * 3073] = 2;
        Files.write(dir.resolve("data_batch_3.bin"), bad);
        assertEquals(dir.resolve("data_batch_3.bin") + ": record 2: label 2 out of range [0, 2)",
                assertThrows(SomaException.class, () -> Cifar10Reader.readDirectory(dir)).getMessage());
        Files.write(dir.resolve("data_batch_3.bin"), new byte[3074]);
        assertEquals(dir.resolve("data_batch_3.bin") + ": 3074 bytes is not a whole number of 3073-byte CIFAR-10 records",
                assertThrows(SomaException.class, () -> Cifar10Reader.readDirectory(dir)).getMessage());
        Files.delete(dir.resolve("data_batch_3.bin"));
        DataSplit s = Cifar10Reader.readDirectory(dir);
        assertEquals(List.of("a", "b"), s.train().classNames());
        assertEquals(3, s.train().size());
        assertEquals(null, s.test());
    }
}
