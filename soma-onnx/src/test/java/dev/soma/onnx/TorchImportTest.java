package dev.soma.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Json;
import dev.soma.tensor.Tensor;
import dev.soma.ChildProcess;
import dev.soma.train.TorchRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch → torch.onnx.export → Soma import predicts what PyTorch predicted: from the committed files made by
 * scripts/torch_onnx_fixture.py (always), and from a fresh run of that script when /usr/bin/python3 has torch.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TorchImportTest {
    private static final String MLP = "linear:6:16,relu,linear:16:16,batchnorm1d:16,leaky_relu:0.2,"
            + "residual(linear:16:16,gelu,linear:16:16),elu:0.5,linear:16:16,selu,linear:16:16,silu,linear:16:16,"
            + "softplus,linear:16:16,prelu:16,linear:16:16,tanh,linear:16:16,sigmoid,linear:16:4,softmax";
    private static final String CNN = "conv:1:4:3:pad=1,relu,batchnorm2d:4,maxpool:2,conv:4:6:3:pad=1:nobias,prelu,"
            + "avgpool:3:stride=2:pad=1,conv:6:8:3:pad=1:groups=2,globalavgpool,flatten,linear:8:3";
    private static final String OPSET17 = "flatten,linear:12:8,layernorm:8,elu,linear:8:3";

    /** Imports {@code onnx} and checks its spec and its predictions against torch's in {@code json}. */
    static void check(byte[] onnx, String json, String name, String spec) {
        ImportedModel m = Onnx.load(onnx, name + ".onnx");
        assertEquals(spec, m.model().spec());
        Map<String, Object> j = Json.asObject(Json.parse(json, name + ".json"), name);
        int[] shape = ((List<?>) j.get("shape")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        float[] x = floats(j.get("input"));
        float[] expected = floats(j.get("output"));
        float[] got = m.model().predict(Tensor.of(x, shape)).toFloatArray();
        double d = Models.maxAbsDiff(expected, got);
        assertTrue(d <= 1e-5, name + ": max |Soma − torch " + j.get("torch") + "| = " + d);
        assertEquals("classification", m.info().task());
        assertEquals(expected.length / shape[0], m.info().classNames().size());
    }

    private static float[] floats(Object list) {
        List<?> l = (List<?>) list;
        float[] f = new float[l.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = ((Number) l.get(i)).floatValue();
        }
        return f;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TorchImportTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name + " (made by scripts/torch_onnx_fixture.py)");
            }
            return in.readAllBytes();
        }
    }

    @Test
    void committedTorchExports() throws IOException {
        check(resource("torch_mlp.onnx"), new String(resource("torch_mlp.json"), StandardCharsets.UTF_8), "torch_mlp",
                MLP);
        check(resource("torch_cnn.onnx"), new String(resource("torch_cnn.json"), StandardCharsets.UTF_8), "torch_cnn",
                CNN);
        check(resource("torch_opset17.onnx"), new String(resource("torch_opset17.json"), StandardCharsets.UTF_8),
                "torch_opset17", OPSET17);
    }

    @Test
    void liveTorchExports(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(TorchRunner.available(), "/usr/bin/python3 with torch is not installed");
        Path script = Path.of("..", "scripts", "torch_onnx_fixture.py").toAbsolutePath().normalize();
        ChildProcess.Result r = TorchRunner.runFile(script.toString(), dir.toString());
        assertEquals(0, r.exitCode(), script + " failed:\n" + r.both());
        for (String[] c : new String[][] {{"torch_mlp", MLP}, {"torch_cnn", CNN}, {"torch_opset17", OPSET17}}) {
            check(Files.readAllBytes(dir.resolve(c[0] + ".onnx")), Files.readString(dir.resolve(c[0] + ".json")),
                    c[0], c[1]);
        }
    }
}
