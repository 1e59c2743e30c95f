package dev.soma.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.DataSplit;
import dev.soma.data.Dataset;
import dev.soma.data.Digits;
import dev.soma.data.Standardizer;
import dev.soma.nn.Sequential;
import dev.soma.train.ModelInfo;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real inputs: 257 of the built-in test digits through standardized models (the raw pixels go into the ONNX graph,
 * which standardizes them), an MLP and a CNN; plus the layers ONNX has one operator for that the other tests do not
 * reach (LayerNormalization, Embedding's Cast + Gather).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrtRealInputsTest {
    private static final int ROWS = 257;
    private static float[] pixels;
    private static Standardizer std;
    private static ModelInfo info;

    @BeforeAll
    static void digits() {
        DataSplit d = Digits.load();
        Dataset test = d.test();
        int[] idx = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            idx[i] = i;
        }
        pixels = new float[ROWS * 784];
        test.inputs(idx, 0, ROWS, pixels);
        std = Standardizer.fit(d.train());
        info = ModelInfo.classification(test.classNames()).withStandardizer(std);
    }

    private static void check(Sequential net, int[] shape) {
        byte[] onnx = Onnx.toBytes(net, ExportOptions.defaults().withInfo(info.withInputShape(shape))
                .withProbabilities(true));
        float[] standardized = pixels.clone();
        std.apply(standardized, ROWS);
        float[] expected = Models.predict(net, standardized, ROWS, shape);
        float[] got = Ort.run(onnx, "logits", pixels, Models.batchShape(ROWS, shape));
        double d = Models.maxAbsDiff(expected, got);
        assertTrue(d <= 1e-5, net.spec() + ": max |ORT − Soma| on real digits = " + d);
        float[] p = Ort.run(onnx, "probabilities", pixels, Models.batchShape(ROWS, shape));
        double sum = 0;
        for (int j = 0; j < 10; j++) {
            sum += p[j];
        }
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void mlpOnDigits() {
        check(Models.random("linear:784:64,relu,dropout:0.2,linear:64:32,gelu,linear:32:10", new int[] {784}, 9),
                new int[] {784});
    }

    @Test
    void cnnOnDigits() {
        int[] shape = {1, 28, 28};
        check(Models.random("conv:1:4:3:pad=1,batchnorm2d:4,relu,maxpool:2,residual(conv:4:4:3:pad=1,relu),"
                + "avgpool:2,flatten,linear:196:10", shape, 10), shape);
    }

    @Test
    void layerNormAndEmbedding() {
        OrtExportTest.check(Models.random("linear:5:8,layernorm:8,silu,linear:8:3", new int[] {5}, 12), new int[] {5},
                ExportOptions.defaults(), 2);
        Sequential emb = Models.random("embedding:7:3,flatten,linear:12:2", new int[] {4}, 13);
        byte[] onnx = Onnx.toBytes(emb, ExportOptions.defaults().withInputShape(4));
        float[] idx = new float[257 * 4];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = (i * 5) % 7;
        }
        double d = Models.maxAbsDiff(Models.predict(emb, idx, 257, new int[] {4}), Ort.run(onnx, "logits", idx, 257, 4));
        assertTrue(d <= 1e-5, "embedding: " + d);
    }
}
