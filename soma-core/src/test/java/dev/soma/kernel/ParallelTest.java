package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** The worker pool: every part runs exactly once, failures come back to the caller, nesting does not deadlock. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard (a lost wake-up would otherwise block the build), not a speed check
class ParallelTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
    }

    @Test
    void everyPartRunsOnceForAnyPoolSize() {
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            assertEquals(threads, Parallel.threads());
            for (int parts = 1; parts <= 7; parts++) {
                for (int rep = 0; rep < 200; rep++) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(parts);
                    Parallel.run(parts, hits::incrementAndGet);
                    int[] expected = new int[parts];
                    java.util.Arrays.fill(expected, 1);
                    int[] actual = new int[parts];
                    for (int i = 0; i < parts; i++) {
                        actual[i] = hits.get(i);
                    }
                    assertArrayEquals(expected, actual, threads + " threads, " + parts + " parts");
                }
            }
        }
    }

    @Test
    void aFailingPartIsRethrownAfterTheOthersFinish() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.run(2, part -> {
            hits.incrementAndGet(part);
            if (part == 1) {
                throw new IllegalArgumentException("part 1 failed");
            }
        }));
        assertEquals("part 1 failed", e.getMessage());
        assertEquals(1, hits.get(0));
        assertEquals(1, hits.get(1));
        AtomicIntegerArray again = new AtomicIntegerArray(2);
        Parallel.run(2, again::incrementAndGet);
        assertEquals(1, again.get(1), "the pool still works after a failure");
    }

    @Test
    void nestedJobsRunInlineInsteadOfDeadlocking() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(4);
        Parallel.run(2, outer -> Parallel.run(2, inner -> hits.incrementAndGet(outer * 2 + inner)));
        for (int i = 0; i < 4; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void rejectsZeroThreads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertEquals("Parallel.setThreads: expected at least 1 thread, got 0", e.getMessage());
    }
}
