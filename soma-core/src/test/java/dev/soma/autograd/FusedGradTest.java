package dev.soma.autograd;

import static dev.soma.autograd.ActivationsGradTest.KINKS;
import static dev.soma.autograd.GradTesting.BOUND;
import static dev.soma.autograd.GradTesting.awayFrom;
import static dev.soma.autograd.GradTesting.check;
import static dev.soma.autograd.GradTesting.randn;
import static dev.soma.autograd.GradTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.kernel.Activation;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gradient checks of the fused primitives (linear, softmax cross-entropy) and of random MLPs built from them. */
class FusedGradTest {
    static final String[] ACTIVATIONS = {"identity", "sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu:0.2", "elu",
        "selu", "gelu", "silu", "softplus", "arctan", "sqnl"};

    @AfterAll
    static void report() {
        System.out.println("worst gradient-check error so far: " + GradTesting.worstSoFar());
    }

    @Test
    void linearWithAndWithoutBias() {
        check("linear", t -> Fused.linear(t[0], t[1], t[2]), randn(1, 4, 3), randn(2, 5, 3), randn(3, 5));
        check("linear(no bias)", t -> Fused.linear(t[0], t[1], null), randn(4, 4, 3), randn(5, 5, 3));
        check("linear(x view)", t -> Fused.linear(t[0].t(), t[1], t[2]), randn(6, 3, 4), randn(7, 5, 3), randn(8, 5));
        check("linear(W view)", t -> Fused.linear(t[0], t[1].t(), t[2]), randn(9, 4, 3), randn(10, 3, 5), randn(11, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "silu",
            "softplus", "arctan", "sqnl"})
    void linearWithActivation(String spec) {
        Activation f = Activation.parse(spec);
        check("linear+" + spec, t -> Fused.linear(t[0], t[1], t[2], f), randn(20, 4, 3), randn(21, 5, 3), randn(22, 5));
        check("linear+" + spec + "(no bias)", t -> Fused.linear(t[0], t[1], null, f), randn(23, 4, 3), randn(24, 5, 3));
    }

    @Test
    void linearMatchesItsDefinition() {
        Tensor x = randn(30, 4, 3);
        Tensor w = randn(31, 5, 3);
        Tensor b = randn(32, 5);
        Tensor fused = Fused.linear(x, w, b, Activation.tanh());
        Tensor plain = x.matmul(w.t()).add(b).tanh();
        assertArrayEquals(plain.toDoubleArray(), fused.toDoubleArray(), 1e-14);
        assertEquals("linear+tanh", Fused.linear(x.requiresGrad(true), w, b, Activation.tanh()).gradFn().name());
    }

    @Test
    void crossEntropyWorkedExample() {
        // −log softmax([1, 2, 3])[2] = log(e + e² + e³) − 3; −log softmax([0, 0])[0] = log 2
        double want = (Math.log(Math.E + Math.exp(2) + Math.exp(3)) - 3 + Math.log(2)) / 2;
        for (DType type : DType.values()) {
            Tensor logits = Tensor.matrix(new double[][] {{1, 2, 3}, {0, 0, Double.NEGATIVE_INFINITY}}).to(type)
                    .requiresGrad(true);
            Tensor loss = Fused.softmaxCrossEntropy(logits, new int[] {2, 0});
            assertEquals(want, loss.item(), type == DType.F32 ? 1e-6 : 1e-15);
            loss.backward();
            double z = Math.E + Math.exp(2) + Math.exp(3);
            double[] g = {Math.E / z / 2, Math.exp(2) / z / 2, (Math.exp(3) / z - 1) / 2, -0.25, 0.25, 0};
            assertArrayEquals(g, logits.grad().toDoubleArray(), type == DType.F32 ? 1e-6 : 1e-15);
        }
    }

    @Test
    void crossEntropyWithLabels() {
        int[] labels = {2, 0, 1, 2, 2};
        check("ce(labels)", t -> Fused.softmaxCrossEntropy(t[0], labels), randn(40, 5, 3));
        check("ce(labels, view)", t -> Fused.softmaxCrossEntropy(t[0].t(), labels), randn(41, 3, 5));
        check("ce(labels)*3", t -> Fused.softmaxCrossEntropy(t[0], labels).mul(3), randn(42, 5, 3));
    }

    @Test
    @SuppressWarnings("try") // NoGrad is used for its scope only
    void crossEntropyWithSoftTargets() {
        Tensor targets = uniform(50, 0.1, 1, 4, 3);
        Tensor soft;
        try (NoGrad ignored = NoGrad.enter()) {
            soft = targets.div(targets.sum(1, true)); // rows sum to 1
        }
        check("ce(soft)", t -> Fused.softmaxCrossEntropy(t[0], soft.to(t[0].dtype())), randn(51, 4, 3));
        check("ce(unnormalized)", t -> Fused.softmaxCrossEntropy(t[0], targets.to(t[0].dtype())), randn(52, 4, 3));
        check("ce(soft, both)", t -> Fused.softmaxCrossEntropy(t[0], t[1]), randn(53, 4, 3), soft.copy());
        Tensor oneHot = Tensor.matrix(new double[][] {{0, 0, 1}, {1, 0, 0}});
        Tensor logits = randn(54, 2, 3);
        assertEquals(Fused.softmaxCrossEntropy(logits, new int[] {2, 0}).item(),
                Fused.softmaxCrossEntropy(logits, oneHot).item(), 1e-15);
    }

    @Test
    void crossEntropyEqualsItsUnfusedDefinition() {
        Tensor logits = randn(60, 4, 5);
        Tensor targets = uniform(61, 0, 1, 4, 5);
        Tensor unfused = logits.logSoftmax(1).mul(targets).sum().neg().div(4);
        assertEquals(unfused.item(), Fused.softmaxCrossEntropy(logits, targets).item(), 1e-14);
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu:0.2", "elu", "selu",
            "gelu", "silu", "softplus", "arctan", "sqnl", "prelu"})
    void randomMlpsWithEveryActivation(String spec) {
        for (int layers = 2; layers <= 4; layers++) {
            for (String loss : new String[] {"ce", "mse"}) {
                double err = mlpCheck(spec.hashCode() * 31L + layers * 7L + loss.hashCode(), layers, spec, loss);
                assertTrue(err < BOUND, spec + " " + layers + " layers " + loss + ": " + err);
            }
        }
    }

