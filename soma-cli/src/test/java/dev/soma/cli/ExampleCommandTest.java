package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tutorials' numbers, reproduced by the engine and printed by {@code soma example}. */
class ExampleCommandTest {
    @Test
    void mazurPrintsTheTutorialsValues() {
        Cli r = Cli.run("example", "mazur", "--steps", "20");
        assertEquals(0, r.code, r.toString());
        for (String expected : new String[] {
            "out_h1 = σ(net_h1) = 0.593269992", "out_h2 = σ(net_h2) = 0.596884378",
            "out_o1 = σ(net_o1) = 0.751365070", "out_o2 = σ(net_o2) = 0.772928465",
            "E_total = 0.298371109", "∂E/∂out_o1 = 0.741365070", "∂out_o1/∂net_o1 = 0.186815602",
            "∂E/∂w5 = 0.082167041", "w5 = 0.358916480", "w6 = 0.408666186", "w7 = 0.511301270",
            "w8 = 0.561370121", "w1 = 0.149780716", "w2 = 0.199561432", "w3 = 0.249751144", "w4 = 0.299502287",
            "After 20 steps"}) {
            assertTrue(r.out.contains(expected), "missing '" + expected + "' in\n" + r.out);
        }
    }

    @Test
    void mazurAfterTenThousandStepsMatchesTheTutorial() {
        assertEquals(3.51e-5, MazurExample.errorAfter(10_000, false), 0.005e-5);
        assertEquals(2.45e-6, MazurExample.errorAfter(10_000, true), 0.005e-6);
    }

    @Test
    void leeLayerOutputs() {
        double[][] a = LeeExample.layerOutputs(new double[] {1, -1});
        assertArrayEquals(new double[] {0.98, 0.12}, a[0], 0.005);
        assertArrayEquals(new double[] {0.62, 0.83}, a[2], 0.005);
        assertArrayEquals(new double[] {0.51, 0.85}, LeeExample.layerOutputs(new double[] {0, 0})[2], 0.005);
        Cli r = Cli.run("example", "lee");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("layer 1  z = (  4.0000,  -2.0000)   a = σ(z) = (0.9820, 0.1192)"), r.out);
        assertTrue(r.out.contains("output (0.62, 0.83)"), r.out);
        assertTrue(r.out.contains("output (0.51, 0.85)"), r.out);
    }

    @Test
    void graphValuesAndPrintout() {
        assertArrayEquals(new double[] {-12, -4, -4, 3, 3, -4}, GraphExample.values(), 0);
        Cli r = Cli.run("example", "graph");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("f = q · z = -12"), r.out);
        assertTrue(r.out.contains("∂f/∂x = ∂f/∂q · ∂q/∂x = -4 · 1 = -4"), r.out);
        assertTrue(r.out.contains("∂f/∂z = q = 3"), r.out);
        Cli dot = Cli.run("example", "graph", "--dot");
        assertTrue(dot.out.startsWith("digraph soma {"), dot.out);
        assertTrue(dot.out.contains("label=\"mul\""), dot.out);
    }
}
