package dev.soma.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.soma.data.Standardizer;
import dev.soma.nn.Sequential;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Export → import gives the same architecture, weights and predictions (bit for bit: the same layers). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoundTripTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "linear:6:8,relu,dropout:0.5,linear:8:3 | linear:6:8,relu,linear:8:3 | 6",
        "linear:6:8,leaky_relu:0.2,linear:8:8,elu:0.5,linear:8:8,selu,linear:8:3 | = | 6",
        "linear:6:8,gelu,linear:8:8,silu,linear:8:8,sqnl,linear:8:8,softplus,linear:8:3,softmax | = | 6",
        "linear:6:8,arctan,linear:8:8,sigmoid,linear:8:8,tanh,linear:8:8,prelu:8,linear:8:8,prelu,linear:8:3:nobias | = | 6",
        "linear:6:8,batchnorm1d:8,relu,residual(linear:8:8,relu,linear:8:8),linear:8:3 | = | 6",
        "linear:6:8,layernorm:8,relu,linear:8:3 | = | 6",
        "conv:2:3:3:pad=1,layernorm:3:8:8:eps=0.001,flatten,linear:192:3 | = | 2x8x8",
        "conv:2:4:3:pad=1,batchnorm2d:4,relu,maxpool:2,residual(conv:4:4:3:pad=1,relu),conv:4:4:3:stride=2:groups=2,"
                + "avgpool:1,globalavgpool,flatten,linear:4:3 | = | 2x8x8",
    })
    void sameModel(String spec, String expectedSpec, String shapeText) {
        int[] shape = java.util.Arrays.stream(shapeText.split("x")).mapToInt(Integer::parseInt).toArray();
        Sequential net = Models.random(spec, shape, 21);
        ModelInfo info = ModelInfo.classification(List.of("a", "b", "c")).withInputShape(shape);
        ImportedModel back = Onnx.load(Onnx.toBytes(net, ExportOptions.defaults().withInfo(info)), "m.onnx");
        assertEquals(expectedSpec.equals("=") ? spec : expectedSpec, back.model().spec());
        assertEquals(List.of("a", "b", "c"), back.info().classNames());
        assertArrayEquals(shape, back.info().inputShape());
        float[] x = Models.inputs(33, shape, 3, 5);
        assertArrayEquals(Models.predict(net, x, 33, shape), Models.predict(back.model(), x, 33, shape), 0f);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "embedding:7:3,flatten,linear:12:3 | = | 4",
        // ONNX has no padding_idx: the table comes back (its padding row as it was), the padding does not
        "embedding:7:3:pad=2,flatten,linear:12:3 | embedding:7:3,flatten,linear:12:3 | 4",
        "embedding:7:4,flatten,linear:24:3 | = | 2x3",
    })
    void embeddingComesBackAsCastAndGather(String spec, String expectedSpec, String shapeText) {
        int[] shape = java.util.Arrays.stream(shapeText.split("x")).mapToInt(Integer::parseInt).toArray();
        int features = dev.soma.tensor.Shapes.numel(shape);
        Sequential net = Models.random(spec, shape, 5);
        ImportedModel back = Onnx.load(Onnx.toBytes(net, ExportOptions.defaults().withInputShape(shape)), "m.onnx");
        assertEquals(expectedSpec.equals("=") ? spec : expectedSpec, back.model().spec());
        assertArrayEquals(net.stateDict().get("0.weight").floats(), back.model().stateDict().get("0.weight").floats(),
                0f);
        int rows = 40;
        float[] x = new float[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 5 + i / 7) % 7; // whole numbers: indices for the tables of 7 rows
        }
        float[] expected = Models.predict(net, x, rows, shape);
        assertArrayEquals(expected, Models.predict(back.model(), x, rows, shape), 0f);
    }

    @Test
    void standardizationComesBackAndTheModelSaves(@TempDir Path dir) {
        Sequential net = Models.random("linear:3:4,relu,linear:4:2", new int[] {3}, 2);
        Standardizer std = Standardizer.of(new float[] {1, 2, 3}, new float[] {0.5f, 2, 4});
        ModelInfo info = ModelInfo.regression().withStandardizer(std).withLoss("mse");
        Path onnx = dir.resolve("m.onnx");
        Onnx.export(net, onnx, ExportOptions.defaults().withInfo(info).withOpset(13));
        ImportedModel back = Onnx.load(onnx);
        assertNotNull(back.info().standardizer());
        assertArrayEquals(std.mean(), back.info().standardizer().mean(), 0f);
        assertArrayEquals(std.std(), back.info().standardizer().std(), 0f);
        assertEquals("regression", back.info().task());
        assertEquals("mse", back.info().loss());
        back.save(dir.resolve("m.safetensors"));
        SavedModel saved = SavedModel.load(dir.resolve("m.safetensors"));
        float[] x = Models.inputs(4, new int[] {3}, 1, 3);
        assertArrayEquals(Models.predict(net, x, 4, new int[] {3}), Models.predict(saved.model(), x, 4, new int[] {3}),
                0f);
        // raw inputs: the standardization comes from the metadata
        ImportedModel raw = Onnx.load(Onnx.toBytes(net, ExportOptions.defaults().withInfo(info).withRawInputs(true)),
                "raw.onnx");
        assertArrayEquals(std.std(), raw.info().standardizer().std(), 0f);
    }
}
