package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A convolutional network through every command, as an MLP goes: train (progress, checkpoints, resume, --json), inspect, evaluate, predict. */
class CnnCommandsTest {
    static final String CNN = "conv:1:4:3:pad=1,relu,maxpool:2,conv:4:8:3:pad=1,relu,maxpool:2,flatten,linear:392:10";

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void aCnnTrainsResumesAndIsInspectedEvaluatedAndUsed() throws Exception {
        Path ck = dir.resolve("ck");
        Path model = dir.resolve("cnn.safetensors");
        Path js = dir.resolve("cnn.json");
        Cli first = Cli.run("train", "--data", "builtin:digits", "--architecture", CNN, "--epochs", "1", "--batch", "64",
                "--seed", "3", "--checkpoint-dir", ck.toString(), "--out", dir.resolve("first.safetensors").toString());
        assertEquals(0, first.code, first.toString());
        assertTrue(first.out.contains("model " + CNN + " ("), first.out);
        Cli resumed = Cli.run("train", "--data", "builtin:digits", "--architecture", CNN, "--epochs", "2", "--batch",
                "64", "--seed", "3", "--checkpoint-dir", ck.toString(), "--resume", "--out", model.toString(), "--json",
                js.toString());
        assertEquals(0, resumed.code, resumed.toString());
        Map<String, Object> report = (Map<String, Object>) Json.parse(Files.readString(js));
        List<Object> epochs = (List<Object>) report.get("epochs");
        assertEquals(2, epochs.size(), "epoch 1 from the checkpoint, epoch 2 trained");
        double acc = ((Number) report.get("test_accuracy")).doubleValue();
        assertTrue(acc > 0.8, "two epochs of a small CNN on the digits: " + acc);

        Cli inspect = Cli.run("inspect", "--model", model.toString());
        assertEquals(0, inspect.code, inspect.toString());
        assertTrue(inspect.out.contains("[N, 4, 28, 28]") && inspect.out.contains("[N, 8, 7, 7]")
                && inspect.out.contains("[N, 392]") && inspect.out.contains("[N, 10]"), inspect.out);

        Path ev = dir.resolve("eval.json");
        Cli evaluate = Cli.run("evaluate", "--model", model.toString(), "--data", "builtin:digits", "--json", ev.toString());
        assertEquals(0, evaluate.code, evaluate.toString());
        Map<String, Object> e = (Map<String, Object>) Json.parse(Files.readString(ev));
        assertEquals(acc, ((Number) e.get("test_accuracy")).doubleValue(), 1e-12, "evaluate agrees with train's report");

        Cli wrong = Cli.run("train", "--data", "builtin:digits", "--architecture",
                "conv:3:4:3,relu,flatten,linear:2704:10", "--epochs", "1", "--out", dir.resolve("x.safetensors").toString());
        assertEquals(2, wrong.code, wrong.toString());
        assertTrue(wrong.errLines().startsWith("soma: error: --architecture conv:3:4:3,relu,flatten,linear:2704:10: ")
                && wrong.errLines().contains("expects 3 input channels, got 1"), wrong.errLines());
    }
}
