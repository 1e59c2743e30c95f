package dev.soma.autograd;

import static dev.soma.autograd.GradTesting.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.kernel.Activation;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The float32 path against the float64 reference on a whole MLP, and inference from several threads at once. */
@SuppressWarnings("try") // NoGrad is used for its scope only
class PrecisionAndThreadsTest {
    static final int[] WIDTHS = {20, 32, 16, 5};
    static final Activation[] ACTS = {Activation.tanh(), Activation.gelu()};

    static List<Tensor> params(DType type, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Tensor> ps = new ArrayList<>();
        for (int l = 0; l + 1 < WIDTHS.length; l++) {
            double scale = Math.sqrt(2.0 / WIDTHS[l]);
            ps.add(Tensor.randn(DType.F64, rng, WIDTHS[l + 1], WIDTHS[l]).mul(scale).to(type));
            ps.add(Tensor.uniform(DType.F64, rng, -0.1, 0.1, WIDTHS[l + 1]).to(type));
        }
        return ps;
    }

    static Tensor forward(List<Tensor> ps, Tensor x) {
        Tensor h = x;
        int layers = ps.size() / 2;
        for (int l = 0; l < layers; l++) {
            h = l == layers - 1 ? Fused.linear(h, ps.get(2 * l), ps.get(2 * l + 1))
                    : Fused.linear(h, ps.get(2 * l), ps.get(2 * l + 1), ACTS[l % ACTS.length]);
        }
        return h;
    }

    @Test
    void float32MatchesFloat64OnAnMlp() {
        List<Tensor> p64 = params(DType.F64, 7);
        Tensor x64 = Tensor.randn(DType.F64, new SplittableRandom(8), 16, WIDTHS[0]);
        int[] labels = new int[16];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % WIDTHS[WIDTHS.length - 1];
        }
        List<Tensor> p32 = new ArrayList<>();
        for (Tensor p : p64) {
            p32.add(p.to(DType.F32).requiresGrad(true));
            p.requiresGrad(true);
        }
        Tensor logits64 = forward(p64, x64);
        Tensor logits32 = forward(p32, x64.to(DType.F32));
        assertTrue(relativeError(logits64.toDoubleArray(), logits32.toDoubleArray()) < 1e-6);
        Tensor loss64 = Fused.softmaxCrossEntropy(logits64, labels);
        Tensor loss32 = Fused.softmaxCrossEntropy(logits32, labels);
        assertEquals(loss64.item(), loss32.item(), 1e-5 * Math.abs(loss64.item()));
        loss64.backward();
        loss32.backward();
        for (int i = 0; i < p64.size(); i++) {
            double err = relativeError(p64.get(i).grad().toDoubleArray(), p32.get(i).grad().toDoubleArray());
            assertTrue(err < 1e-5, "parameter " + i + ": float32 gradient off by " + err);
        }
        // MSE built from ops, same comparison
        for (Tensor p : p64) {
            p.zeroGrad();
        }
        for (Tensor p : p32) {
            p.zeroGrad();
        }
        forward(p64, x64).sub(0.5).pow(2).mean().backward();
        forward(p32, x64.to(DType.F32)).sub(0.5).pow(2).mean().backward();
        for (int i = 0; i < p64.size(); i++) {
            double err = relativeError(p64.get(i).grad().toDoubleArray(), p32.get(i).grad().toDoubleArray());
            assertTrue(err < 1e-5, "MSE, parameter " + i + ": float32 gradient off by " + err);
        }
    }

    @Test
    void threadsPredictingWithSharedWeightsAgree() throws Exception {
        List<Tensor> ps = params(DType.F32, 3);
        for (Tensor p : ps) {
            p.requiresGrad(true); // parameters of a model being trained: only NoGrad keeps the threads graph-free
        }
        int batches = 8;
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            Tensor x = Tensor.randn(DType.F32, new SplittableRandom(100 + b), 12, WIDTHS[0]);
            inputs.add(x);
            try (NoGrad ignored = NoGrad.enter()) {
                expected.add(forward(ps, x).softmax(1).toFloatArray());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                results.add(pool.submit(() -> {
                    for (int rep = 0; rep < 25; rep++) {
                        int b = (first + rep) % batches;
                        try (NoGrad ignored = NoGrad.enter()) {
                            Tensor y = forward(ps, inputs.get(b)).softmax(1);
                            if (y.gradFn() != null || y.requiresGrad()) {
                                return false;
                            }
                            assertArrayEquals(expected.get(b), y.toFloatArray(), "batch " + b);
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(60, TimeUnit.SECONDS), "a thread recorded a graph under NoGrad");
            }
        } finally {
            pool.shutdownNow();
        }
        for (Tensor p : ps) {
            assertNull(p.grad(), "inference must not touch gradients");
        }
    }

    @Test
    void noGradIsPerThread() throws Exception {
        Tensor w = Tensor.of(new double[] {2}, 1).requiresGrad(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (NoGrad ignored = NoGrad.enter()) {
            assertNull(w.mul(w).gradFn());
            Tensor other = pool.submit(() -> w.mul(w)).get(10, TimeUnit.SECONDS);
            assertNotNull(other.gradFn(), "NoGrad on this thread must not stop recording on another");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(NoGrad.isRecording());
    }

    @Test
    void closingOnAnotherThreadEndsTheRightScope() throws Exception {
        NoGrad scope = NoGrad.enter();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertTrue(pool.submit(() -> {
                scope.close();
                return NoGrad.isRecording();
            }).get(10, TimeUnit.SECONDS), "the other thread still records");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(NoGrad.isRecording(), "the scope of this thread is closed");
    }
}
