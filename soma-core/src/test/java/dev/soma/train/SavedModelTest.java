package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.data.Dataset;
import dev.soma.data.Standardizer;
import dev.soma.io.SafeTensors;
import dev.soma.nn.Sequential;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelTest {
    @Test
    void roundTripKeepsWeightsAndMetadata(@TempDir Path dir) {
        Sequential m = Sequential.fromSpec("linear:4:16,relu,dropout:0.2,linear:16:3", null, 9);
        Standardizer std = Standardizer.of(new float[] {1f, 2f, 3f, 4f}, new float[] {0.5f, 1f, 2f, 0.25f});
        ModelInfo info = ModelInfo.classification(List.of("a", "b", "c")).withStandardizer(std)
                .withLoss("cross_entropy").with("dataset", "three");
        Path f = dir.resolve("model.safetensors");
        SavedModel.save(f, m, info);
        SavedModel back = SavedModel.load(f);
        assertEquals(m.spec(), back.model().spec());
        for (String k : m.stateDict().keySet()) {
            assertArrayEquals(m.stateDict().get(k).toFloatArray(), back.model().stateDict().get(k).toFloatArray(), 0f, k);
        }
        assertEquals(List.of("a", "b", "c"), back.info().classNames());
        assertEquals("classification", back.info().task());
        assertEquals("cross_entropy", back.info().loss());
        assertEquals(ModelInfo.SOMA_VERSION, back.info().somaVersion());
        assertEquals(Map.of("dataset", "three"), back.info().extra());
        assertArrayEquals(std.mean(), back.info().standardizer().mean(), 0f);
        assertArrayEquals(std.std(), back.info().standardizer().std(), 0f);
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"),
                List.copyOf(SafeTensors.read(f).tensors().keySet()));
        Map<String, String> meta = SafeTensors.read(f).metadata();
        assertEquals("model", meta.get("soma.kind"));
        assertEquals("linear:4:16,relu,dropout:0.2,linear:16:3", meta.get("soma.architecture"));
        assertEquals("[\"a\",\"b\",\"c\"]", meta.get("soma.classes"));
        assertEquals("classification", meta.get("soma.task"));
        assertEquals("cross_entropy", meta.get("soma.loss"));
        assertEquals("three", meta.get("x.dataset"));
    }

    @Test
    void trainedWithStandardizationEvaluatesTheSameAfterLoading(@TempDir Path dir) {
        Dataset train = Synthetic.linear(200, 1);
        Sequential m = Sequential.fromSpec("linear:2:8,tanh,linear:8:1", null, 2);
        Trainer t = new Trainer(new TrainConfig().standardize(true).lr(0.01).epochs(5).batchSize(20));
        t.fit(m, train, null);
        Standardizer s = t.standardizer();
        Standardizer refit = Standardizer.fit(train);
        assertArrayEquals(refit.mean(), s.mean(), 0f);
        Path f = dir.resolve("reg.safetensors");
        SavedModel.save(f, m, ModelInfo.regression().withStandardizer(s));
        Dataset test = Synthetic.linear(50, 2);
        RegressionReport before = Evaluation.regression(m, test, s::apply);
        RegressionReport after = Evaluation.regression(SavedModel.load(f), test);
        assertEquals(before.mse(), after.mse(), 0.0);
        assertTrue(Evaluation.regression(m, test).mse() != before.mse(), "the standardization matters");
    }

    @Test
    void float64ModelsAndErrors(@TempDir Path dir) {
        Sequential m = Sequential.fromSpec("linear:3:2", null, 1);
        m.to(DType.F64);
        Path f = dir.resolve("m64.safetensors");
        SavedModel.save(f, m, ModelInfo.regression());
        SavedModel back = SavedModel.load(f);
        assertEquals(DType.F64, back.model().dtype());
        assertNull(back.info().standardizer());
        Path bare = dir.resolve("bare.safetensors");
        SafeTensors.write(bare, m.stateDict(), Map.of());
        assertEquals(bare + ": not a Soma model (metadata soma.kind is null, expected model); use "
                + "SavedModel.loadWeights(path, architecture) for a bare state dict",
                assertThrows(SomaException.class, () -> SavedModel.load(bare)).getMessage());
        assertEquals(2, SavedModel.loadWeights(bare, "linear:3:2").outputSize());
        assertEquals(bare + ": loadStateDict: '0.weight' has shape [2, 3], expected [2, 4]",
                assertThrows(SomaException.class, () -> SavedModel.loadWeights(bare, "linear:4:2")).getMessage());
    }

    static String script() throws IOException {
        try (InputStream in = SavedModelTest.class.getResourceAsStream("torch_interop.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void somaModelLoadsIntoTorchSequentialWithTheSamePredictions(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(TorchRunner.available(), "/usr/bin/python3 with torch is not installed");
        Sequential m = Sequential.fromSpec("linear:6:8,tanh,linear:8:5,leaky_relu:0.2,dropout:0.3,linear:5:4,prelu,"
                + "linear:4:3,sigmoid", null, 4);
        Path model = dir.resolve("soma.safetensors");
        SavedModel.save(model, m, ModelInfo.regression());
        Tensor x = Tensor.randn(DType.F32, new SplittableRandom(3), 10, 6);
        Path input = dir.resolve("x.safetensors");
        SafeTensors.write(input, Map.of("x", x), Map.of());
        String out = TorchRunner.run(script(), "predict", model.toString(), input.toString());
        String[] lines = out.trim().split("\n");
        float[] expected = m.predict(x).toFloatArray();
        assertEquals(expected.length, lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertEquals(expected[i], Double.parseDouble(lines[i]), 1e-5, "value " + i);
        }
    }

    @Test
    void torchModelLoadsIntoSomaWithTheSamePredictions(@TempDir Path dir) {
        Assumptions.assumeTrue(TorchRunner.available(), "/usr/bin/python3 with torch is not installed");
        Path model = dir.resolve("torch.safetensors");
        Path data = dir.resolve("data.safetensors");
        assertEquals("ok", TorchRunner.run(scriptUnchecked(), "export", model.toString(), data.toString()).trim());
        SavedModel saved = SavedModel.load(model);
        assertEquals("linear:5:7,elu,linear:7:4,prelu,linear:4:3,softmax", saved.model().spec());
        assertEquals(List.of("a", "b", "c"), saved.info().classNames());
        Map<String, Tensor> xy = SafeTensors.read(data).tensors();
        assertArrayEquals(xy.get("y").toFloatArray(), saved.model().predict(xy.get("x")).toFloatArray(), 1e-5f);
    }

    /** The same check on the model file torch exported when the reference values were made (torch not needed). */
    @Test
    void aCommittedTorchExportLoadsIntoSomaWithTorchsPredictions() throws Exception {
        Path model = Path.of(SavedModelTest.class.getResource("torch_export.safetensors").toURI());
        Path data = Path.of(SavedModelTest.class.getResource("torch_export_data.safetensors").toURI());
        SavedModel saved = SavedModel.load(model);
        assertEquals("linear:5:7,elu,linear:7:4,prelu,linear:4:3,softmax", saved.model().spec());
        assertEquals(List.of("a", "b", "c"), saved.info().classNames());
        Map<String, Tensor> xy = SafeTensors.read(data).tensors();
        assertEquals(27, xy.get("y").numel());
        assertArrayEquals(xy.get("y").toFloatArray(), saved.model().predict(xy.get("x")).toFloatArray(), 1e-5f);
    }

    private static String scriptUnchecked() {
        try {
            return script();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSingleModuleSavesAndLoadsAsItself(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        dev.soma.nn.Linear lin = new dev.soma.nn.Linear(3, 2, dev.soma.nn.Initializers.heNormal(), 5);
        java.nio.file.Path f = dir.resolve("linear.safetensors");
        SavedModel.save(f, lin, ModelInfo.regression());
        SavedModel back = SavedModel.load(f);
        org.junit.jupiter.api.Assertions.assertTrue(back.model() instanceof dev.soma.nn.Linear, back.model().describe());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("weight", "bias"),
                java.util.List.copyOf(back.model().stateDict().keySet()));
        org.junit.jupiter.api.Assertions.assertArrayEquals(lin.weight().toFloatArray(),
                back.model().stateDict().get("weight").toFloatArray(), 0f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {3}, back.info().inputShape());
    }
}
