package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxImagesTest {
    @TempDir
    Path dir;

    @Test
    void opensAnMnistLayoutDirectoryAndScalesPixels() throws IOException {
        byte[][] train = TestFiles.imagesAndLabels(30, 4, 5, 10);
        byte[][] test = TestFiles.imagesAndLabels(12, 4, 5, 10);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(train[0]));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), TestFiles.gzip(train[1]));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), test[0]);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), test[1]);
        DataSplit s = IdxImages.openDirectory(dir, "mnist", ImageDataset.numberedClasses(10));
        assertEquals(30, s.train().size());
        assertEquals(12, s.test().size());
        assertEquals(20, s.train().features());
        assertEquals(10, s.train().classes());
        assertEquals(7, s.train().label(17));
        assertArrayEquals(new int[] {4, 5}, ((ImageDataset) s.train()).imageShape());
        float[] batch = new float[2 * 20];
        s.train().inputs(new int[] {9, 3}, 0, 2, batch);
        assertEquals((9 * 7 + 0) / 255f, batch[0], 0);
        assertEquals((9 * 7 + 19) / 255f, batch[19], 0);
        assertEquals((3 * 7 + 5) / 255f, batch[25], 0);
    }

    @Test
    void testSetIsOptional() throws IOException {
        byte[][] train = TestFiles.imagesAndLabels(5, 2, 2, 10);
        Files.write(dir.resolve("train-images.idx3-ubyte"), train[0]);
        Files.write(dir.resolve("train-labels.idx1-ubyte"), train[1]);
        DataSplit s = IdxImages.openDirectory(dir, "m", ImageDataset.numberedClasses(10));
        assertEquals(5, s.train().size());
        assertNull(s.test());
    }

    @Test
    void mismatchedCountsAndLabelsOutOfRangeAreRefused() {
        byte[][] a = TestFiles.imagesAndLabels(6, 2, 2, 10);
        byte[][] b = TestFiles.imagesAndLabels(5, 2, 2, 10);
        List<String> ten = ImageDataset.numberedClasses(10);
        assertEquals("img holds 6 images but lab holds 5 labels", assertThrows(SomaException.class,
                () -> IdxImages.pair("d", IdxReader.read(a[0], "img"), IdxReader.read(b[1], "lab"), ten)).getMessage());
        byte[][] c = TestFiles.imagesAndLabels(20, 2, 2, 12);
        assertEquals("lab: label 10 at index 10 out of range [0, 10)", assertThrows(SomaException.class,
                () -> IdxImages.pair("d", IdxReader.read(c[0], "img"), IdxReader.read(c[1], "lab"), ten)).getMessage());
        assertEquals("lab: expected unsigned-byte labels with 1 dimension (magic 0x00000801), found type 0x08 with 3 dimensions",
                assertThrows(SomaException.class, () -> IdxImages.pair("d", IdxReader.read(a[0], "img"), IdxReader.read(a[0], "lab"), ten)).getMessage());
    }

    @Test
    void inputsForPrediction() {
        IdxReader.Idx images = IdxReader.read(TestFiles.idx(new byte[] {0, (byte) 255, 51, 102}, 2, 1, 2), "x");
        assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f}, IdxImages.inputs(images));
        assertEquals(2, images.dims()[0]);
        assertEquals(2, images.itemSize());
    }
}
