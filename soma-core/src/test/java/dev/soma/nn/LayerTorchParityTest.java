package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Json;
import dev.soma.optim.Optimizer;
import dev.soma.optim.OptimizerConfig;
import dev.soma.optim.Optimizers;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import dev.soma.train.TorchRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The N-d layers against PyTorch: Conv2d (padding, stride, dilation, groups, no bias, rectangular inputs), MaxPool2d,
 * AvgPool2d (with and without the padding counted), AdaptiveAvgPool2d, Flatten, BatchNorm1d/2d, LayerNorm, Embedding,
 * a small CNN, a residual MLP and a small ResNet (identity and projection shortcuts): training-mode output, input and
 * parameter gradients, buffers after the step, three Adam steps and the evaluation output, from the same initial
 * state. The reference values are committed (torch/layers.json, written by {@code python3
 * scripts/torch_layer_reference.py soma-core/src/test/resources/torch/layers.json}), so the comparison runs without torch; where torch is
 * installed the script is also run afresh. Torch computes in float64: Soma's float64 path must agree to 1e-9 and its
 * float32 path to 1e-4, relative. (Dropout2d draws its own masks, so it has no torch counterpart to compare.)
 */
class LayerTorchParityTest {
    @Test
    void committedReferenceValues() throws IOException {
        try (InputStream in = LayerTorchParityTest.class.getResourceAsStream("/torch/layers.json")) {
            checkAll(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void freshReferenceValuesFromTorch(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(TorchRunner.available(), "/usr/bin/python3 with torch is not installed");
        Path script = Path.of("..", "scripts", "torch_layer_reference.py");
        Assumptions.assumeTrue(Files.isRegularFile(script), "run from soma-core");
        Path out = dir.resolve("layers.json");
        TorchRunner.run(Files.readString(script), out.toString());
        checkAll(Files.readString(out));
    }

    private static void checkAll(String json) {
        Map<String, Object> root = Json.asObject(Json.parse(json, "layers.json"), "reference");
        List<Object> cases = Json.asArray(root.get("cases"), "cases");
        assertEquals(22, cases.size());
        for (Object c : cases) {
            Map<String, Object> cs = Json.asObject(c, "case");
            check(cs, DType.F64, 1e-9);
            check(cs, DType.F32, 1e-4);
        }
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> c, DType dtype, double tol) {
        String what = c.get("name") + " (" + dtype + ")";
        Tensor x = tensor(c.get("x")).to(dtype);
        Tensor g = tensor(c.get("g")).to(dtype);
        boolean indices = c.get("dx") == null;
        Sequential m = Sequential.fromSpec((String) c.get("spec"), null, 1, Module.exampleShape(x.shape()));
        m.to(dtype);
        LinkedHashMap<String, Tensor> init = tensors(c.get("init"));
        assertEquals(init.keySet(), m.stateDict().keySet(), what + ": state dict names");
        m.loadStateDict(init);

        Tensor xin = indices ? x : x.detach().copy().requiresGrad(true);
        Tensor y = m.forward(xin, true);
        y.mul(g).sum().backward();
        close(tensor(c.get("y")), y, tol, what + " y");
        if (!indices) {
            close(tensor(c.get("dx")), xin.grad(), tol, what + " dx");
        }
        tensors(c.get("grads")).forEach((k, v) -> close(v, m.namedParameters().get(k).grad(), tol, what + " grad " + k));
        tensors(c.get("buffers")).forEach((k, v) -> close(v, m.namedBuffers().get(k), tol, what + " buffer " + k));

        Map<String, Object> adam = (Map<String, Object>) c.get("adam");
        m.loadStateDict(init);
        List<Tensor> params = m.trainableParameters();
        Optimizer opt = params.isEmpty() ? null : Optimizers.create("adam", params,
                new OptimizerConfig().lr(((Number) adam.get("lr")).doubleValue()));
        List<Object> losses = (List<Object>) adam.get("losses");
        for (int step = 0; step < losses.size(); step++) {
            for (Tensor p : params) {
                p.zeroGrad();
            }
            Tensor loss = m.forward(x, true).mul(g).sum();
            double want = ((Number) losses.get(step)).doubleValue();
            assertTrue(Math.abs(loss.item() - want) <= tol * Math.max(1, Math.abs(want)),
                    what + " Adam step " + step + " loss " + loss.item() + ", torch " + want);
            if (opt != null) {
                loss.backward();
                opt.step();
            }
        }
        tensors(adam.get("state")).forEach((k, v) -> close(v, m.stateDict().get(k), tol, what + " after Adam: " + k));
        close(tensor(adam.get("eval_y")), m.forward(x, false), tol, what + " evaluation output");
    }

    /** |got − want| ≤ tol·(|want| + mean |want|) elementwise: relative, with a floor at the tensor's scale. */
    private static void close(Tensor want, Tensor got, double tol, String what) {
        assertEquals(List.of(toList(want.shape())), List.of(toList(got.shape())), what + ": shape");
        double[] w = want.toDoubleArray();
        double[] a = got.toDoubleArray();
        double scale = 0;
        for (double v : w) {
            scale += Math.abs(v) / w.length;
        }
        for (int i = 0; i < w.length; i++) {
            double bound = tol * (Math.abs(w[i]) + scale) + 1e-300;
            assertTrue(Math.abs(a[i] - w[i]) <= bound, what + "[" + i + "]: " + a[i] + ", torch " + w[i]);
        }
    }

    private static List<Integer> toList(int[] s) {
        return java.util.Arrays.stream(s).boxed().toList();
    }

    private static LinkedHashMap<String, Tensor> tensors(Object o) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        Json.asObject(o, "tensors").forEach((k, v) -> m.put(k, tensor(v)));
        return m;
    }

    private static Tensor tensor(Object o) {
        Map<String, Object> t = Json.asObject(o, "tensor");
        List<Object> shape = Json.asArray(t.get("shape"), "shape");
        List<Object> values = Json.asArray(t.get("values"), "values");
        int[] s = new int[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ((Number) shape.get(i)).intValue();
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) values.get(i)).doubleValue();
        }
        return Tensor.of(v, s);
    }
}
