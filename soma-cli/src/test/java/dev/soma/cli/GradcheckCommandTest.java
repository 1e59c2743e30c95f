package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GradcheckCommandTest {
    private static double largest(String out) {
        Matcher m = Pattern.compile("largest relative error (\\S+):").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void defaultNetworkPasses() {
        Cli r = Cli.run("gradcheck");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("0.weight"), r.out);
        assertTrue(r.out.contains("4.bias"), r.out);
        assertTrue(r.out.contains("gradients agree"), r.out);
        assertTrue(largest(r.out) < 1e-6, r.out);
    }

    @Test
    void otherActivationsAndLosses() {
        for (String[] args : new String[][] {
            {"gradcheck", "--activation", "gelu", "--loss", "mse", "--hidden", "3"},
            {"gradcheck", "--activation", "sigmoid", "--loss", "categorical_cross_entropy", "--output-activation", "softmax"},
            {"gradcheck", "--activation", "elu", "--loss", "bce_logits", "--outputs", "1"},
        }) {
            Cli r = Cli.run(args);
            assertEquals(0, r.code, r.toString());
            assertTrue(largest(r.out) < 1e-6, r.out);
        }
    }

    @Test
    void aThresholdBelowTheErrorFailsWithExitOne() {
        Cli r = Cli.run("gradcheck", "--threshold", "1e-300", "--epsilon", "1e-3");
        assertEquals(1, r.code, r.toString());
        assertTrue(r.out.contains("gradients DISAGREE (threshold 1e-300)") || r.out.contains("DISAGREE"), r.out);
    }

    @Test
    void unknownActivationIsAUsageError() {
        Cli r = Cli.run("gradcheck", "--activation", "wobble");
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: --activation wobble: unknown activation 'wobble'; expected one of [identity, linear, "
                + "sigmoid, tanh, relu, leaky_relu, elu, selu, gelu, silu, swish, softplus, arctan, sqnl] or prelu\n", r.errLines());
    }
}
