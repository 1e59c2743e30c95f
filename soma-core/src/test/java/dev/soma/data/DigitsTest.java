package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class DigitsTest {
    @Test
    void builtInDigitsHaveTheDocumentedSplitAndContent() {
        DataSplit s = DataSources.open("builtin:digits", null);
        Dataset train = s.train();
        Dataset test = s.test();
        assertEquals(8000, train.size());
        assertEquals(2000, test.size());
        assertEquals(784, train.features());
        assertEquals(10, train.classes());
        assertEquals(ImageDataset.numberedClasses(10), test.classNames());
        int[] perClassTest = new int[10];
        for (int i = 0; i < 2000; i++) {
            perClassTest[test.label(i)]++;
        }
        assertArrayEquals(new int[] {200, 225, 198, 206, 196, 173, 203, 214, 189, 196}, perClassTest);
        int[] perClassTrain = new int[10];
        for (int i = 0; i < 8000; i++) {
            perClassTrain[train.label(i)]++;
        }
        assertArrayEquals(new int[] {801, 902, 793, 826, 784, 690, 811, 856, 755, 782}, perClassTrain);
        assertEquals(List.of(2, 8, 9, 0, 2), List.of(train.label(0), train.label(1), train.label(2), train.label(3), train.label(4)));

        ImageDataset img = (ImageDataset) train;
        CRC32 crc = new CRC32();
        int sum0 = 0;
        int max = 0;
        for (int i = 0; i < 8000; i++) {
            for (int p = 0; p < 784; p++) {
                int v = img.pixel(i, p);
                crc.update(v);
                max = Math.max(max, v);
                if (i == 0) {
                    sum0 += v;
                }
            }
        }
        assertEquals(0x4c71c817L, crc.getValue(), "CRC-32 of the training pixels, as printed by python's zlib.crc32");
        assertEquals(22194, sum0);
        assertEquals(255, max);
        float[] first = new float[784];
        train.inputs(new int[] {0}, 0, 1, first);
        float[] row14 = java.util.Arrays.copyOfRange(first, 14 * 28 + 11, 14 * 28 + 15);
        assertArrayEquals(new float[] {23 / 255f, 196 / 255f, 253 / 255f, 164 / 255f}, row14);
        assertEquals(2, test.label(0));
        assertEquals(70 / 255f, inputAt(test, 0, 14 * 28 + 16));
    }

    private static float inputAt(Dataset d, int i, int p) {
        float[] b = new float[d.features()];
        d.inputs(new int[] {i}, 0, 1, b);
        return b[p];
    }
}
