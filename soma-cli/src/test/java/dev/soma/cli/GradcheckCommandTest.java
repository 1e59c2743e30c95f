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

    @Test
    void bceOnAnOutputWithoutSigmoidIsRefusedSayingWhy() {
        Cli r = Cli.run("gradcheck", "--loss", "bce", "--outputs", "1");
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: --loss bce takes probabilities, but the network ends with Linear(4→1), not a "
                + "sigmoid: add --output-activation sigmoid, or use --loss bce_logits on the raw outputs\n", r.errLines());
        Cli ok = Cli.run("gradcheck", "--loss", "bce", "--outputs", "1", "--output-activation", "sigmoid");
        assertEquals(0, ok.code, ok.toString());
        assertTrue(largest(ok.out) < 1e-6, ok.out);
    }

    @Test
    void theUsersOwnModelOnItsDataWithL2OverTheWholeVector(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String model = dir.resolve("c.safetensors").toString();
        Cli t = Cli.run("train", "--data", "builtin:circles", "--hidden", "6,5", "--activation", "tanh", "--epochs", "1",
                "--standardize", "--out", model);
        assertEquals(0, t.code, t.toString());
        Cli r = Cli.run("gradcheck", "--model", model, "--data", "builtin:circles", "--batch", "16", "--l2", "0.7");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.startsWith("network linear:2:6,tanh,linear:6:5,tanh,linear:5:2, loss cross_entropy + L2 λ = "
                + "0.7, the first 16 examples of builtin:circles, batch 16, ε = 1e-6, float64\n"), r.out);
        // θ = W1 (12) b1 (6) W2 (30) b2 (5) W3 (10) b3 (2)
        Matcher m = Pattern.compile("whole θ \\(65 values\\) (\\S+)  ok").matcher(r.out);
        assertTrue(m.find(), r.out);
        assertTrue(Double.parseDouble(m.group(1)) < 1e-7, r.out);
        Cli hidden = Cli.run("gradcheck", "--model", model, "--data", "builtin:circles", "--hidden", "3");
        assertEquals(2, hidden.code);
        assertEquals("soma: error: --hidden: describes the random network; with --model the network is the file's\n",
                hidden.errLines());
        Cli noData = Cli.run("gradcheck", "--model", model);
        assertEquals(2, noData.code);
        assertEquals("soma: error: --model " + model + ": needs --data, the examples of the batch to check\n",
                noData.errLines());
    }
}
