package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's options for the tutorials' forms and for data as users have it. */
class TutorialOptionsTest {
    @TempDir
    Path dir;

    /** A CSV of n rows "x0,x1,label" with label a when x0 + x1 > 0, else b (seeded). */
    private Path csv(String name, int n, long seed, String a, String b) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("x0,x1,label\n");
        for (int i = 0; i < n; i++) {
            double x0 = r.nextDouble() * 2 - 1;
            double x1 = r.nextDouble() * 2 - 1;
            sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", x0, x1, x0 + x1 > 0 ? a : b));
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void splitOneTrainsOnEveryRowAndSaysThereIsNoEvaluation() throws Exception {
        Path data = csv("all.csv", 50, 1, "pos", "neg");
        for (String split : new String[] {"1", "1,0,0"}) {
            Path out = dir.resolve("m" + split.length() + ".safetensors");
            Cli r = Cli.run("train", "--data", data.toString(), "--split", split, "--hidden", "4", "--epochs", "2",
                    "--out", out.toString());
            assertEquals(0, r.code, r.toString());
            assertTrue(r.out.contains(": 50 train, 0 dev, 0 test examples"), r.out);
            assertTrue(r.out.contains("no dev set: nothing is measured between epochs\n"), r.out);
            assertTrue(r.out.contains("no test set: the model is not evaluated after training\n"), r.out);
            assertFalse(r.out.contains("test: loss"), r.out);
        }
    }

    @Test
    void separateDevAndTestFilesWithClassesInAnotherOrder() throws Exception {
        Path train = csv("train.csv", 60, 1, "pos", "neg");
        Path dev = csv("dev.csv", 20, 2, "pos", "neg");
        // only one class, which sorts first in the training file's names but is the file's only class here
        StringBuilder t = new StringBuilder("x0,x1,label\n0.9,0.8,pos\n0.5,0.7,pos\n0.3,0.9,pos\n");
        Path test = dir.resolve("test.csv");
        Files.writeString(test, t.toString());
        Path js = dir.resolve("r.json");
        Cli r = Cli.run("train", "--data", train.toString(), "--dev", dev.toString(), "--test", test.toString(),
                "--hidden", "8", "--epochs", "30", "--lr", "0.05", "--out", dir.resolve("m.safetensors").toString(),
                "--json", js.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains(": 60 train, 20 dev, 3 test examples"), r.out);
        assertTrue(r.out.contains("test: loss"), r.out);
        Map<String, Object> j = TrainCommandTest.json(js);
        assertEquals(1.0, ((Number) j.get("test_accuracy")).doubleValue(), 0, "three clear 'pos' rows: " + r.out);
    }

    @Test
    void aDevFileWithAnUnknownClassIsRefused() throws Exception {
        Path train = csv("train.csv", 30, 1, "pos", "neg");
        Path dev = csv("dev.csv", 10, 2, "pos", "zero");
        Cli r = Cli.run("train", "--data", train.toString(), "--dev", dev.toString(), "--out",
                dir.resolve("m.safetensors").toString());
        assertEquals(2, r.code, r.toString());
        assertTrue(r.errLines().startsWith("soma: error: --dev " + dev + ": "), r.err);
        assertTrue(r.errLines().contains("class 'zero' is not one of the 2 classes [neg, pos]"), r.err);
    }

    @Test
    void keepProbIsOneMinusDropout() throws Exception {
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        String[] base = {"train", "--data", "builtin:xor", "--hidden", "8", "--epochs", "2", "--seed", "3"};
        Cli ra = Cli.run(TrainCommandTest.concat(base, "--keep-prob", "0.75", "--out", a.toString()));
        assertEquals(0, ra.code, ra.toString());
        assertTrue(ra.out.contains("dropout:0.25"), ra.out);
        assertEquals(0, Cli.run(TrainCommandTest.concat(base, "--dropout", "0.25", "--out", b.toString())).code);
        assertArrayEquals(Files.readAllBytes(b), Files.readAllBytes(a));
        Cli both = Cli.run(TrainCommandTest.concat(base, "--dropout", "0.25", "--keep-prob", "0.75", "--out",
                dir.resolve("c.safetensors").toString()));
        assertEquals(2, both.code);
        assertEquals("soma: error: --keep-prob 0.75 and --dropout 0.25: give one of them (keep = 1 − dropout)\n",
                both.errLines());
    }

    @Test
    @SuppressWarnings("unchecked")
    void gradNormsOnTheEpochLinesAndInTheJson() throws Exception {
        Path js = dir.resolve("g.json");
        Cli r = Cli.run("train", "--data", "builtin:circles", "--hidden", "8,8", "--epochs", "2", "--grad-norms",
                "--optimizer", "momentum", "--momentum-form", "tutorial", "--momentum", "0.9",
                "--schedule", "tutorial_inverse:1", "--schedule-every", "iteration",
                "--out", dir.resolve("g.safetensors").toString(), "--json", js.toString());
        assertEquals(0, r.code, r.toString());
        List<String> epochLines = r.out.lines().filter(l -> l.startsWith("epoch ")).toList();
        assertEquals(2, epochLines.size(), r.out);
        for (String l : epochLines) {
            assertTrue(l.matches(".*  grad_norm 0\\.weight \\S+ 2\\.weight \\S+ 4\\.weight \\S+$"), l);
        }
        Map<String, Object> j = TrainCommandTest.json(js);
        Map<String, Object> e1 = (Map<String, Object>) ((List<Object>) j.get("epochs")).get(0);
        Map<String, Object> norms = (Map<String, Object>) e1.get("grad_norms");
        assertEquals(List.of("0.weight", "2.weight", "4.weight"), List.copyOf(norms.keySet()));
        for (Object v : norms.values()) {
            assertTrue((Double) v > 0 && Double.isFinite((Double) v), norms.toString());
        }
        // per iteration, n counts the batches: 720 examples in batches of 64 are 12 batches; the epoch reports the
        // rate of its last one, α0/(1 + n) with n = 12 and 24 (momentum's default α0 is sgd's 0.01)
        assertEquals(0.01 / 13, (Double) e1.get("learning_rate"), 1e-15);
        Map<String, Object> e2 = (Map<String, Object>) ((List<Object>) j.get("epochs")).get(1);
        assertEquals(0.01 / 25, (Double) e2.get("learning_rate"), 1e-15);
        assertTrue(r.out.contains("bias/variance: train error "), r.out);
    }

    @Test
    void rhoSetsRmspropBeta() throws Exception {
        String[] base = {"train", "--data", "builtin:xor", "--hidden", "8", "--epochs", "1", "--optimizer", "rmsprop"};
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Path c = dir.resolve("c.safetensors");
        assertEquals(0, Cli.run(TrainCommandTest.concat(base, "--rho", "0.9", "--out", a.toString())).code);
        assertEquals(0, Cli.run(TrainCommandTest.concat(base, "--rmsprop-beta", "0.9", "--out", b.toString())).code);
        assertEquals(0, Cli.run(TrainCommandTest.concat(base, "--out", c.toString())).code);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)), "β 0.9 is not 0.99");
    }

    @Test
    void crossValidationReportsEachFoldAndTheMeanAndSpread() {
        Cli r = Cli.run("cv", "--data", "builtin:circles", "--folds", "4", "--hidden", "8", "--activation", "tanh",
                "--epochs", "3", "--lr", "0.02");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.startsWith("data builtin:circles: 800 examples, 4 folds (stratified), 3 epochs each\n"), r.out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "fold (\\d)/4  train 600  dev 200  loss \\S+  acc \\S+  dev_loss (\\S+)  dev_acc (\\S+)").matcher(r.out);
        double[] acc = new double[4];
        int k = 0;
        while (m.find()) {
            acc[k++] = Double.parseDouble(m.group(3));
        }
        assertEquals(4, k, r.out);
        double mean = (acc[0] + acc[1] + acc[2] + acc[3]) / 4;
        double ss = 0;
        for (double a : acc) {
            ss += (a - mean) * (a - mean);
        }
        java.util.regex.Matcher s = java.util.regex.Pattern.compile("dev_acc (\\S+) ± (\\S+)").matcher(r.out);
        assertTrue(s.find(), r.out);
        assertEquals(mean, Double.parseDouble(s.group(1)), 1e-4);
        assertEquals(Math.sqrt(ss / 3), Double.parseDouble(s.group(2)), 1e-4);
        assertTrue(r.out.contains("bias/variance: train error "), r.out);
        // cv takes every training option of soma train (a shared mixin), the tutorials' forms included
        Cli tutorial = Cli.run("cv", "--data", "builtin:xor", "--folds", "2", "--hidden", "4", "--epochs", "1",
                "--optimizer", "momentum", "--momentum-form", "tutorial", "--keep-prob", "0.9",
                "--schedule", "tutorial_exp:0.95", "--schedule-every", "iteration", "--init", "tutorial_xavier");
        assertEquals(0, tutorial.code, tutorial.toString());
        assertTrue(tutorial.out.contains("fold 2/2"), tutorial.out);
        Cli bad = Cli.run("cv", "--data", "builtin:circles", "--folds", "1");
        assertEquals(2, bad.code);
        assertEquals("soma: error: --folds 1: expected at least 2\n", bad.errLines());
    }

    /** An MNIST-layout directory of n 2×2 images: pixel p of image i is 255 when its label (i mod 2) is p mod 2. */
    private Path idxDirectory(String name, int n) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        byte[] px = new byte[n * 4];
        byte[] lb = new byte[n];
        for (int i = 0; i < n; i++) {
            lb[i] = (byte) (i % 2);
            for (int p = 0; p < 4; p++) {
                px[i * 4 + p] = (byte) (p % 2 == i % 2 ? 255 : 0);
            }
        }
        for (String part : new String[] {"train", "t10k"}) {
            Files.write(d.resolve(part + "-images-idx3-ubyte"), idx(0x803, px, n, 2, 2));
            Files.write(d.resolve(part + "-labels-idx1-ubyte"), idx(0x801, lb, n));
        }
        return d;
    }

    private static byte[] idx(int magic, byte[] data, int... dims) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int v : dims) {
            b.putInt(v);
        }
        return b.put(data).array();
    }

    @Test
    void separateTestDirectoryOfIdxFilesUsesItsTestPart() throws Exception {
        Path train = idxDirectory("a", 40);
        Path test = idxDirectory("b", 6);
        Cli r = Cli.run("train", "--data", train.toString(), "--test", test.toString(), "--split", "1", "--hidden", "4",
                "--epochs", "1", "--out", dir.resolve("i.safetensors").toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains(": 40 train, 0 dev, 6 test examples, 4 features, 10 classes"), r.out);
        assertTrue(r.out.contains("test: loss"), r.out);
        Path other = Files.createDirectories(dir.resolve("c"));
        Files.write(other.resolve("t10k-images-idx3-ubyte"), idx(0x803, new byte[9], 1, 3, 3));
        Files.write(other.resolve("t10k-labels-idx1-ubyte"), idx(0x801, new byte[1], 1));
        Files.write(other.resolve("train-images-idx3-ubyte"), idx(0x803, new byte[9], 1, 3, 3));
        Files.write(other.resolve("train-labels-idx1-ubyte"), idx(0x801, new byte[1], 1));
        Cli bad = Cli.run("train", "--data", train.toString(), "--test", other.toString(), "--out",
                dir.resolve("j.safetensors").toString());
        assertEquals(2, bad.code, bad.toString());
        assertEquals("soma: error: --test " + other + ": 9 features per example, but the training data has 4\n",
                bad.errLines());
    }

    @Test
    void theBiasVarianceSampleIsSeededAndHasNoRepeats() {
        float[] x = new float[50];
        int[] y = new int[50];
        for (int i = 0; i < 50; i++) {
            x[i] = i;
        }
        dev.soma.data.Dataset d = dev.soma.data.ArrayDataset.classification("ids", x, 1, y, 1, null);
        assertTrue(DataFiles.sample(d, 50, 1) == d, "a set within the limit is used whole");
        dev.soma.data.Dataset a = DataFiles.sample(d, 20, 1);
        dev.soma.data.Dataset b = DataFiles.sample(d, 20, 1);
        assertEquals(20, a.size());
        java.util.Set<Float> seen = new java.util.HashSet<>();
        float[] va = new float[1];
        float[] vb = new float[1];
        for (int i = 0; i < 20; i++) {
            a.inputs(new int[] {i}, 0, 1, va);
            b.inputs(new int[] {i}, 0, 1, vb);
            assertEquals(va[0], vb[0], 0, "same seed, same sample");
            assertTrue(seen.add(va[0]), "example " + va[0] + " twice");
        }
    }
}
