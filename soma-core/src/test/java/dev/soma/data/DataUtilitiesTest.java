package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataUtilitiesTest {
    static ArrayDataset classes(int n, int classes) {
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % classes;
        }
        return ArrayDataset.classification("c", x, 2, y, classes, null);
    }

    @Test
    void standardizerMatchesPopulationStatistics() {
        ArrayDataset d = ArrayDataset.regression("r", new float[] {1, 10, 2, 10, 3, 10, 6, 10}, 2, new float[4], 1);
        Standardizer s = Standardizer.fit(d);
        assertArrayEquals(new float[] {3, 10}, s.mean());
        assertArrayEquals(new float[] {(float) Math.sqrt(3.5), 1}, s.std(), 1e-6f);
        float[] batch = {1, 10, 6, 12};
        s.apply(batch, 2);
        assertArrayEquals(new float[] {(float) (-2 / Math.sqrt(3.5)), 0, (float) (3 / Math.sqrt(3.5)), 2}, batch, 1e-6f);
        Standardizer back = Standardizer.fromJson(s.toJson());
        assertArrayEquals(s.mean(), back.mean());
        assertArrayEquals(s.std(), back.std());
        float[] viaView = new float[2];
        s.wrap(d).inputs(new int[] {3}, 0, 1, viaView);
        assertArrayEquals(new float[] {(float) (3 / Math.sqrt(3.5)), 0}, viaView, 1e-6f);
        assertEquals("standardizer: feature 1 needs a finite mean and a positive finite std, got mean 0.0, std 0.0",
                assertThrows(SomaException.class, () -> Standardizer.of(new float[2], new float[] {1, 0})).getMessage());
    }

    @Test
    void splitsHaveExactSizesAreDisjointAndStratified() {
        ArrayDataset d = classes(1000, 4);
        List<Dataset> p = Splits.byRatios(d, new double[] {0.6, 0.2, 0.2}, 7);
        assertEquals(List.of(600, 200, 200), List.of(p.get(0).size(), p.get(1).size(), p.get(2).size()));
        Set<Integer> seen = new HashSet<>();
        for (Dataset part : p) {
            int[] perClass = new int[4];
            for (int i = 0; i < part.size(); i++) {
                seen.add(((Subset) part).parentIndex(i));
                perClass[part.label(i)]++;
            }
            int q = part.size() / 4;
            assertArrayEquals(new int[] {q, q, q, q}, perClass, Arrays.toString(perClass));
        }
        assertEquals(1000, seen.size());
        List<Dataset> tiny = Splits.byRatios(classes(1000, 10), new double[] {0.98, 0.01, 0.01}, 1);
        assertEquals(List.of(980, 10, 10), List.of(tiny.get(0).size(), tiny.get(1).size(), tiny.get(2).size()));
        List<Dataset> again = Splits.byRatios(d, new double[] {0.6, 0.2, 0.2}, 7);
        assertEquals(((Subset) p.get(1)).parentIndex(0), ((Subset) again.get(1)).parentIndex(0));
        assertEquals("split ratios [0.6, 0.2, 0.1] sum to 0.9, expected 1",
                assertThrows(SomaException.class, () -> Splits.byRatios(d, new double[] {0.6, 0.2, 0.1}, 1)).getMessage().replace("0.9000000000000001", "0.9"));
        assertEquals("split [0.98, 0.01, 0.01] of 20 examples of c leaves part 1 empty",
                assertThrows(SomaException.class, () -> Splits.byRatios(classes(20, 2), new double[] {0.98, 0.01, 0.01}, 1)).getMessage());
    }

    @Test
    void holdOutOfRegressionData() {
        ArrayDataset r = ArrayDataset.regression("r", new float[200], 2, new float[100], 1);
        List<Dataset> p = Splits.holdOut(r, 0.25, 3);
        assertEquals(75, p.get(0).size());
        assertEquals(25, p.get(1).size());
    }

    @Test
    void subsetIsAViewInItsOwnOrder() {
        ArrayDataset d = classes(10, 3);
        Subset s = new Subset(d, new int[] {7, 2}, "s");
        float[] b = new float[4];
        s.inputs(new int[] {1, 0}, 0, 2, b);
        assertArrayEquals(new float[] {2, -2, 7, -7}, b);
        assertEquals(1, s.label(0));
        assertEquals("s: index 10 out of range [0, 10)", assertThrows(SomaException.class, () -> new Subset(d, new int[] {10}, "s")).getMessage());
    }

    @Test
    void oneHot() {
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0}, OneHot.encode(new int[] {1, 0}, 3));
        assertArrayEquals(new int[] {1, 2}, OneHot.argmax(new float[] {0.1f, 0.7f, 0.2f, 0, 0, 5}, 2, 3));
        float[] dst = new float[6];
        OneHot.encode(classes(5, 3), new int[] {4, 2}, 0, 2, dst);
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1}, dst);
        assertEquals("one-hot: label 3 out of range [0, 3)", assertThrows(SomaException.class, () -> OneHot.encode(new int[] {3}, 3)).getMessage());
    }

    @Test
    void batchesVisitEveryExampleOncePerEpochInReusedBuffers() {
        ArrayDataset d = classes(10, 3);
        Batches b = Batches.of(d, 4, true, 5);
        assertEquals(3, b.count());
        java.util.Iterator<Batches.Batch> it = b.epoch(0);
        Set<Integer> seen = new HashSet<>();
        float[] firstBuffer = null;
        int batches = 0;
        while (it.hasNext()) {
            Batches.Batch batch = it.next();
            if (firstBuffer == null) {
                firstBuffer = batch.inputs();
            }
            assertEquals(true, firstBuffer == batch.inputs());
            for (int r = 0; r < batch.rows(); r++) {
                int i = batch.index(r);
                seen.add(i);
                assertEquals(i, batch.inputs()[2 * r], 0);
                assertEquals(i % 3, batch.labels()[r]);
            }
            assertEquals(batches < 2 ? 4 : 2, batch.rows());
            batches++;
        }
        assertEquals(10, seen.size());
        java.util.Iterator<Batches.Batch> again = Batches.of(d, 4, true, 5).epoch(0);
        java.util.Iterator<Batches.Batch> next = b.epoch(1);
        int a0 = again.next().index(0);
        assertEquals(a0, Batches.of(d, 4, true, 5).epoch(0).next().index(0));
        int[] e0 = new int[4];
        int[] e1 = new int[4];
        Batches.Batch x = Batches.of(d, 4, true, 5).epoch(0).next();
        Batches.Batch y = next.next();
        for (int r = 0; r < 4; r++) {
            e0[r] = x.index(r);
            e1[r] = y.index(r);
        }
        assertEquals(false, Arrays.equals(e0, e1), "epochs are shuffled differently");
        Batches.Batch plain = Batches.of(d, 4, false, 0).epoch(0).next();
        assertEquals(List.of(0, 1, 2, 3), List.of(plain.index(0), plain.index(1), plain.index(2), plain.index(3)));
    }
}
