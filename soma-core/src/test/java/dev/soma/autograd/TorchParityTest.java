package dev.soma.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.ChildProcess;
import dev.soma.kernel.Activation;
import dev.soma.tensor.Tensor;
import dev.soma.train.TorchRunner;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Values and gradients of Soma's operations, activations and losses against PyTorch's, in float64, to 1e-10. The
 * inputs, the reference outputs and gradients come from {@code torch_parity.py}: always from its committed output
 * {@code torch_parity.txt} (regenerate with {@code scripts/torch_reference.py}), and also from a live run when
 * /usr/bin/python3 has torch (skipped when torch is absent, failing when it is installed but broken).
 */
class TorchParityTest {
    static final double TOLERANCE = 1e-10;

    /** One block of the script's output. */
    static final class Case {
        String name;
        final List<Tensor> inputs = new ArrayList<>();
        final List<Tensor> consts = new ArrayList<>();
        int[] labels;
        Tensor weight;
        Tensor out;
        final List<double[]> grads = new ArrayList<>();
    }

    /** Soma's version of each case, by name: gradient inputs, then constants, then labels. */
    static Map<String, Function<Case, Tensor>> ops() {
        Map<String, Function<Case, Tensor>> m = new HashMap<>();
        m.put("add_row", c -> in(c, 0).add(in(c, 1)));
        m.put("sub_outer", c -> in(c, 0).sub(in(c, 1)));
        m.put("mul_lead", c -> in(c, 0).mul(in(c, 1)));
        m.put("div_col", c -> in(c, 0).div(in(c, 1)));
        m.put("mul_scalar", c -> in(c, 0).mul(in(c, 1)));
        m.put("neg", c -> in(c, 0).neg());
        m.put("exp", c -> in(c, 0).exp());
        m.put("log", c -> in(c, 0).log());
        m.put("pow3", c -> in(c, 0).pow(3));
        m.put("pow_m1.5", c -> in(c, 0).pow(-1.5));
        m.put("sqrt", c -> in(c, 0).sqrt());
        m.put("abs", c -> in(c, 0).abs());
        m.put("matmul", c -> in(c, 0).matmul(in(c, 1)));
        m.put("matmul_aT", c -> in(c, 0).t().matmul(in(c, 1)));
        m.put("matmul_bT", c -> in(c, 0).matmul(in(c, 1).t()));
        m.put("sum_all", c -> in(c, 0).sum());
        m.put("mean_all", c -> in(c, 0).mean());
        m.put("max_all", c -> in(c, 0).max());
        m.put("sum_axis1", c -> in(c, 0).sum(1, false));
        m.put("mean_axis0_keep", c -> in(c, 0).mean(0, true));
        m.put("max_axis2", c -> in(c, 0).max(2, false));
        m.put("transpose_reshape", c -> in(c, 0).transpose(0, 1).reshape(4, 6));
        m.put("concat1", c -> Tensor.concat(1, in(c, 0), in(c, 1)));
        m.put("gather_rows", c -> in(c, 0).gatherRows(2, 0, 2));
        for (String a : new String[] {"identity", "sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu:0.2", "elu",
            "elu:0.5", "selu", "gelu", "silu", "softplus", "arctan", "sqnl"}) {
            Activation f = Activation.parse(a);
            m.put(a, c -> in(c, 0).apply(f));
        }
        m.put("prelu", c -> in(c, 0).prelu(in(c, 1)));
        m.put("softmax0", c -> in(c, 0).softmax(0));
        m.put("softmax1", c -> in(c, 0).softmax(1));
        m.put("log_softmax0", c -> in(c, 0).logSoftmax(0));
        m.put("log_softmax1", c -> in(c, 0).logSoftmax(1));
        m.put("linear", c -> Fused.linear(in(c, 0), in(c, 1), in(c, 2)));
        m.put("linear_tanh", c -> Fused.linear(in(c, 0), in(c, 1), in(c, 2), Activation.tanh()));
        m.put("cross_entropy_labels", c -> Fused.softmaxCrossEntropy(in(c, 0), c.labels));
        m.put("cross_entropy_soft", c -> Fused.softmaxCrossEntropy(in(c, 0), c.consts.get(0)));
        m.put("mlp_relu_ce", c -> Fused.softmaxCrossEntropy(
                Fused.linear(Fused.linear(in(c, 0), in(c, 1), in(c, 2), Activation.relu()), in(c, 3), in(c, 4)),
                c.labels));
        m.put("mse_sum", c -> dev.soma.nn.Losses.parse("mse:sum").compute(in(c, 0), c.consts.get(0)));
        m.put("mse_batchmean", c -> dev.soma.nn.Losses.parse("mse:batchmean").compute(in(c, 0), c.consts.get(0)));
        m.put("mlp_gelu_mse", c -> Fused.linear(Fused.linear(in(c, 0), in(c, 1), in(c, 2), Activation.gelu()),
                in(c, 3), in(c, 4)).sub(1.5).pow(2).mean());
        return m;
    }

