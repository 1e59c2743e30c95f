package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.soma.autograd.NoGrad;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The check every layer's test runs: the module's compiled {@link Stage} gives the same bits as its graph path,
 * in training mode (output, input gradient, every parameter gradient, buffers after the step, generator state) and
 * in evaluation mode (output), for a batch smaller than the stage's capacity.
 */
public final class StageChecks {
    private StageChecks() {
    }

    /** Runs both paths on a random batch of {@code rows} examples of {@code shape} (seeded) and compares them. */
    public static void assertStageMatchesGraph(Module m, int[] shape, int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int in = Shapes.numel(shape);
        int[] outShape = m.outputShape(shape);
        int out = Shapes.numel(outShape);
        float[] x = new float[rows * in];
        float[] g = new float[rows * out];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) rng.nextGaussian();
        }
        LinkedHashMap<String, Tensor> start = m.snapshot();
        Map<String, Long> rngStart = m.rngState();

        // the graph: loss = Σ out·g, so ∂loss/∂out = g exactly
        Tensor xt = Tensor.of(x.clone(), Module.prepend(rows, shape)).requiresGrad(true);
        for (Tensor p : m.parameters()) {
            p.zeroGrad();
        }
        Tensor y = m.forward(xt, true);
        y.mul(Tensor.of(g.clone(), y.shape())).sum().backward();
        float[] graphOut = y.detach().contiguous().toFloatArray();
        float[] graphGx = xt.grad() == null ? new float[x.length] : xt.grad().toFloatArray();
        LinkedHashMap<String, float[]> graphGrads = grads(m);
        LinkedHashMap<String, float[]> graphState = values(m.stateDict());
        Map<String, Long> graphRng = m.rngState();

        // the stage, from the same state, with gradient buffers holding garbage it must replace
        m.loadStateDict(start);
        m.setRngState(rngStart);
        for (Tensor p : m.trainableParameters()) {
            if (p.grad() == null) {
                p.setGrad(Tensor.zeros(p.dtype(), p.shape()));
            }
            p.grad().fill(7);
        }
        Stage s = m.compile(StageSpec.training(shape, rows + 3, true));
        s.forward(x.clone(), rows);
        assertArrayEquals(graphOut, head(s.output(), rows * out), m.describe() + ": training forward");
        s.backward(x.clone(), g.clone(), rows);
        assertNotNull(s.inputGradient(), m.describe() + ": input gradient asked for");
        assertArrayEquals(graphGx, head(s.inputGradient(), rows * in), m.describe() + ": input gradient");
        LinkedHashMap<String, float[]> stageGrads = grads(m);
        for (Map.Entry<String, float[]> e : graphGrads.entrySet()) {
            assertArrayEquals(e.getValue(), stageGrads.get(e.getKey()), m.describe() + ": gradient of " + e.getKey());
        }
        LinkedHashMap<String, float[]> stageState = values(m.stateDict());
        for (Map.Entry<String, float[]> e : graphState.entrySet()) {
            assertArrayEquals(e.getValue(), stageState.get(e.getKey()), m.describe() + ": state " + e.getKey());
        }
        assertArrayEquals(graphRng.values().toArray(), m.rngState().values().toArray(), m.describe() + ": generator");

        // evaluation mode
        m.loadStateDict(start);
        float[] evalOut;
        try (NoGrad ignored = NoGrad.enter()) {
            evalOut = m.forward(Tensor.of(x.clone(), Module.prepend(rows, shape)), false).contiguous().toFloatArray();
        }
        Stage e = m.compile(StageSpec.inference(shape, rows + 1));
        e.forward(x.clone(), rows);
        assertArrayEquals(evalOut, head(e.output(), rows * out), m.describe() + ": evaluation forward");
        m.loadStateDict(start);
        m.setRngState(rngStart);
    }

    private static LinkedHashMap<String, float[]> grads(Module m) {
        LinkedHashMap<String, float[]> r = new LinkedHashMap<>();
        m.namedParameters().forEach((k, p) -> {
            if (p.requiresGrad()) {
                r.put(k, p.grad() == null ? new float[p.numel()] : p.grad().toFloatArray());
            }
        });
        return r;
    }

    private static LinkedHashMap<String, float[]> values(Map<String, Tensor> state) {
        LinkedHashMap<String, float[]> r = new LinkedHashMap<>();
        state.forEach((k, v) -> r.put(k, v.toFloatArray()));
        return r;
    }

    private static float[] head(float[] a, int n) {
        float[] r = new float[n];
        System.arraycopy(a, 0, r, 0, n);
        return r;
    }
}
