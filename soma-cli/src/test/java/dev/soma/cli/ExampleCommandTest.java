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
    void leeSecondLayerAndBackwardPass() {
        // the second hidden layer of the notes: (0.86, 0.11) for (1, −1) and (0.72, 0.12) for (0, 0)
        assertArrayEquals(new double[] {0.86, 0.11}, LeeExample.layerOutputs(new double[] {1, -1})[1], 0.005);
        assertArrayEquals(new double[] {0.72, 0.12}, LeeExample.layerOutputs(new double[] {0, 0})[1], 0.005);
        // the backward pass by the chain rule of the notes, in plain arithmetic: δ3 = (ŷ − y)·σ'(z3),
        // δ2 = (W3ᵀδ3)·σ'(z2), δ1 = (W2ᵀδ2)·σ'(z1); ∂l/∂W = δ·aᵀ
        double[][] a = new double[4][];
        double[][] z = new double[4][];
        a[0] = new double[] {1, -1};
        for (int l = 0; l < 3; l++) {
            z[l + 1] = new double[2];
            a[l + 1] = new double[2];
            for (int i = 0; i < 2; i++) {
                z[l + 1][i] = LeeExample.W[l][i][0] * a[l][0] + LeeExample.W[l][i][1] * a[l][1] + LeeExample.B[l][i];
                a[l + 1][i] = 1 / (1 + Math.exp(-z[l + 1][i]));
            }
        }
        double[][] delta = new double[4][2];
        for (int i = 0; i < 2; i++) {
            delta[3][i] = (a[3][i] - LeeExample.TARGET[i]) * a[3][i] * (1 - a[3][i]);
        }
        for (int l = 2; l >= 1; l--) {
            for (int j = 0; j < 2; j++) {
                double back = LeeExample.W[l][0][j] * delta[l + 1][0] + LeeExample.W[l][1][j] * delta[l + 1][1];
                delta[l][j] = back * a[l][j] * (1 - a[l][j]);
            }
        }
        double[][] g = LeeExample.backward(new double[] {1, -1}, LeeExample.TARGET);
        for (int l = 0; l < 3; l++) {
            double[] expected = {delta[l + 1][0], delta[l + 1][1], delta[l + 1][0] * a[l][0], delta[l + 1][0] * a[l][1],
                delta[l + 1][1] * a[l][0], delta[l + 1][1] * a[l][1]};
            assertArrayEquals(expected, g[l], 1e-15, "layer " + (l + 1));
        }
        // the second hidden layer's ∂l/∂z, printed to 6 digits
        assertEquals(-0.045763, g[1][0], 5e-7);
        assertEquals(0.055161, g[1][1], 5e-7);
        Cli r = Cli.run("example", "lee");
        assertTrue(r.out.contains("layer 2  ∂l/∂z = (-0.045763, 0.055161)"), r.out);
    }

    @Test
    void depthExplodesWithOnePointFiveAndVanishesWithOneHalf() {
        int layers = 10;
        for (double s : new double[] {1.5, 0.5}) {
            double[][] v = DepthExample.values(layers, s, new double[] {1, 1});
            for (int l = 1; l < layers; l++) {
                assertEquals(Math.pow(s, l), v[l - 1][0], 1e-12 * Math.pow(s, l), "a[" + l + "] with s = " + s);
                // J = Σŷ: ∂J/∂W[l] = s^(L−2)·1·xᵀ, Frobenius norm 2·s^(L−2)
                assertEquals(2 * Math.pow(s, layers - 2), v[l - 1][1], 1e-12, "‖∂J/∂W[" + l + "]‖ with s = " + s);
            }
            assertEquals(Math.pow(s, layers - 1), v[layers - 1][0], 1e-12, "ŷ with s = " + s);
            assertEquals(2 * Math.pow(s, layers - 1), v[layers - 1][1], 1e-12, "last layer with s = " + s);
        }
        Cli r = Cli.run("example", "depth", "--layers", "6");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("s = 1.5: ŷ = 1.5^5·x = (7.59375, 7.59375)"), r.out);
        assertTrue(r.out.contains("s = 0.5: ŷ = 0.5^5·x = (0.03125, 0.03125)"), r.out);
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
