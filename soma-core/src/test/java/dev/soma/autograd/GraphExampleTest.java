package dev.soma.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The tutorials' computation-graph example: f(x, y, z) = (x + y)·z. */
class GraphExampleTest {

    @Test
    void chainRuleOnTheTutorialGraph() {
        Tensor x = Tensor.scalar(DType.F64, -2).requiresGrad(true).named("x");
        Tensor y = Tensor.scalar(DType.F64, 5).requiresGrad(true).named("y");
        Tensor z = Tensor.scalar(DType.F64, -4).requiresGrad(true).named("z");
        Tensor q = x.add(y).named("q").retainGrad();
        Tensor f = q.mul(z).named("f");
        f.backward();
        assertEquals(-12, f.item());
        assertEquals(-4, x.grad().item());
        assertEquals(-4, y.grad().item());
        assertEquals(3, z.grad().item());
        assertEquals(-4, q.grad().item());
        String text = GraphPrinter.text(f);
        assertTrue(text.contains("q = add(x, y)"), text);
        assertTrue(text.contains("f = mul(q, z)"), text);
        assertTrue(GraphPrinter.dot(f).contains("\"x\" -> \"op_q\";"));
    }

    @Test
    void tensorUsedTwiceGetsBothPaths() {
        Tensor a = Tensor.scalar(DType.F64, 3).requiresGrad(true);
        Tensor f = a.mul(a).add(a); // a² + a → 2a + 1 = 7
        f.backward();
        assertEquals(7, a.grad().item());
    }

    @Test
    @SuppressWarnings("try") // NoGrad is used for its scope only
    void noGradRecordsNothing() {
        Tensor a = Tensor.scalar(DType.F64, 3).requiresGrad(true);
        try (NoGrad g = NoGrad.enter()) {
            Tensor b = a.mul(a);
            assertEquals(null, b.gradFn());
            assertEquals(false, b.requiresGrad());
        }
        assertTrue(a.mul(a).requiresGrad());
    }
}
