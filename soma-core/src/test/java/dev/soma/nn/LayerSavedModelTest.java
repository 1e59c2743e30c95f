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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models with the N-d layers (an MLP with normalization and residual blocks, embeddings, a CNN with BatchNorm2d,
 * pooling and a residual block) survive a save/load round trip with their buffers, load into the equivalent torch
 * model with {@code load_state_dict(strict=True)}, and a torch state dict (int64 num_batches_tracked included) loads
 * into Soma, with the same predictions both ways.
 */
class LayerSavedModelTest {
    static final String MLP = "linear:4:8,batchnorm1d:8,relu,residual(linear:8:8,relu,layernorm:8,linear:8:8),"
            + "batchnorm1d:8:momentum=none,residual:proj(linear:8:5,tanh),linear:5:3";
    static final String EMB = "embedding:6:4:pad=0,residual(layernorm:4),batchnorm1d:3";
    static final String CNN = "conv:1:4:3:pad=1,batchnorm2d:4,relu,maxpool:2,residual(conv:4:4:3:pad=1,relu),"
            + "avgpool:3:stride=1:pad=1,flatten,linear:36:3";

    /** The shape of one example of each model. */
    private static int[] exampleShape(String spec) {
        return spec.equals(CNN) ? new int[] {1, 6, 6} : spec.equals(EMB) ? new int[] {3} : new int[] {4};
    }

    private static Sequential trained(String spec, Tensor x) {
        Sequential m = Sequential.fromSpec(spec, null, 3, Module.exampleShape(x.shape()));
        for (int i = 0; i < 3; i++) {
            m.forward(x, true); // running statistics and batch counts away from their initial values
        }
        return m;
    }

    private static Tensor input(String spec) {
        SplittableRandom rng = new SplittableRandom(4);
        int[] shape = exampleShape(spec);
        float[] v = new float[7 * Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = spec.equals(EMB) ? rng.nextInt(6) : (float) (rng.nextGaussian() * 2 + 1);
        }
        int[] batch = new int[shape.length + 1];
        batch[0] = 7;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        return Tensor.of(v, batch);
    }

    @ParameterizedTest
    @ValueSource(strings = {MLP, EMB, CNN})
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
        if (spec.equals(CNN)) {
            assertEquals(List.of(4, 1, 3, 3), toList(back.stateDict().get("0.weight").shape()));
            assertEquals(List.of(4, 4, 3, 3), toList(back.stateDict().get("4.body.0.weight").shape()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {MLP, EMB, CNN})
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
    @ValueSource(strings = {MLP, EMB, CNN})
    void torchStateDictLoadsIntoSoma(String spec, @TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(TorchRunner.available(), "/usr/bin/python3 with torch is not installed");
        Path f = dir.resolve("torch.safetensors");
        Path xf = dir.resolve("x.safetensors");
        String out = TorchRunner.run(script(), builder(), "torch2soma", spec,
                Arrays.stream(exampleShape(spec)).mapToObj(Integer::toString).collect(Collectors.joining(",")),
                f.toString(), xf.toString());
        Tensor x = SafeTensors.read(xf).tensors().get("x");
        Sequential m = SavedModel.loadWeights(f, spec, Module.exampleShape(x.shape()));
        assertEquals(DType.F32, m.dtype());
        if (spec.equals(MLP)) {
            assertEquals(3.0, m.stateDict().get("1.num_batches_tracked").item(), "read from torch's int64");
        }
        assertArrayEquals(parse(out), m.predict(x).toFloatArray(), 1e-5f);
    }

    private static String builder() {
        return Path.of("..", "scripts", "torch_layer_reference.py").toAbsolutePath().toString();
    }

    private static String script() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of(builder())), "run from soma-core");
        try (InputStream in = LayerSavedModelTest.class.getResourceAsStream("layer_interop.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Integer> toList(int[] shape) {
        return Arrays.stream(shape).boxed().toList();
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
