package dev.soma.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The text and Graphviz forms of a computation graph, compared in full. */
class GraphPrinterTest {

    private static Tensor tutorialGraph() {
        Tensor x = Tensor.scalar(DType.F64, -2).requiresGrad(true).named("x");
        Tensor y = Tensor.scalar(DType.F64, 5).requiresGrad(true).named("y");
        Tensor z = Tensor.scalar(DType.F64, -4).requiresGrad(true).named("z");
        return x.add(y).named("q").mul(z).named("f");
    }

    @Test
    void textOfTheTutorialGraphBeforeAndAfterBackward() {
        Tensor f = tutorialGraph();
        assertEquals("x = leaf  [] value=-2\n"
                + "y = leaf  [] value=5\n"
                + "q = add(x, y)  [] value=3\n"
                + "z = leaf  [] value=-4\n"
                + "f = mul(q, z)  [] value=-12\n", GraphPrinter.text(f));
        f.backward();
        assertEquals("x = leaf  [] value=-2 grad=-4\n"
                + "y = leaf  [] value=5 grad=-4\n"
                + "q = add(x, y)  [] value=3\n"
                + "z = leaf  [] value=-4 grad=3\n"
                + "f = mul(q, z)  [] value=-12\n", GraphPrinter.text(f));
    }

    @Test
    void dotOfTheTutorialGraph() {
        Tensor f = tutorialGraph();
        f.backward();
        assertEquals("digraph soma {\n"
                + "  rankdir=LR;\n"
                + "  node [fontname=\"Helvetica\"];\n"
                + "  \"x\" [shape=box, label=\"x\\n[] value=-2 grad=-4\"];\n"
                + "  \"y\" [shape=box, label=\"y\\n[] value=5 grad=-4\"];\n"
                + "  \"q\" [shape=box, label=\"q\\n[] value=3\"];\n"
                + "  \"op_q\" [shape=ellipse, label=\"add\"];\n"
                + "  \"x\" -> \"op_q\";\n"
                + "  \"y\" -> \"op_q\";\n"
                + "  \"op_q\" -> \"q\";\n"
                + "  \"z\" [shape=box, label=\"z\\n[] value=-4 grad=3\"];\n"
                + "  \"f\" [shape=box, label=\"f\\n[] value=-12\"];\n"
                + "  \"op_f\" [shape=ellipse, label=\"mul\"];\n"
                + "  \"q\" -> \"op_f\";\n"
                + "  \"z\" -> \"op_f\";\n"
                + "  \"op_f\" -> \"f\";\n"
                + "}\n", GraphPrinter.dot(f));
    }

    @Test
    void unnamedTensorsConstantsAndLargeTensors() {
        Tensor w = Tensor.of(new double[] {1, -2, 3, -4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor c = Tensor.of(new double[] {1, 1, 1}, 3);
        Tensor h = w.add(c).relu().sum();
        assertEquals("t0 = leaf  [2, 3]\n"
                + "t1 = add(t0, const)  [2, 3]\n"
                + "t2 = relu(t1)  [2, 3]\n"
                + "t3 = sum(t2)  [] value=19\n", GraphPrinter.text(h));
    }

    @Test
    void repeatedAndAwkwardNamesStayDistinctAndQuoted() {
        Tensor a = Tensor.of(new double[] {0.5, 1.0 / 3}, 2).requiresGrad(true).named("0.weight");
        Tensor b = Tensor.of(new double[] {2, 1e-7}, 2).requiresGrad(true).named("0.weight");
        Tensor s = a.mul(b).named("say \"hi\"");
        assertEquals("0.weight = leaf  [2] value=0.5,0.333333\n"
                + "0.weight#2 = leaf  [2] value=2,1e-07\n"
                + "say \"hi\" = mul(0.weight, 0.weight#2)  [2] value=1,3.33333e-08\n", GraphPrinter.text(s));
        String dot = GraphPrinter.dot(s);
        assertEquals("digraph soma {\n"
                + "  rankdir=LR;\n"
                + "  node [fontname=\"Helvetica\"];\n"
                + "  \"0.weight\" [shape=box, label=\"0.weight\\n[2] value=0.5,0.333333\"];\n"
                + "  \"0.weight#2\" [shape=box, label=\"0.weight#2\\n[2] value=2,1e-07\"];\n"
                + "  \"say \\\"hi\\\"\" [shape=box, label=\"say \\\"hi\\\"\\n[2] value=1,3.33333e-08\"];\n"
                + "  \"op_say \\\"hi\\\"\" [shape=ellipse, label=\"mul\"];\n"
                + "  \"0.weight\" -> \"op_say \\\"hi\\\"\";\n"
                + "  \"0.weight#2\" -> \"op_say \\\"hi\\\"\";\n"
                + "  \"op_say \\\"hi\\\"\" -> \"say \\\"hi\\\"\";\n"
                + "}\n", dot);
    }

    @Test
    void numbersAreShortAndLocaleFree() {
        assertEquals("-2", GraphPrinter.number(-2));
        assertEquals("0.333333", GraphPrinter.number(1.0 / 3));
        assertEquals("1.5e-07", GraphPrinter.number(1.5e-7));
        assertEquals("123457", GraphPrinter.number(123456.7));
        assertEquals("1.23457e+06", GraphPrinter.number(1234567));
        assertEquals("0", GraphPrinter.number(0));
    }
}