    private static Tensor in(Case c, int i) {
        return c.inputs.get(i);
    }

    @Test
    void valuesAndGradientsMatchTheCommittedPyTorchValues() throws Exception {
        String committed;
        try (InputStream in = TorchParityTest.class.getResourceAsStream("/torch_parity.txt")) {
            assertNotNull(in, "torch_parity.txt is missing from the test resources");
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        check(committed, "committed");
    }

    @Test
    void valuesAndGradientsMatchLivePyTorch() throws Exception {
        Assumptions.assumeTrue(TorchRunner.available(), "/usr/bin/python3 with torch is not installed");
        Path script = Paths.get(TorchParityTest.class.getResource("/torch_parity.py").toURI());
        ChildProcess.Result r = TorchRunner.runFile(script.toString());
        assertEquals(0, r.exitCode(), "torch_parity.py failed: " + r.err());
        check(r.out(), "live");
    }

    private static void check(String output, String which) {
        List<Case> cases = parse(output);
        Map<String, Function<Case, Tensor>> ops = ops();
        assertEquals(ops.size(), cases.size(), "every Soma case has a PyTorch block and vice versa");
        double worst = 0;
        for (Case c : cases) {
            Function<Case, Tensor> op = ops.get(c.name);
            assertNotNull(op, "no Soma version of case " + c.name);
            for (Tensor t : c.inputs) {
                t.requiresGrad(true);
            }
            Tensor out = op.apply(c);
            assertArrayEquals(c.out.shape(), out.shape(), c.name + ": output shape");
            worst = Math.max(worst, compare(c.name + " output", c.out.toDoubleArray(), out.toDoubleArray()));
            Tensor loss = c.weight == null ? out : out.mul(c.weight).sum();
            loss.backward();
            for (int i = 0; i < c.inputs.size(); i++) {
                Tensor g = c.inputs.get(i).grad();
                assertNotNull(g, c.name + ": no gradient for input " + i);
                worst = Math.max(worst, compare(c.name + " gradient " + i, c.grads.get(i), g.toDoubleArray()));
            }
        }
        System.out.println("PyTorch parity (" + which + "): " + cases.size() + " cases, largest difference " + worst);
    }

    /** |expected − actual| ≤ 1e-10·max(1, |expected|) elementwise; returns the largest scaled difference. */
    private static double compare(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
            assertTrue(diff <= TOLERANCE, what + " [" + i + "]: PyTorch " + expected[i] + ", Soma " + actual[i]);
            worst = Math.max(worst, diff);
        }
        return worst;
    }

    static List<Case> parse(String text) {
        List<Case> cases = new ArrayList<>();
        Case cur = null;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            switch (f[0]) {
                case "case": cur = new Case(); cur.name = f[1]; break;
                case "in": cur.inputs.add(tensor(f)); break;
                case "const": cur.consts.add(tensor(f)); break;
                case "weight": cur.weight = tensor(f); break;
                case "out": cur.out = tensor(f); break;
                case "grad": cur.grads.add(values(f, 1)); break;
                case "labels": {
                    cur.labels = new int[f.length - 1];
                    for (int i = 1; i < f.length; i++) {
                        cur.labels[i - 1] = Integer.parseInt(f[i]);
                    }
                    break;
                }
                case "end": cases.add(cur); cur = null; break;
                case "": case "#": break;
                default: throw new IllegalStateException("unexpected line from torch_parity.py: " + line);
            }
        }
        return cases;
    }

    private static Tensor tensor(String[] f) {
        int[] shape;
        if (f[1].equals("scalar")) {
            shape = new int[0];
        } else {
            String[] dims = f[1].split("x");
            shape = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = Integer.parseInt(dims[i]);
            }
        }
        return Tensor.of(values(f, 2), shape);
    }

    private static double[] values(String[] f, int from) {
        double[] v = new double[f.length - from];
        for (int i = from; i < f.length; i++) {
            v[i - from] = Double.parseDouble(f[i]);
        }
        return v;
    }
}
