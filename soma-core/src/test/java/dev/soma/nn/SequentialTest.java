package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.kernel.Activation;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SequentialTest {
    @Test
    void stateDictUsesTorchSequentialNames() {
        Sequential m = Sequential.fromSpec("linear:784:256,relu,dropout:0.2,linear:256:10");
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"), new ArrayList<>(m.stateDict().keySet()));
        assertArrayEquals(new int[] {256, 784}, m.stateDict().get("0.weight").shape());
        assertEquals(784 * 256 + 256 + 256 * 10 + 10, m.parameterCount());
        assertEquals(784, m.inputSize());
        assertEquals(10, m.outputSize());
        Sequential p = Sequential.fromSpec("linear:3:4,prelu,linear:4:2");
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "2.weight", "2.bias"), new ArrayList<>(p.stateDict().keySet()));
    }

    @Test
    void specRoundTrips() {
        String spec = "linear:784:256,relu,dropout:0.2,linear:256:128,leaky_relu:0.2,linear:128:10,softmax";
        assertEquals(spec, Sequential.fromSpec(spec).spec());
        String p = "linear:4:8,prelu:8,linear:8:1:nobias,sigmoid";
        assertEquals(p, Sequential.fromSpec(p).spec());
        assertEquals("linear:4:8,tanh,linear:8:3", Sequential.fromSpec("linear:4:8,tanh,linear:3").spec());
    }

    @Test
    void loadStateDictCopiesAndValidates() {
        Sequential a = Sequential.fromSpec("linear:3:4,relu,linear:4:2", null, 1);
        Sequential b = Sequential.fromSpec("linear:3:4,relu,linear:4:2", null, 2);
        Tensor x = Tensor.randn(DType.F32, new SplittableRandom(1), 5, 3);
        assertFalse(java.util.Arrays.equals(a.predict(x).toFloatArray(), b.predict(x).toFloatArray()));
        b.loadStateDict(a.stateDict());
        assertArrayEquals(a.predict(x).toFloatArray(), b.predict(x).toFloatArray(), 0f);
        Map<String, Tensor> missing = new LinkedHashMap<>(a.stateDict());
        missing.remove("2.weight");
        assertEquals("loadStateDict: missing '2.weight' (expected [0.weight, 0.bias, 2.weight, 2.bias])",
                assertThrows(SomaException.class, () -> b.loadStateDict(missing)).getMessage());
        Map<String, Tensor> extra = new LinkedHashMap<>(a.stateDict());
        extra.put("4.weight", Tensor.zeros(2, 2));
        assertEquals("loadStateDict: unexpected '4.weight' (expected [0.weight, 0.bias, 2.weight, 2.bias])",
                assertThrows(SomaException.class, () -> b.loadStateDict(extra)).getMessage());
        Map<String, Tensor> wrong = new LinkedHashMap<>(a.stateDict());
        wrong.put("0.weight", Tensor.zeros(5, 3));
        assertEquals("loadStateDict: '0.weight' has shape [5, 3], expected [4, 3]",
                assertThrows(SomaException.class, () -> b.loadStateDict(wrong)).getMessage());
    }

    @Test
    void argumentErrorsHaveExactMessages() {
        assertEquals("Linear(256): in_features must be positive, got 0",
                assertThrows(SomaException.class, () -> new Linear(0, 256)).getMessage());
        assertEquals("Sequential: layer 2 (Linear(256→10)) expects 256 inputs but layer 1 produces 128",
                assertThrows(SomaException.class, () -> new Sequential(new Linear(784, 128), new Linear(256, 10))).getMessage());
        assertEquals("layer 3 'linear:256:10': Linear(256→10) expects 256 inputs, got 128",
                assertThrows(SomaException.class, () -> Sequential.fromSpec("linear:784:128,relu,linear:256:10")).getMessage());
        Sequential m = Sequential.fromSpec("linear:784:256,relu,linear:256:10");
        assertEquals("Sequential: layer 1: Linear(784→256) expects 784 inputs, got 783",
                assertThrows(SomaException.class, () -> m.predict(Tensor.zeros(2, 783))).getMessage());
        assertEquals("Dropout: p must be in [0, 1), got 1.5",
                assertThrows(SomaException.class, () -> new Dropout(1.5)).getMessage());
        String unknown = assertThrows(SomaException.class, () -> Sequential.fromSpec("linear:2:2,relux")).getMessage();
        assertTrue(unknown.startsWith("layer 'relux': unknown layer; expected a layer [") && unknown.contains("linear")
                && unknown.endsWith(" or an activation " + Activation.NAMES), unknown);
    }

    @Test
    void summaryListsLayersShapesAndCounts() {
        Sequential m = Mlp.builder().input(784).hidden(256, 128).activation("relu").output(10).build();
        m.freeze("0.bias");
        String s = m.summary();
        assertTrue(s.contains("Linear(784→256)"), s);
        assertTrue(s.contains("[N, 256]"), s);
        assertTrue(s.contains("200,960"), s);
        assertTrue(s.contains("Total params: 235,146"), s);
        assertTrue(s.contains("Trainable params: 234,890"), s);
        assertTrue(s.contains("Frozen: 0.bias"), s);
    }

    @Test
    void mlpBuilderBuildsTheKerasLikeStack() {
        Sequential m = Mlp.builder().input(784).hidden(256, 128).activation("relu").dropout(0.2).output(10)
                .init("he").seed(42).build();
        assertEquals("linear:784:256,relu,dropout:0.2,linear:256:128,relu,dropout:0.2,linear:128:10", m.spec());
        Sequential again = Mlp.builder().input(784).hidden(256, 128).activation("relu").dropout(0.2).output(10)
                .init("he").seed(42).build();
        assertArrayEquals(m.stateDict().get("3.weight").toFloatArray(), again.stateDict().get("3.weight").toFloatArray(), 0f);
        Sequential s = Mlp.builder().input(2).hidden(3).activation("tanh").output(1).outputActivation("sigmoid").build();
        assertEquals("linear:2:3,tanh,linear:3:1,sigmoid", s.spec());
    }

    @Test
    void dropoutIsInvertedSeededAndIdentityInEval() {
        Dropout d = new Dropout(0.25, 7);
        Tensor x = Tensor.full(DType.F32, 1.0, 1, 4000);
        float[] y = d.forward(x, true).toFloatArray();
        int kept = 0;
        for (float v : y) {
            assertTrue(v == 0f || Math.abs(v - 1 / 0.75f) < 1e-6, "value " + v);
            kept += v != 0 ? 1 : 0;
        }
        assertEquals(3000, kept, 100);
        Dropout same = new Dropout(0.25, 7);
        assertArrayEquals(y, same.forward(x, true).toFloatArray(), 0f);
        assertArrayEquals(x.toFloatArray(), d.forward(x, false).toFloatArray(), 0f);
    }

    @Test
    void freezingExcludesAParameterFromGradients() {
        Sequential m = Sequential.fromSpec("linear:2:2,sigmoid,linear:2:1", null, 1).freeze("0.bias");
        assertTrue(m.isFrozen("0.bias"));
        Losses.mse().compute(m.forward(Tensor.full(DType.F32, 1, 3, 2)), Tensor.zeros(3, 1)).backward();
        assertNull(m.stateDict().get("0.bias").grad());
        assertTrue(m.stateDict().get("0.weight").grad() != null);
        assertEquals(3, m.trainableParameters().size());
        assertEquals("no parameter '9.bias'; the model has [0.weight, 0.bias, 2.weight, 2.bias]",
                assertThrows(SomaException.class, () -> m.freeze("9.bias")).getMessage());
    }

    @Test
    void predictIsThreadSafeAndRecordsNoGraph() throws Exception {
        Sequential m = Sequential.fromSpec("linear:16:64,relu,dropout:0.5,linear:64:4", null, 3);
        m.train(true);
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Tensor x = Tensor.randn(DType.F32, new SplittableRandom(i), 32, 16);
            inputs.add(x);
            expected.add(m.predict(x).toFloatArray());
        }
        assertTrue(m.predict(inputs.get(0)).gradFn() == null);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int rep = 0; rep < 50; rep++) {
                        for (int i = 0; i < inputs.size(); i++) {
                            if (!java.util.Arrays.equals(expected.get(i), m.predict(inputs.get(i)).toFloatArray())) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(m.isTraining(), "predict must not change the model's mode");
    }
}
