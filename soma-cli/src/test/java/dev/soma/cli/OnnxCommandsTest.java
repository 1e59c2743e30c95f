package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.nn.Sequential;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** soma export / soma import: a trained model survives the round trip; bad files and operators are one line, exit 2. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnnxCommandsTest {
    @TempDir
    Path dir;

    private static String accuracyLine(String out) {
        return out.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains("accuracy")).findFirst()
                .orElseThrow(() -> new AssertionError("no accuracy line in:\n" + out));
    }

    @Test
    void exportThenImportEvaluatesTheSame() {
        Path model = dir.resolve("xor.safetensors");
        Cli t = Cli.run("train", "--data", "builtin:xor", "--hidden", "8", "--epochs", "2", "--standardize",
                "--out", model.toString());
        assertEquals(0, t.code, t.toString());
        Path onnx = dir.resolve("xor.onnx");
        Cli e = Cli.run("export", "--model", model.toString(), "--onnx", onnx.toString());
        assertEquals(0, e.code, e.toString());
        assertTrue(e.out.startsWith("wrote " + onnx + " ("), e.out);
        assertTrue(e.out.contains("input 'input' [batch, 2], outputs 'logits', 'probabilities'; standardization "
                + "included"), e.out);
        Path back = dir.resolve("back.safetensors");
        Cli i = Cli.run("import", "--onnx", onnx.toString(), "--out", back.toString());
        assertEquals(0, i.code, i.toString());
        assertTrue(i.out.contains("classification, 2 classes"), i.out);
        Cli a = Cli.run("evaluate", "--model", model.toString(), "--data", "builtin:xor");
        Cli b = Cli.run("evaluate", "--model", back.toString(), "--data", "builtin:xor");
        assertEquals(0, a.code, a.toString());
        assertEquals(0, b.code, b.toString());
        assertEquals(accuracyLine(a.out), accuracyLine(b.out));

        Cli again = Cli.run("export", "--model", model.toString(), "--onnx", onnx.toString());
        assertEquals(2, again.code);
        assertEquals("soma: error: --onnx " + onnx + ": file exists (use --force to overwrite it)\n",
                again.errLines());
        Cli opset = Cli.run("export", "--model", model.toString(), "--onnx", dir.resolve("o.onnx").toString(),
                "--opset", "99");
        assertEquals(2, opset.code);
        assertEquals("soma: error: --opset 99: Soma writes opsets 13 to 22\n", opset.errLines());
    }

    @Test
    void aModelWithoutItsInputShapeNeedsInputShape() {
        Path cnn = dir.resolve("cnn.safetensors");
        SavedModel.save(cnn, Sequential.fromSpec("conv:1:2:3,relu,globalavgpool,flatten,linear:2:2"),
                ModelInfo.classification(List.of("a", "b")));
        Path onnx = dir.resolve("cnn.onnx");
        Cli r = Cli.run("export", "--model", cnn.toString(), "--onnx", onnx.toString());
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: cannot export Sequential(5 layers): the shape of its input examples is not known "
                + "(give it with ExportOptions.withInputShape or soma export --input-shape)\n", r.errLines());
        Cli ok = Cli.run("export", "--model", cnn.toString(), "--onnx", onnx.toString(), "--input-shape", "1,6,6");
        assertEquals(0, ok.code, ok.toString());
        assertTrue(ok.out.contains("input 'input' [batch, 1, 6, 6]"), ok.out);
    }

    @Test
    void badFilesAndUnsupportedOperatorsAreOneLine() throws Exception {
        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "not a model at all\n");
        Cli r = Cli.run("import", "--onnx", junk.toString(), "--out", dir.resolve("j.safetensors").toString());
        assertEquals(2, r.code, r.toString());
        assertTrue(r.errLines().startsWith("soma: error: junk.onnx: "), r.errLines());
        assertEquals(1, r.errLines().lines().count(), r.errLines());

        // a real ONNX operator Soma has no layer for: the exported Relu renamed Celu (same length, so the
        // protobuf lengths stay valid)
        Path m = dir.resolve("relu.safetensors");
        SavedModel.save(m, Sequential.fromSpec("linear:4:3,relu,linear:3:2", null, 1, new int[] {4}),
                ModelInfo.classification(List.of("a", "b")).withInputShape(new int[] {4}));
        Path onnx = dir.resolve("celu.onnx");
        assertEquals(0, Cli.run("export", "--model", m.toString(), "--onnx", onnx.toString()).code);
        byte[] bytes = Files.readAllBytes(onnx);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("Relu"), "the exported file names its Relu node");
        Files.write(onnx, text.replace("Relu", "Celu").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Cli u = Cli.run("import", "--onnx", onnx.toString(), "--out", dir.resolve("u.safetensors").toString());
        assertEquals(2, u.code, u.toString());
        assertTrue(u.errLines().matches("soma: error: celu\\.onnx: node '[^']*' uses operator Celu \\(opset 17\\), "
                + "which Soma cannot import\n"), u.errLines());
        assertTrue(!Files.exists(dir.resolve("u.safetensors")));
    }
}
