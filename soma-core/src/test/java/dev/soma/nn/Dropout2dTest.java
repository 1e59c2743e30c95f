package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Dropout2dTest {
    @Test
    void stageMatchesGraph() {
        StageChecks.assertStageMatchesGraph(new Dropout2d(0.5, 3), new int[] {4, 3, 3}, 5, 31);
        StageChecks.assertStageMatchesGraph(new Dropout2d(0.2, 4), new int[] {6, 7}, 3, 32);
        StageChecks.assertStageMatchesGraph(new Dropout2d(0.0, 4), new int[] {2, 2, 2}, 2, 33);
    }

    @Test
    void zeroesWholeChannelsAndScalesTheRest() {
        Dropout2d d = new Dropout2d(0.5, 9);
        Tensor x = Tensor.full(DType.F32, 1.0, 8, 16, 3, 3);
        float[] y = d.forward(x, true).toFloatArray();
        int dropped = 0;
        for (int ch = 0; ch < 8 * 16; ch++) {
            float v = y[ch * 9];
            assertTrue(v == 0f || v == 2f, "value " + v);
            for (int j = 1; j < 9; j++) {
                assertEquals(v, y[ch * 9 + j], 0f, "channel " + ch + " is dropped or kept whole");
            }
            dropped += v == 0f ? 1 : 0;
        }
        assertTrue(dropped > 40 && dropped < 88, dropped + " of 128 channels dropped at p = 0.5");
        assertEquals(1, d.calls());
        assertArrayEquals(y, new Dropout2d(0.5, 9).forward(x, true).toFloatArray(), 0f, "same seed, same masks");
        assertSame(x, d.forward(x, false), "evaluation is the identity");
    }

    @Test
    void float64UsesTheSameDecisions() {
        Tensor x = Tensor.randn(DType.F32, new SplittableRandom(1), 3, 5, 4);
        float[] f = new Dropout2d(0.3, 2).forward(x, true).toFloatArray();
        float[] d = new Dropout2d(0.3, 2).forward(x.to(DType.F64), true).toFloatArray();
        assertArrayEquals(f, d, 1e-6f);
    }

    @Test
    void errors() {
        assertEquals("Dropout2d(0.5) expects examples [C, H, W] or [C, L], got [16]",
                assertThrows(SomaException.class, () -> new Dropout2d(0.5).outputShape(new int[] {16})).getMessage());
        assertEquals("Dropout2d: p must be in [0, 1), got 1.0",
                assertThrows(SomaException.class, () -> new Dropout2d(1.0)).getMessage());
        assertEquals("dropout2d:0.25", Sequential.fromSpec("dropout2d:0.25", null, 1).spec());
    }
}
