package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Json;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate, predict and inspect on models trained once for the class (small and fast). */
class ModelCommandsTest {
    @TempDir
    static Path dir;
    static Path digits;
    static Path xor;

    @BeforeAll
    static void trainModels() {
        digits = dir.resolve("digits.safetensors");
        xor = dir.resolve("xor.safetensors");
        Cli a = Cli.run("train", "--data", "builtin:digits", "--hidden", "32", "--epochs", "1", "--batch", "64",
                "--dev-fraction", "0", "--out", digits.toString());
        assertEquals(0, a.code, a.toString());
        Cli b = Cli.run("train", "--data", "builtin:xor", "--hidden", "8", "--epochs", "2", "--standardize",
                "--out", xor.toString());
        assertEquals(0, b.code, b.toString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Path f) throws Exception {
        return (Map<String, Object>) Json.parse(Files.readString(f));
    }

    @Test
    @SuppressWarnings("unchecked")
    void evaluatePrintsMetricsAndWritesJson() throws Exception {
        Path js = dir.resolve("eval.json");
        Cli r = Cli.run("evaluate", "--model", digits.toString(), "--data", "builtin:digits", "--json", js.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("test part: 2,000 examples"), r.out);
        assertTrue(r.out.contains("precision"), r.out);
        assertTrue(r.out.contains("predicted →"), r.out);
        Map<String, Object> j = json(js);
        assertEquals("evaluate", j.get("command"));
        double acc = (Double) j.get("test_accuracy");
        assertTrue(acc > 0.8, "one epoch on digits: " + acc);
        List<Object> cm = (List<Object>) j.get("confusion_matrix");
        long total = 0;
        long diagonal = 0;
        for (int i = 0; i < cm.size(); i++) {
            List<Object> row = (List<Object>) cm.get(i);
            for (int k = 0; k < row.size(); k++) {
                total += (Long) row.get(k);
                diagonal += i == k ? (Long) row.get(k) : 0;
            }
        }
        assertEquals(2000, total);
        assertEquals(acc, diagonal / 2000.0, 1e-12);
        assertEquals(10, ((List<Object>) j.get("classes")).size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void evaluateAndPredictARegressionModel() throws Exception {
        Path houses = dir.resolve("houses.safetensors");
        Cli t = Cli.run("train", "--data", "builtin:houses", "--hidden", "8", "--epochs", "3", "--standardize",
                "--out", houses.toString());
        assertEquals(0, t.code, t.toString());
        Path js = dir.resolve("houses-eval.json");
        Cli r = Cli.run("evaluate", "--model", houses.toString(), "--data", "builtin:houses", "--json", js.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.matches("(?s).*mse \\S+  mae \\S+  r2 \\S+.*"), r.out);
        Map<String, Object> j = json(js);
        assertEquals(j.get("mse"), j.get("test_loss"));
        assertTrue(j.containsKey("test_accuracy") && j.get("test_accuracy") == null, j.toString());
        assertTrue(j.get("r2") instanceof Double, j.toString());
        Path csv = dir.resolve("house.csv");
        Files.writeString(csv, "120,4\n");
        Path pj = dir.resolve("house-pred.json");
        Cli p = Cli.run("predict", "--model", houses.toString(), "--input", csv.toString(), "--json", pj.toString());
        assertEquals(0, p.code, p.toString());
        assertTrue(p.out.contains("prediction "), p.out);
        Map<String, Object> pred = (Map<String, Object>) ((List<Object>) json(pj).get("predictions")).get(0);
        assertEquals(1, ((List<Object>) pred.get("values")).size());
    }

    @Test
    void evaluateRefusesDataOfAnotherWidth() {
        Cli r = Cli.run("evaluate", "--model", digits.toString(), "--data", "builtin:xor");
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: --data builtin:xor: 2 features per example, but the model expects 784\n", r.errLines());
    }

    @Test
    void missingModelIsOneLine() {
        Path m = dir.resolve("missing.safetensors");
        Cli r = Cli.run("evaluate", "--model", m.toString(), "--data", "builtin:digits");
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: --model " + m + ": no such file\n", r.errLines());
    }

    @Test
    void corruptModelIsOneLine() throws Exception {
        Path m = dir.resolve("corrupt.safetensors");
        Files.write(m, new byte[] {1, 2, 3});
        Cli r = Cli.run("inspect", "--model", m.toString());
        assertEquals(2, r.code, r.toString());
        assertEquals(1, r.errLines().lines().count(), r.err);
        assertTrue(r.errLines().startsWith("soma: error: "), r.err);
    }

    @Test
    @SuppressWarnings("unchecked")
    void predictsADrawnDigit() throws Exception {
        BufferedImage img = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 120, 160);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(12, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(60, 20, 60, 140);
        g.dispose();
        Path png = dir.resolve("one.png");
        ImageIO.write(img, "png", png.toFile());
        Path js = dir.resolve("p.json");
        Cli r = Cli.run("predict", "--model", digits.toString(), "--input", png.toString(), "--json", js.toString(),
                "--show");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("picture, converted to 28x28 the MNIST way, 1 example"), r.out);
        assertTrue(r.out.contains("@"), "text art of the converted digit:\n" + r.out);
        Map<String, Object> j = json(js);
        List<Object> preds = (List<Object>) j.get("predictions");
        assertEquals(1, preds.size());
        Map<String, Object> p = (Map<String, Object>) preds.get(0);
        List<Object> probs = (List<Object>) p.get("probabilities");
        assertEquals(10, probs.size());
        double sum = 0;
        int best = 0;
        for (int k = 0; k < 10; k++) {
            sum += (Double) probs.get(k);
            best = (Double) probs.get(k) > (Double) probs.get(best) ? k : best;
        }
        assertEquals(1.0, sum, 1e-5);
        assertEquals(Integer.toString(best), p.get("class"));
        assertTrue(r.out.contains("class " + best + "  (probability"), r.out);
    }

    @Test
    void predictsIdxImages() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeInt(0x00000803);
        d.writeInt(3);
        d.writeInt(28);
        d.writeInt(28);
        for (int i = 0; i < 3 * 784; i++) {
            d.writeByte((i % 28) > 10 && (i % 28) < 16 ? 255 : 0);
        }
        Path idx = dir.resolve("three-idx3-ubyte");
        Files.write(idx, bytes.toByteArray());
        Cli r = Cli.run("predict", "--model", digits.toString(), "--input", idx.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("IDX file, values scaled /255, 3 examples"), r.out);
        assertEquals(3, r.out.lines().filter(l -> l.matches("#\\d: .*")).count(), r.out);
    }

    @Test
    void predictsCsvRowsWithTheSavedStandardizer() throws Exception {
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, "x,y\n3,3\n-3,3\n");
        Cli r = Cli.run("predict", "--model", xor.toString(), "--input", csv.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("CSV file, 2 examples"), r.out);
        assertTrue(r.out.contains("#0: "), r.out);
        assertTrue(r.out.contains("#1: "), r.out);
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "1,2\n3\n");
        Cli e = Cli.run("predict", "--model", xor.toString(), "--input", bad.toString());
        assertEquals(2, e.code, e.toString());
        assertEquals("soma: error: " + bad + ":2: 1 fields, expected 2 (the model's inputs)\n", e.errLines());
    }

    @Test
    void pictureForAModelOfAnotherWidth() throws Exception {
        Path png = dir.resolve("dot.png");
        BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        img.setRGB(5, 5, 0xffffff);
        ImageIO.write(img, "png", png.toFile());
        Cli r = Cli.run("predict", "--model", xor.toString(), "--input", png.toString());
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: --input " + png + ": a picture becomes 784 values (28x28), but the model expects 2 "
                + "inputs\n", r.errLines());
    }

    @Test
    void inspectShowsLayersTensorsAndMetadata() {
        Cli r = Cli.run("inspect", "--model", digits.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("architecture linear:784:32,relu,linear:32:10"), r.out);
        assertTrue(r.out.contains("Total params: 25,450"), r.out);
        assertTrue(r.out.contains("0.weight     float32  [32, 784]"), r.out);
        assertTrue(r.out.contains("2.bias       float32  [10]"), r.out);
        assertTrue(r.out.contains("Metadata:"), r.out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void evaluateRenumbersAFileThatHoldsSomeOfTheClasses() throws Exception {
        Path train = dir.resolve("flowers.csv");
        StringBuilder b = new StringBuilder("a,b,kind\n");
        String[] kinds = {"rose", "tulip", "lily"};
        for (int i = 0; i < 60; i++) {
            int c = i % 3;
            b.append(c * 2 + (i % 5) * 0.1).append(',').append(-c + (i % 7) * 0.1).append(',').append(kinds[c]).append('\n');
        }
        Files.writeString(train, b.toString());
        Path model = dir.resolve("flowers.safetensors");
        Cli t = Cli.run("train", "--data", train.toString(), "--hidden", "8", "--epochs", "30", "--out", model.toString());
        assertEquals(0, t.code, t.toString());
        // no tulips: the file's classes are [lily, rose] (0, 1), the model's [lily, rose, tulip] (0, 1, 2)
        Path test = dir.resolve("no-tulips.csv");
        Files.writeString(test, "a,b,kind\n0,0,rose\n0.2,0.1,rose\n4,-2,lily\n");
        Path js = dir.resolve("flowers.json");
        Cli r = Cli.run("evaluate", "--model", model.toString(), "--data", test.toString(), "--json", js.toString());
        assertEquals(0, r.code, r.toString());
        List<Object> cm = (List<Object>) json(js).get("confusion_matrix");
        assertEquals(3, cm.size(), "the model's three classes");
        long lilies = 0;
        long roses = 0;
        for (Object o : (List<Object>) cm.get(0)) {
            lilies += ((Number) o).longValue();
        }
        for (Object o : (List<Object>) cm.get(1)) {
            roses += ((Number) o).longValue();
        }
        assertEquals(1, lilies, "row 0 (lily) holds the one lily");
        assertEquals(2, roses, "row 1 (rose) holds the two roses");
        Path odd = dir.resolve("daisy.csv");
        Files.writeString(odd, "a,b,kind\n0,0,daisy\n");
        Cli e = Cli.run("evaluate", "--model", model.toString(), "--data", odd.toString());
        assertEquals(2, e.code);
        assertEquals("soma: error: --data " + odd + ": classes [daisy], but the model was trained on [lily, rose, tulip]\n",
                e.errLines());
    }
}
