package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.SafeTensors;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import dev.soma.train.TorchRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models with the normalization, embedding and residual layers survive a save/load round trip with their buffers,
 * load into the equivalent torch model with {@code load_state_dict(strict=True)}, and a torch state dict (int64
 * num_batches_tracked included) loads into Soma, with the same predictions both ways.
 */
class NormLayersSavedModelTest {
    static final String MLP = "linear:4:8,batchnorm1d:8,relu,residual(linear:8:8,relu,layernorm:8,linear:8:8),"
            + "batchnorm1d:8:momentum=none,residual:proj(linear:8:5,tanh),linear:5:3";
    static final String EMB = "embedding:6:4:pad=0,residual(layernorm:4),batchnorm1d:3";

    private static Sequential trained(String spec, Tensor x) {
        Sequential m = Sequential.fromSpec(spec, null, 3, Module.exampleShape(x.shape()));
        for (int i = 0; i < 3; i++) {
            m.forward(x, true); // running statistics and batch counts away from their initial values
        }
        return m;
    }

    private static Tensor input(String spec) {
        SplittableRandom rng = new SplittableRandom(4);
        float[] v = new float[7 * (spec.equals(EMB) ? 3 : 4)];
        for (int i = 0; i < v.length; i++) {
            v[i] = spec.equals(EMB) ? rng.nextInt(6) : (float) (rng.nextGaussian() * 2 + 1);
        }
        return Tensor.of(v, 7, spec.equals(EMB) ? 3 : 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {MLP, EMB})
    void roundTripKeepsParametersAndBuffers(String spec, @TempDir Path dir) {
        Tensor x = input(spec);
        Sequential m = trained(spec, x);
        Path f = dir.resolve("m.safetensors");
        SavedModel.save(f, m, ModelInfo.regression());
        Module back = SavedModel.load(f).model();
        assertEquals(m.spec(), back.spec());
        assertEquals(List.copyOf(m.stateDict().keySet()), List.copyOf(back.stateDict().keySet()));
        m.stateDict().forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), back.stateDict().get(k).toDoubleArray(),
                0.0, k));
        assertArrayEquals(m.predict(x).toFloatArray(), back.predict(x).toFloatArray(), 0f);
        if (spec.equals(MLP)) {
            assertEquals(3.0, back.stateDict().get("1.num_batches_tracked").item());
            assertTrue(back.stateDict().containsKey("5.shortcut.weight"));
            assertEquals(DType.F64, SafeTensors.read(f).tensors().get("1.num_batches_tracked").dtype());
            assertEquals(0, SafeTensors.read(f).tensors().get("1.num_batches_tracked").rank());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {MLP, EMB})
    void savedModelLoadsStrictlyIntoTorchAndPredictsTheSame(String spec, @TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(TorchRunner.available(), "/usr/bin/python3 with torch is not installed");
        Tensor x = input(spec);
        Sequential m = trained(spec, x);
        Path f = dir.resolve("m.safetensors");
        Path xf = dir.resolve("x.safetensors");
        SavedModel.save(f, m, ModelInfo.regression());
        SafeTensors.write(xf, Map.of("x", x), Map.of());
        String out = TorchRunner.run(script(), builder(), "soma2torch", f.toString(), xf.toString());
        assertArrayEquals(parse(out), m.predict(x).toFloatArray(), 1e-5f);
    }

    @ParameterizedTest
    @ValueSource(strings = {MLP, EMB})
    void torchStateDictLoadsIntoSoma(String spec, @TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(TorchRunner.available(), "/usr/bin/python3 with torch is not installed");
        Path f = dir.resolve("torch.safetensors");
        Path xf = dir.resolve("x.safetensors");
        String out = TorchRunner.run(script(), builder(), "torch2soma", spec, f.toString(), xf.toString());
        Tensor x = SafeTensors.read(xf).tensors().get("x");
        Sequential m = SavedModel.loadWeights(f, spec, Module.exampleShape(x.shape()));
        assertEquals(DType.F32, m.dtype());
        if (spec.equals(MLP)) {
            assertEquals(3.0, m.stateDict().get("1.num_batches_tracked").item(), "read from torch's int64");
        }
        assertArrayEquals(parse(out), m.predict(x).toFloatArray(), 1e-5f);
    }

    private static String builder() {
        return Path.of("..", "scripts", "torch_norm_reference.py").toAbsolutePath().toString();
    }

    private static String script() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of(builder())), "run from soma-core");
        try (InputStream in = NormLayersSavedModelTest.class.getResourceAsStream("norm_interop.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static float[] parse(String out) {
        String[] lines = out.trim().split("\n");
        float[] v = new float[lines.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(lines[i]);
        }
        return v;
    }
}