    @Test
    void randomMlpWithMixedActivations() {
        SplittableRandom rng = new SplittableRandom(99);
        for (int trial = 0; trial < 6; trial++) {
            String spec = ACTIVATIONS[rng.nextInt(ACTIVATIONS.length)] + "," + ACTIVATIONS[rng.nextInt(ACTIVATIONS.length)]
                    + "," + ACTIVATIONS[rng.nextInt(ACTIVATIONS.length)];
            double err = mlpCheck(1000 + trial, 2 + trial % 3, spec, trial % 2 == 0 ? "ce" : "mse");
            assertTrue(err < BOUND, spec + ": " + err);
        }
    }

    /**
     * An MLP of {@code layers} Fused.linear layers (random widths 2–6; hidden activations from the comma-separated
     * {@code spec}, "prelu" with a learned per-feature slope), then softmax cross-entropy with labels or MSE made of
     * ops; gradient-checked with respect to every weight, bias and slope.
     */
    static double mlpCheck(long seed, int layers, String spec, String loss) {
        SplittableRandom rng = new SplittableRandom(seed);
        int batch = 3 + rng.nextInt(3);
        int[] widths = new int[layers + 1];
        for (int i = 0; i <= layers; i++) {
            widths[i] = 2 + rng.nextInt(5);
        }
        String[] acts = spec.split(",");
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            double scale = 1.0 / Math.sqrt(widths[l]);
            params.put(l + ".weight", randn(rng.nextLong(), widths[l + 1], widths[l]).mul(scale * 1.5));
            params.put(l + ".bias", randn(rng.nextLong(), widths[l + 1]).mul(0.3));
            if (acts[l % acts.length].equals("prelu") && l < layers - 1) {
                params.put(l + ".slope", uniform(rng.nextLong(), 0.05, 0.5, widths[l + 1]));
            }
        }
        Tensor x = awayFrom(rng.nextLong(), 0.05, KINKS, batch, widths[0]);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(widths[layers]);
        }
        Tensor target = randn(rng.nextLong(), batch, widths[layers]);
        GradCheck.Report report = GradCheck.check(() -> {
            Tensor h = x;
            for (int l = 0; l < layers; l++) {
                String a = acts[l % acts.length];
                boolean last = l == layers - 1;
                Tensor w = params.get(l + ".weight");
                Tensor b = params.get(l + ".bias");
                if (last || a.equals("identity")) {
                    h = Fused.linear(h, w, b);
                } else if (a.equals("prelu")) {
                    h = Fused.linear(h, w, b).prelu(params.get(l + ".slope"));
                } else {
                    h = Fused.linear(h, w, b, Activation.parse(a));
                }
            }
            return loss.equals("ce") ? Fused.softmaxCrossEntropy(h, labels) : h.sub(target).pow(2).mean();
        }, params, GradCheck.DEFAULT_EPSILON);
        GradTesting.record("mlp " + spec + " x" + layers + " " + loss, report.maxError());
        return report.maxError();
    }
}
