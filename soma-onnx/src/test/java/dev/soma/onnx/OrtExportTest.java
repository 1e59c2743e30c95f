package dev.soma.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.Standardizer;
import dev.soma.nn.Sequential;
import dev.soma.train.ModelInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ONNX Runtime runs every exported model and gets Soma's outputs within 1e-5 (absolute, float32). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrtExportTest {
    private static final double TOL = 1e-5;

    /** Exports {@code net}, runs it in ORT for batches of 1 and 257, and compares with Soma's predictions. */
    static void check(Sequential net, int[] shape, ExportOptions o, double scale) {
        byte[] onnx = Onnx.toBytes(net, o.withInputShape(shape));
        for (int rows : new int[] {1, 257}) {
            float[] x = Models.inputs(rows, shape, scale, 7 + rows);
            float[] expected = Models.predict(net, x, rows, shape);
            float[] got = Ort.run(onnx, "logits", x, Models.batchShape(rows, shape));
            double d = Models.maxAbsDiff(expected, got);
            assertTrue(d <= TOL, net.spec() + " batch " + rows + ": max |ORT − Soma| = " + d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "leaky_relu", "leaky_relu:0.2", "prelu", "prelu:16", "elu", "elu:0.5", "selu",
            "gelu", "silu", "softplus", "sigmoid", "tanh", "arctan", "sqnl", "identity"})
    void everyActivation(String act) {
        // inputs up to ±3 reach every branch (SQNL's clip at ±2, softplus's both sides)
        Sequential net = Models.random("linear:6:16," + act + ",dropout:0.3,linear:16:16," + act + ",linear:16:4",
                new int[] {6}, 11);
        check(net, new int[] {6}, ExportOptions.defaults(), 3);
    }

    @Test
    void geluAsTheNativeOperatorFromOpset20() {
        Sequential net = Models.random("linear:5:8,gelu,linear:8:3", new int[] {5}, 3);
        check(net, new int[] {5}, ExportOptions.defaults().withOpset(20), 3);
        assertTrue(OnnxDump.ops(Onnx.toBytes(net, ExportOptions.defaults().withOpset(20))).contains("Gelu"));
        assertTrue(!OnnxDump.ops(Onnx.toBytes(net, ExportOptions.defaults())).contains("Gelu"));
    }

    @Test
    void softmaxOutput() {
        Sequential net = Models.random("linear:5:8,tanh,linear:8:3,softmax", new int[] {5}, 4);
        check(net, new int[] {5}, ExportOptions.defaults(), 2);
    }

    @Test
    void convolutionPoolingBatchNormResidual() {
        int[] shape = {2, 8, 8};
        Sequential net = Models.random("conv:2:4:3:pad=1,batchnorm2d:4,relu,maxpool:2,"
                + "residual(conv:4:4:3:pad=1,batchnorm2d:4,relu),dropout2d:0.2,conv:4:6:3:stride=2:pad=1:groups=2,"
                + "avgpool:2:exclude_pad,flatten,linear:6:10,batchnorm1d:10,silu,linear:10:3", shape, 5);
        check(net, shape, ExportOptions.defaults(), 1);
        Sequential gap = Models.random("conv:2:3:3:dilation=2:nobias,avgpool:3:stride=1:pad=1,globalavgpool,flatten,"
                + "residual(linear:3:3,gelu),linear:3:2", shape, 6);
        check(gap, shape, ExportOptions.defaults(), 1);
    }

    @Test
    void standardizedInputsBecomeSubAndDiv() {
        Sequential net = Models.random("linear:4:6,relu,linear:6:2", new int[] {4}, 8);
        float[] mean = {1, -2, 0.5f, 3};
        float[] std = {2, 0.5f, 1, 4};
        ModelInfo info = ModelInfo.classification(List.of("no", "yes")).withStandardizer(Standardizer.of(mean, std));
        byte[] onnx = Onnx.toBytes(net, ExportOptions.defaults().withInfo(info).withProbabilities(true));
        for (int rows : new int[] {1, 257}) {
            float[] raw = Models.inputs(rows, new int[] {4}, 5, rows);
            float[] standardized = raw.clone();
            Standardizer.of(mean, std).apply(standardized, rows);
            float[] expected = Models.predict(net, standardized, rows, new int[] {4});
            float[] got = Ort.run(onnx, "logits", raw, rows, 4);
            assertTrue(Models.maxAbsDiff(expected, got) <= TOL, "max diff " + Models.maxAbsDiff(expected, got));
            float[] p = Ort.run(onnx, "probabilities", raw, rows, 4);
            for (int r = 0; r < rows; r++) {
                double e0 = Math.exp(expected[2 * r]);
                double e1 = Math.exp(expected[2 * r + 1]);
                assertEquals(e0 / (e0 + e1), p[2 * r], 1e-6);
            }
        }
        // raw inputs: the graph takes standardized values
        byte[] rawGraph = Onnx.toBytes(net, ExportOptions.defaults().withInfo(info).withRawInputs(true));
        float[] x = Models.inputs(3, new int[] {4}, 1, 9);
        assertTrue(Models.maxAbsDiff(Models.predict(net, x, 3, new int[] {4}), Ort.run(rawGraph, "logits", x, 3, 4))
                <= TOL);
    }

    @Test
    void metadataDocStringAndNames() throws Exception {
        Sequential net = Models.random("linear:3:2", new int[] {3}, 1);
        ModelInfo info = ModelInfo.classification(List.of("cat", "dog"));
        byte[] onnx = Onnx.toBytes(net, ExportOptions.defaults().withInfo(info).withProbabilities(true)
                .withDocString("two classes"));
        try (ai.onnxruntime.OrtSession s = Ort.session(onnx)) {
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            assertEquals("[\"cat\",\"dog\"]", meta.get("soma.classes"));
            assertEquals("linear:3:2", meta.get("soma.architecture"));
            assertEquals("classification", meta.get("soma.task"));
            assertEquals("two classes", s.getMetadata().getDescription());
            assertEquals(List.of("input"), List.copyOf(s.getInputNames()));
            assertEquals(List.of("logits", "probabilities"), List.copyOf(s.getOutputNames()));
            long[] dims = ((ai.onnxruntime.TensorInfo) s.getInputInfo().get("input").getInfo()).getShape();
            assertArrayEquals(new long[] {-1, 3}, dims);
        }
    }
}
