package dev.soma.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    static double r(String spec, int t) {
        return Schedules.parse(spec).rate(t, 10, 0.1);
    }

    @Test
    void closedFormSchedules() {
        assertEquals(0.1, r("constant", 7), 0);
        assertEquals(0.1, r("step:3:0.5", 2), 1e-15);
        assertEquals(0.05, r("step:3:0.5", 3), 1e-15);
        assertEquals(0.025, r("step:3:0.5", 6), 1e-15);
        assertEquals(0.1 * Math.pow(0.9, 4), r("exp:0.9", 4), 1e-15);
        assertEquals(0.1 / (1 + 0.5 * 4), r("inverse:0.5", 4), 1e-15);
        assertEquals(0.1 / 2, r("sqrt", 3), 1e-15);
        assertEquals(0.1, r("cosine", 0), 1e-15);
        assertEquals(0.05, r("cosine", 5), 1e-15);
        assertEquals(0.0, r("cosine", 10), 1e-15);
        assertEquals(0.001 + 0.099 * (1 + Math.cos(Math.PI * 2 / 4)) / 2, r("cosine:4:0.001", 2), 1e-15);
        assertEquals(0.025, r("warmup:4", 0), 1e-15);
        assertEquals(0.1, r("warmup:4", 3), 1e-15);
        assertEquals(0.1, r("warmup:4", 8), 1e-15);
    }

    @Test
    void reduceOnPlateauWaitsForPatience() {
        Schedule s = Schedules.parse("plateau:2:0.5");
        double[] losses = {1.0, 0.9, 0.95, 0.92, 0.91, 0.8, 0.85, 0.85, 0.85};
        // torch: reduce when the epochs without improvement exceed the patience (after the 3rd bad epoch)
        double[] expected = {0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05};
        for (int t = 0; t < losses.length; t++) {
            assertEquals(expected[t], s.rate(t, 10, 0.1), 1e-15, "epoch " + t);
            s.observe(losses[t]);
        }
        assertEquals(0.025, s.rate(9, 10, 0.1), 1e-15);
        Schedule copy = Schedules.parse("plateau:2:0.5");
        copy.loadState(s.state());
        assertEquals(s.rate(9, 10, 0.1), copy.rate(9, 10, 0.1), 0);
        assertEquals("plateau:2:0.5", s.spec());
    }

    @Test
    void specsRoundTripAndErrors() {
        for (String spec : new String[] {"constant", "step:3:0.5", "exp:0.9", "inverse:0.5", "sqrt", "cosine", "warmup:4"}) {
            assertEquals(spec, Schedules.parse(spec).spec());
        }
        assertEquals("schedule 'step:x': For input string: \"x\" is not a number",
                assertThrows(SomaException.class, () -> Schedules.parse("step:x")).getMessage());
        assertEquals("step: period must be positive, got 0",
                assertThrows(SomaException.class, () -> Schedules.parse("step:0:0.5")).getMessage());
    }
}
