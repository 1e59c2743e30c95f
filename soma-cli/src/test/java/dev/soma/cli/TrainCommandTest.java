package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Json;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code soma train} end to end on small built-in data, and its error paths. */
class TrainCommandTest {
    @TempDir
    Path dir;

    static final List<String> REPORT_KEYS = List.of("command", "data", "model", "epochs", "test_loss", "test_accuracy",
            "seconds_total", "seed", "threads", "kernels");
    static final List<String> EPOCH_KEYS = List.of("epoch", "train_loss", "train_accuracy", "dev_loss", "dev_accuracy",
            "seconds", "samples_per_second", "learning_rate");

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Path f) throws Exception {
        return (Map<String, Object>) Json.parse(Files.readString(f));
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainsCirclesAndWritesModelJsonAndChart() throws Exception {
        Path model = dir.resolve("c.safetensors");
        Path js = dir.resolve("c.json");
        Path png = dir.resolve("c.png");
        Cli r = Cli.run("train", "--data", "builtin:circles", "--hidden", "16,8", "--activation", "tanh", "--epochs", "2",
                "--batch", "16", "--lr", "0.01", "--seed", "7", "--out", model.toString(), "--json", js.toString(),
                "--plot", png.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(Files.size(model) > 0);
        assertTrue(r.out.contains("epoch 1/2"), r.out);
        assertTrue(r.out.contains("test: loss"), r.out);

        Map<String, Object> j = json(js);
        assertEquals(REPORT_KEYS, List.copyOf(j.keySet()));
        assertEquals("train", j.get("command"));
        assertEquals("builtin:circles", j.get("data"));
        Map<String, Object> m = (Map<String, Object>) j.get("model");
        assertEquals("linear:2:16,tanh,linear:16:8,tanh,linear:8:2", m.get("architecture"));
        assertEquals(2L * 16 + 16 + 16 * 8 + 8 + 8 * 2 + 2, m.get("parameters"));
        List<Object> epochs = (List<Object>) j.get("epochs");
        assertEquals(2, epochs.size());
        Map<String, Object> e2 = (Map<String, Object>) epochs.get(1);
        assertEquals(EPOCH_KEYS, List.copyOf(e2.keySet()));
        assertEquals(2L, e2.get("epoch"));
        assertEquals(0.01, (Double) e2.get("learning_rate"), 1e-12);
        // the JSON holds the numbers of the epoch line, unrounded
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("epoch 2/2  loss (\\S+)  acc \\S+  dev_loss \\S+  "
                + "dev_acc (\\S+)").matcher(r.out);
        assertTrue(line.find(), r.out);
        assertEquals(Double.parseDouble(line.group(1)), (Double) e2.get("train_loss"), 5e-5);
        assertEquals(Double.parseDouble(line.group(2)), ((Number) e2.get("dev_accuracy")).doubleValue(), 5e-5);
        assertTrue((Double) j.get("test_accuracy") > 0.5, "circles are easy: " + j.get("test_accuracy"));
        assertEquals(7L, j.get("seed"));
        assertTrue(((String) j.get("kernels")).length() > 0);

        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * HistoryChart.PANEL_WIDTH, img.getWidth());
        assertEquals(HistoryChart.PANEL_HEIGHT, img.getHeight());
    }

    @Test
    void sameSeedSameReport() throws Exception {
        String[] base = {"train", "--data", "builtin:xor", "--hidden", "8", "--epochs", "2", "--seed", "3"};
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        assertEquals(0, Cli.run(concat(base, "--out", a.toString())).code);
        assertEquals(0, Cli.run(concat(base, "--out", b.toString())).code);
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)), "same seed, same weights");
    }

    @Test
    @SuppressWarnings("unchecked")
    void regressionOnHousesHasNoAccuracy() throws Exception {
        Path js = dir.resolve("h.json");
        Cli r = Cli.run("train", "--data", "builtin:houses", "--hidden", "8", "--epochs", "2", "--standardize",
                "--out", dir.resolve("h.safetensors").toString(), "--json", js.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("test: mse"), r.out);
        Map<String, Object> j = json(js);
        assertNull(j.get("test_accuracy"));
        assertTrue(j.get("test_loss") instanceof Double);
        Map<String, Object> e = (Map<String, Object>) ((List<Object>) j.get("epochs")).get(0);
        assertNull(e.get("train_accuracy"));
    }

    @Test
    void startsFromGivenWeights() {
        Path first = dir.resolve("first.safetensors");
        assertEquals(0, Cli.run("train", "--data", "builtin:xor", "--hidden", "8", "--epochs", "1",
                "--out", first.toString()).code);
        Cli r = Cli.run("train", "--data", "builtin:xor", "--hidden", "8", "--epochs", "1", "--init", first.toString(),
                "--out", dir.resolve("second.safetensors").toString());
        assertEquals(0, r.code, r.toString());
        Cli bad = Cli.run("train", "--data", "builtin:xor", "--hidden", "9", "--epochs", "1", "--init", first.toString(),
                "--out", dir.resolve("third.safetensors").toString());
        assertEquals(2, bad.code, bad.toString());
        assertTrue(bad.errLines().startsWith("soma: error: "), bad.err);
        assertEquals(1, bad.errLines().lines().count(), bad.err);
    }

    @Test
    void architectureSpec() {
        Path out = dir.resolve("a.safetensors");
        Cli r = Cli.run("train", "--data", "builtin:xor", "--architecture", "dropout:0.1,linear:2:8,tanh,linear:8:2",
                "--epochs", "1", "--out", out.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("model dropout:0.1,linear:2:8,tanh,linear:8:2 (42 parameters)"), r.out);
        Cli bad = Cli.run("train", "--data", "builtin:xor", "--architecture", "linear:3:8,tanh,linear:8:2",
                "--epochs", "1", "--out", dir.resolve("b.safetensors").toString());
        assertEquals(2, bad.code, bad.toString());
        assertEquals("soma: error: --architecture linear:3:8,tanh,linear:8:2: layer 1 'linear:3:8': Linear(3→8) expects 3"
                + " inputs, got 2\n", bad.errLines());
        Cli wide = Cli.run("train", "--data", "builtin:xor", "--architecture", "linear:2:8,tanh,linear:8:3",
                "--epochs", "1", "--out", dir.resolve("c.safetensors").toString());
        assertEquals(2, wide.code, wide.toString());
        assertEquals("soma: error: --architecture linear:2:8,tanh,linear:8:3: gives 3 outputs, the data needs 2 (one per"
                + " class)\n", wide.errLines());
    }

    @Test
    @SuppressWarnings("unchecked")
    void checkpointsAndResumes() throws Exception {
        Path ck = dir.resolve("ck");
        Cli first = Cli.run("train", "--data", "builtin:xor", "--hidden", "8", "--epochs", "2", "--checkpoint-dir",
                ck.toString(), "--out", dir.resolve("a.safetensors").toString());
        assertEquals(0, first.code, first.toString());
        try (var files = Files.list(ck)) {
            assertTrue(files.findAny().isPresent(), "a checkpoint was written");
        }
        Path js = dir.resolve("resumed.json");
        Cli resumed = Cli.run("train", "--data", "builtin:xor", "--hidden", "8", "--epochs", "3", "--checkpoint-dir",
                ck.toString(), "--resume", "--out", dir.resolve("b.safetensors").toString(), "--json", js.toString());
        assertEquals(0, resumed.code, resumed.toString());
        assertTrue(resumed.out.contains("epoch 3/3"), resumed.out);
        assertTrue(!resumed.out.contains("epoch 1/3"), "epochs 1 and 2 come from the checkpoint:\n" + resumed.out);
        List<Object> epochs = (List<Object>) json(js).get("epochs");
        assertEquals(3, epochs.size(), "the history includes the checkpoint's epochs");
    }

    @Test
    void csvWithStringLabelsSplitAndEvaluate() throws Exception {
        StringBuilder csv = new StringBuilder("width,height,kind\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 0; i < 300; i++) {
            boolean tall = i % 2 == 0;
            double w = 1 + rng.nextDouble();
            double h = tall ? 3 + rng.nextDouble() : rng.nextDouble();
            csv.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%s%n", w, h, tall ? "tall" : "flat"));
        }
        Path data = dir.resolve("shapes.csv");
        Files.writeString(data, csv);
        Path model = dir.resolve("shapes.safetensors");
        Cli r = Cli.run("train", "--data", data.toString(), "--target", "kind", "--split", "0.6,0.2,0.2", "--hidden", "8",
                "--epochs", "20", "--lr", "0.01", "--standardize", "--out", model.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("180 train, 60 dev, 60 test examples, 2 features, 2 classes"), r.out);
        Cli e = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--target", "kind");
        assertEquals(0, e.code, e.toString());
        assertTrue(e.out.contains("all part: 300 examples"), e.out);
        assertTrue(e.out.contains("flat "), e.out);
        assertTrue(e.out.contains("accuracy 1.0000"), "tall and flat are separable:\n" + e.out);
    }

    @Test
    void existingOutputIsNotOverwrittenWithoutForce() throws Exception {
        Path out = dir.resolve("m.safetensors");
        Files.writeString(out, "keep me");
        Cli r = Cli.run("train", "--data", "builtin:xor", "--epochs", "1", "--out", out.toString());
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: --out " + out + ": file exists (use --force to overwrite it)\n", r.errLines());
        assertEquals("keep me", Files.readString(out));
        assertEquals("", r.out, "nothing was trained");
        Cli forced = Cli.run("train", "--data", "builtin:xor", "--hidden", "4", "--epochs", "1", "--out", out.toString(),
                "--force");
        assertEquals(0, forced.code, forced.toString());
    }

    @Test
    void missingDataFileIsOneLine() {
        Path missing = dir.resolve("nope.csv");
        Cli r = Cli.run("train", "--data", missing.toString(), "--out", dir.resolve("m.safetensors").toString());
        assertEquals(2, r.code, r.toString());
        assertEquals(1, r.errLines().lines().count(), r.err);
        assertTrue(r.errLines().startsWith("soma: error: "), r.err);
        assertTrue(r.errLines().contains("nope.csv"), r.err);
    }

    @Test
    void badOptionValuesNameTheOption() {
        String out = dir.resolve("m.safetensors").toString();
        String[][] cases = {
            {"--epochs", "0", "soma: error: --epochs 0: expected at least 1"},
            {"--dropout", "1.5", "soma: error: --dropout 1.5: expected a probability in [0, 1)"},
            {"--split", "0.5,0.2", "soma: error: --split 0.5,0.2: ratios must add up to 1, got 0.7"},
            {"--split", "0,1", "soma: error: --split: the train ratio must be positive, got 0"},
            {"--keep-prob", "0", "soma: error: --keep-prob 0: expected a probability in (0, 1]"},
            {"--momentum-form", "ng", "soma: error: --momentum-form ng: expected pytorch or tutorial"},
            {"--rho", "1", "soma: error: --rho 1: expected β in [0, 1)"},
            {"--rho", "0.9", "soma: error: --rho 0.9: RMSprop's β, but --optimizer is adam"},
            {"--momentum-form", "tutorial", "soma: error: --momentum-form tutorial: a form of SGD momentum, but "
                + "--optimizer is adam (use --optimizer momentum)"},
            {"--schedule-every", "batch", "soma: error: --schedule-every batch: expected epoch or iteration"},
            {"--optimizer", "adamax", "soma: error: --optimizer adamax: unknown optimizer; expected one of "},
            {"--loss", "kl", "soma: error: --loss kl: unknown loss 'kl'"},
            {"--schedule", "zigzag", "soma: error: --schedule zigzag: "},
            {"--activation", "wobble", "soma: error: --activation wobble: unknown activation 'wobble'"},
            {"--init", "magic", "soma: error: --init magic: unknown initializer 'magic'"},
            {"--batch", "x", "soma: error: Invalid value for option '--batch': 'x' is not an int (see 'soma train --help')"},
            {"--resume", null, "soma: error: --resume needs --checkpoint-dir DIR"},
        };
        for (String[] c : cases) {
            Cli r = c[1] == null ? Cli.run("train", "--data", "builtin:xor", "--out", out, c[0])
                    : Cli.run("train", "--data", "builtin:xor", "--out", out, c[0], c[1]);
            assertEquals(2, r.code, r.toString());
            assertEquals(1, r.errLines().lines().count(), r.err);
            assertTrue(r.errLines().startsWith(c[2]), "expected '" + c[2] + "' got " + r.err);
        }
    }

    @Test
    void earlyStoppingNeedsADevSet() {
        Cli r = Cli.run("train", "--data", "builtin:digits", "--dev-fraction", "0", "--early-stopping", "2", "--out",
                dir.resolve("e.safetensors").toString());
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: --early-stopping 2: needs a dev set (--dev-fraction above 0, or --split with a dev "
                + "part)\n", r.errLines());
    }

    @Test
    void missingRequiredOption() {
        Cli r = Cli.run("train", "--data", "builtin:xor");
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: Missing required option: '--out=MODEL.safetensors' (see 'soma train --help')\n",
                r.errLines());
    }

    @Test
    void divergenceExitsThree() {
        Cli r = Cli.run("train", "--data", "builtin:houses", "--optimizer", "sgd", "--lr", "1e6", "--epochs", "3",
                "--out", dir.resolve("d.safetensors").toString());
        assertEquals(3, r.code, r.toString());
        assertEquals(1, r.errLines().lines().count(), r.err);
        assertTrue(r.errLines().startsWith("soma: error: "), r.err);
        assertTrue(r.errLines().contains("learning rate 1e6;"), r.err);
        assertTrue(r.errLines().contains("the last good weights were written to " + dir.resolve("d.safetensors")
                + " (marked soma.diverged in its metadata)"), r.err);
        Cli inspect = Cli.run("inspect", "--model", dir.resolve("d.safetensors").toString());
        assertEquals(0, inspect.code, inspect.toString());
        assertTrue(inspect.out.contains("soma.diverged: training diverged at epoch 1"), inspect.out);
        Cli evaluate = Cli.run("evaluate", "--model", dir.resolve("d.safetensors").toString(), "--data", "builtin:houses");
        assertEquals(0, evaluate.code, evaluate.toString());
        assertTrue(evaluate.errLines().startsWith("soma: note: " + dir.resolve("d.safetensors") + " holds the last good "
                + "weights of a run that diverged (training diverged at epoch 1, batch 2 of 12"), evaluate.err);
    }

    @Test
    void divergenceWithoutOutSaysTheWeightsWereNotSaved() {
        // the trainer's own message is exact for the library; the command line adds what became of the weights
        dev.soma.train.DivergenceException e = new dev.soma.train.DivergenceException(1, 2, 12,
                Double.POSITIVE_INFINITY, 1e29 * 1.0000000000000001);
        assertEquals("training diverged at epoch 1, batch 2 of 12: loss is +Infinity with learning rate 1e29; the "
                + "last good weights were not saved; try a smaller learning rate, e.g. 1e28",
                e.withWeights("the last good weights were not saved").getMessage());
    }

    @Test
    void debugPrintsTheStackTrace() {
        Cli r = Cli.run("train", "--data", "builtin:nothing", "--out", dir.resolve("m.safetensors").toString(), "--debug");
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains("\tat dev.soma."), r.err);
        assertTrue(r.err.lines().anyMatch(l -> l.startsWith("soma: error: ")), r.err);
    }

    @Test
    void helpListsEveryOptionWithDefaults() {
        Cli r = Cli.run("train", "--help");
        assertEquals(0, r.code);
        for (String o : new String[] {"--hidden", "--activation", "--dropout", "--init", "--loss", "--optimizer", "--lr",
            "--momentum", "--beta1", "--beta2", "--eps", "--weight-decay", "--l1", "--l2", "--clip-norm", "--schedule",
            "--epochs", "--batch", "--no-shuffle", "--seed", "--threads", "--standardize", "--split", "--dev-fraction",
            "--early-stopping", "--target", "--regression", "--checkpoint-dir", "--resume", "--json", "--plot",
            "--force", "--debug", "--keep-prob", "--momentum-form", "--rho", "--schedule-every", "--dev", "--test",
            "--grad-norms", "tutorial_xavier", "tutorial_inverse:r", "mse:batchmean"}) {
            assertTrue(r.out.contains(o), o + " missing from\n" + r.out);
        }
        assertTrue(r.out.contains("Default: 256,128"), r.out);
        assertTrue(r.out.contains("Default: adam"), r.out);
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
