package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** k-fold cross-validation splits: every example in exactly one dev part, stratified, sizes as even as possible. */
class KFoldTest {
    @Test
    void everyExampleIsInExactlyOneDevFoldAndNeverInItsOwnTraining() {
        int n = 103;
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i; // the feature identifies the example
            y[i] = i < 73 ? 0 : 1; // 73 : 30
        }
        Dataset d = ArrayDataset.classification("ids", x, 1, y, 2, null);
        List<List<Dataset>> folds = Splits.kFold(d, 5, 7);
        assertEquals(5, folds.size());
        int[] devCount = new int[n];
        float[] one = new float[1];
        for (List<Dataset> f : folds) {
            Dataset train = f.get(0);
            Dataset dev = f.get(1);
            assertEquals(n, train.size() + dev.size());
            // 103 / 5: sizes 21 or 20; class 1 (30 examples) spread 6 per fold
            assertEquals(true, dev.size() == 20 || dev.size() == 21, "dev size " + dev.size());
            int ones = 0;
            boolean[] inDev = new boolean[n];
            for (int i = 0; i < dev.size(); i++) {
                dev.inputs(new int[] {i}, 0, 1, one);
                devCount[(int) one[0]]++;
                inDev[(int) one[0]] = true;
                ones += dev.label(i);
            }
            assertEquals(6, ones, "stratified: 30 of class 1 over 5 folds");
            for (int i = 0; i < train.size(); i++) {
                train.inputs(new int[] {i}, 0, 1, one);
                assertEquals(false, inDev[(int) one[0]], "example " + one[0] + " in both parts of a fold");
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, devCount[i], "example " + i + " in " + devCount[i] + " dev folds");
        }
        assertEquals("k-fold: expected 2 ≤ k ≤ 103 (the examples of ids), got 1",
                assertThrows(SomaException.class, () -> Splits.kFold(d, 1, 7)).getMessage());
    }
}
