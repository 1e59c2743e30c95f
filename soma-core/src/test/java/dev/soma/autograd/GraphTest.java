package dev.soma.autograd;

import static dev.soma.autograd.GradTesting.check;
import static dev.soma.autograd.GradTesting.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reverse-mode engine: accumulation, shared subgraphs, retained gradients, detach, deep graphs. */
class GraphTest {

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        for (DType type : DType.values()) {
            Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).to(type).requiresGrad(true);
            x.mul(x).sum().backward(); // 2x
            x.mul(3).sum().backward(); // + 3
            assertArrayEquals(new double[] {5, 7, 9}, x.grad().toDoubleArray(), type.toString());
            Tensor buffer = x.grad();
            x.zeroGrad();
            assertArrayEquals(new double[] {0, 0, 0}, x.grad().toDoubleArray());
            x.sum().backward();
            assertSame(buffer, x.grad(), "zeroGrad keeps the buffer");
            assertArrayEquals(new double[] {1, 1, 1}, x.grad().toDoubleArray());
        }
    }

    @Test
    void leafGradientsAreFlatBuffersOfTheirOwnEvenWhenAdoptedFromASum() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.add(x).add(x.mul(x)); // three paths into x: the engine sums them itself
        Tensor seed = Tensor.of(new float[] {1, 1}, 2);
        y.backward(seed);
        assertArrayEquals(new float[] {4, 6}, x.grad().floats()); // 2 + 2x
        assertArrayEquals(new float[] {1, 1}, seed.floats(), "the seed is never written to");
        Tensor z = Tensor.of(new float[] {5, 5}, 2).requiresGrad(true);
        Tensor w = z.mul(1);
        w.backward(seed); // mul's gradient is a fresh tensor, z's gradient must still be a copy of its own
        z.grad().floats()[0] = 100;
        assertEquals(1f, seed.floats()[0]);
    }

    @Test
    void sharedSubgraphsGetTheSumOfAllPaths() {
        // A node whose gradient is a sum (n is used three times) feeds add, which hands that one tensor to both of
        // its inputs; a and b then receive further contributions. Any in-place reuse of a shared sum would show.
        check("diamond", t -> {
            Tensor a = t[0].mul(3);
            Tensor b = t[0].exp();
            Tensor n = a.add(b);
            return n.add(n.mul(n)).add(n.exp()).add(a.mul(2)).add(b.pow(2)).sub(a);
        }, randn(1, 3, 2));
        // n's gradient is a sum the engine owns; add hands that one tensor to p and q; r = p·q, visited first, then
        // adds into p's and q's gradients: adding in place into the shared tensor would corrupt q's.
        check("shared sum handed to two inputs", t -> {
            Tensor p = t[0].mul(3);
            Tensor q = t[1];
            Tensor r = p.mul(q);
            Tensor n = p.add(q);
            return r.sum().add(n.mul(n).sum()).add(n.sum());
        }, randn(3, 2, 2), randn(4, 2, 2));
        check("wide reuse", t -> {
            Tensor s = t[0].sum(1, true);
            Tensor acc = s;
            for (int i = 0; i < 5; i++) {
                acc = acc.add(s.mul(t[0])).add(t[1]);
            }
            return acc.mul(t[1]);
        }, randn(2, 3, 4), randn(3, 4));
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor h = x.mul(3).retainGrad();
        Tensor k = h.mul(2);
        k.sum().backward();
        assertArrayEquals(new double[] {2, 2}, h.grad().toDoubleArray());
        assertNull(k.grad(), "intermediate tensors drop their gradient unless retained");
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray());
    }

    @Test
    @SuppressWarnings("try") // NoGrad is used for its scope only
    void detachAndNoGradCutTheGraph() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor d = x.mul(2).detach();
        assertFalse(d.requiresGrad());
        x.mul(d).sum().backward(); // d is a constant [2, 4]
        assertArrayEquals(new double[] {2, 4}, x.grad().toDoubleArray());
        try (NoGrad outer = NoGrad.enter()) {
            try (NoGrad inner = NoGrad.enter()) {
                assertFalse(NoGrad.isRecording());
            }
            assertFalse(NoGrad.isRecording(), "NoGrad nests");
            outer.close();
            outer.close(); // closing twice is harmless
            assertTrue(NoGrad.isRecording());
        }
        assertTrue(NoGrad.isRecording());
    }

    @Test
    void explicitUpstreamGradient() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        x.t().mul(x.t()).backward(Tensor.of(new double[] {1, 0, 0, 1}, 2, 2));
        assertArrayEquals(new double[] {2, 0, 0, 8}, x.grad().toDoubleArray());
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        Tensor x = Tensor.scalar(DType.F64, 1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.mul(1.0001);
        }
        y.backward();
        assertEquals(Math.pow(1.0001, 20_000), x.grad().item(), 1e-9);
        assertEquals(20_001, Graph.topologicalOrder(y).size());
    }

    @Test
    void topologicalOrderPutsInputsFirst() {
        Tensor x = Tensor.scalar(DType.F64, 1).requiresGrad(true);
        Tensor a = x.exp();
        Tensor b = a.mul(x);
        Tensor c = b.add(a);
        List<Tensor> order = Graph.topologicalOrder(c);
        assertEquals(4, order.size());
        assertTrue(order.indexOf(x) < order.indexOf(a));
        assertTrue(order.indexOf(a) < order.indexOf(b));
        assertTrue(order.indexOf(b) < order.indexOf(c));
    }

    @Test
    void aBackwardRuleWithTheWrongShapeIsReported() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = Graph.record(Tensor.of(new double[] {1, 2}, 2), new GradFn("bad", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {Tensor.zeros(DType.F64, 3)};
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("bad: backward produced a gradient of shape [3] for input 0 of shape [2]", e.getMessage());
        Tensor z = Graph.record(Tensor.of(new double[] {1, 2}, 2), new GradFn("short", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[0];
            }
        });
        e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertEquals("short: backward returned 0 gradients for 1 inputs", e.getMessage());
    }

    @Test
    void operationsOnConstantsRecordNothing() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2);
        Tensor b = a.mul(a).exp();
        assertNull(b.gradFn());
        assertFalse(b.requiresGrad());
        assertEquals("Tensor(float64 [2] [1.0, 4.0])", a.mul(a).toString());
        assertEquals("Tensor(float64 [2] [1.0, 4.0], grad_fn=mul)", a.requiresGrad(true).mul(a).toString());
    }
}
