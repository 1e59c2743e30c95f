package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PlaygroundTest {
    static float[] all(Dataset d) {
        int[] idx = new int[d.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        float[] x = new float[d.size() * d.features()];
        d.inputs(idx, 0, idx.length, x);
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"circles", "xor", "gaussians", "spiral"})
    void deterministicBalancedTwoClassSets(String name) {
        ArrayDataset a = Playground.generate(name, 400, 0.1, 5);
        ArrayDataset b = Playground.generate(name, 400, 0.1, 5);
        assertArrayEquals(all(a), all(b));
        assertEquals(2, a.features());
        assertEquals(2, a.classes());
        int ones = 0;
        for (int i = 0; i < a.size(); i++) {
            ones += a.label(i);
        }
        assertTrue(ones > 120 && ones < 280, name + ": " + ones + " of 400 in class 1");
        float[] other = all(Playground.generate(name, 400, 0.1, 6));
        assertTrue(!java.util.Arrays.equals(all(a), other));
    }

    @Test
    void noiseFreeGeometryHolds() {
        ArrayDataset c = Playground.generate("circles", 300, 0, 1);
        ArrayDataset x = Playground.generate("xor", 300, 0, 1);
        float[] cx = all(c);
        float[] xx = all(x);
        for (int i = 0; i < 300; i++) {
            double r = Math.hypot(cx[2 * i], cx[2 * i + 1]);
            assertEquals(r < 2.5 ? 1 : 0, c.label(i), "circle point " + i);
            assertTrue(r <= 2.5 || r >= 3.5);
            assertEquals(xx[2 * i] * xx[2 * i + 1] >= 0 ? 1 : 0, x.label(i));
            assertTrue(Math.abs(xx[2 * i]) >= 0.3);
        }
        float[] s = all(Playground.generate("spiral", 200, 0, 1));
        assertEquals(0f, s[0]); // r = 0 at the start of arm 1
        assertEquals(4.95 * Math.sin(1.75 * 2 * Math.PI * 99 / 100), s[2 * 99], 1e-5);
    }

    @Test
    void gaussianMeansAndHouses() {
        ArrayDataset g = Playground.generate("gaussians", 2000, 0, 3);
        float[] x = all(g);
        double m1 = 0;
        double m0 = 0;
        for (int i = 0; i < 2000; i++) {
            if (g.label(i) == 1) {
                m1 += x[2 * i] / 1000;
            } else {
                m0 += x[2 * i] / 1000;
            }
        }
        assertEquals(2, m1, 0.1);
        assertEquals(-2, m0, 0.1);
        ArrayDataset h = Playground.houses(500, 0, 9);
        float[] hx = all(h);
        float[] y = new float[500];
        int[] idx = new int[500];
        for (int i = 0; i < 500; i++) {
            idx[i] = i;
        }
        h.targets(idx, 0, 500, y);
        for (int i = 0; i < 500; i++) {
            assertEquals(50 + 2 * hx[2 * i] + 25 * hx[2 * i + 1], y[i], 1e-3, "house " + i);
            assertTrue(hx[2 * i] >= 40 && hx[2 * i] <= 250 && hx[2 * i + 1] >= 1 && hx[2 * i + 1] <= 8);
        }
        assertEquals("unknown playground data set 'moons', expected one of [circles, xor, gaussians, spiral]",
                assertThrows(SomaException.class, () -> Playground.generate("moons", 10, 0, 1)).getMessage());
    }
}
