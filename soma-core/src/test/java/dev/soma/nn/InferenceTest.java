package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.soma.SomaException;
import dev.soma.autograd.NoGrad;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Module#predict} (the compiled inference stages) against the graph's forward pass in evaluation mode. */
class InferenceTest {

    private static Tensor graphForward(Sequential m, Tensor x) {
        try (NoGrad ignored = NoGrad.enter()) {
            return m.forward(x.detach(), false);
        }
    }

    private static Tensor batch(int rows, int cols, long seed) {
        return Tensor.randn(DType.F32, new SplittableRandom(seed), rows, cols);
    }

    @ParameterizedTest(name = "{0}, {1} rows")
    @CsvSource(delimiter = ';', value = {
        "linear:30:16,relu,linear:16:8,relu,linear:8:4; 1",
        "linear:30:16,relu,linear:16:8,relu,linear:8:4; 257",
        "linear:30:12,dropout:0.5,tanh,linear:12:3; 9",
        "dropout:0.2,linear:30:10,gelu,linear:10:10,sigmoid,linear:10:1; 33",
        "linear:30:7:nobias,elu,linear:7:2; 5",
        "linear:30:30; 64",
    })
    void bitIdenticalToTheGraph(String spec, int rows) {
        Sequential m = Sequential.fromSpec(spec, null, 3);
        Tensor x = batch(rows, 30, rows);
        Tensor fast = m.predict(x);
        Tensor slow = graphForward(m, x);
        assertArrayEquals(slow.shape(), fast.shape());
        assertArrayEquals(slow.toFloatArray(), fast.toFloatArray(), 0f);
        assertFalse(fast.requiresGrad());
    }

    @Test
    void oneInputFeature() {
        Sequential m = Sequential.fromSpec("linear:1:6,tanh,linear:6:2", null, 1);
        Tensor x = batch(11, 1, 2);
        assertArrayEquals(graphForward(m, x).toFloatArray(), m.predict(x).toFloatArray(), 0f);
        assertArrayEquals(graphForward(m, Tensor.of(new float[] {0.25f}, 1, 1)).toFloatArray(),
                m.predict(new float[] {0.25f}), 0f);
    }

    @Test
    void otherModelsAndBadWidthsTakeTheGeneralPath() {
        Sequential prelu = Sequential.fromSpec("linear:4:3,prelu,linear:3:2", null, 1);
        assertEquals(2, prelu.predict(batch(2, 4, 1)).size(1));
        Sequential m = Sequential.fromSpec("linear:4:3,relu,linear:3:2", null, 1);
        Executable wrong = () -> m.predict(batch(2, 5, 1));
        SomaException e = org.junit.jupiter.api.Assertions.assertThrows(SomaException.class, wrong);
        assertEquals("Sequential: layer 1: Linear(4→3) expects 4 inputs, got 5", e.getMessage());
        assertEquals(2, Sequential.fromSpec("linear:4:3,relu,linear:3:2", null, 1).predict(Tensor.zeros(DType.F64, 2, 4)).size(1));
    }

    @Test
    void manyThreadsAtOnceGetTheSequentialAnswers() throws Exception {
        Sequential m = Sequential.fromSpec("linear:30:24,relu,linear:24:12,relu,linear:12:5", null, 8);
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Tensor x = batch(1 + (i * 37) % 150, 30, 100 + i);
            inputs.add(x);
            expected.add(graphForward(m, x).toFloatArray());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (Tensor x : inputs) {
                    results.add(pool.submit(() -> m.predict(x).toFloatArray()));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(expected.get(i % inputs.size()), results.get(i).get(), 0f, "request " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
