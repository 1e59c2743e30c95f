package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.soma.SomaException;
import dev.soma.io.SafeTensors;
import dev.soma.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing: valid IDX (raw and gzip), CSV and safetensors files are mutated at random (bit flips, byte
 * overwrites with boundary integers, truncation, insertion, deletion, duplication); every mutant must either load
 * or fail with a SomaException — never another exception, a hang or an OutOfMemoryError. The timeout only guards
 * against a hang (the run takes a few seconds).
 */
class FuzzTest {
    static final int CASES = 3000;
    static final int[] INTERESTING = {0, 1, -1, 0x7fffffff, 0x80000000, 0x7ffffff8, 2_000_000_000, 0x0803, 0x0801, 255, 65536};

    @TempDir
    Path dir;

    static byte[] mutate(byte[] in, SplittableRandom rng) {
        byte[] b = in.clone();
        int ops = 1 + rng.nextInt(4);
        for (int k = 0; k < ops && b.length > 0; k++) {
            int at = rng.nextInt(b.length);
            switch (rng.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << rng.nextInt(8));
                case 1 -> b[at] = (byte) rng.nextInt(256);
                case 2 -> {
                    int v = INTERESTING[rng.nextInt(INTERESTING.length)];
                    ByteBuffer bb = ByteBuffer.wrap(b);
                    if (at + 4 <= b.length) {
                        bb.order(rng.nextBoolean() ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN).putInt(at, v);
                    }
                }
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> {
                    byte[] ins = new byte[1 + rng.nextInt(16)];
                    for (int i = 0; i < ins.length; i++) {
                        ins[i] = (byte) rng.nextInt(256);
                    }
                    byte[] out = new byte[b.length + ins.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(ins, 0, out, at, ins.length);
                    System.arraycopy(b, at, out, at + ins.length, b.length - at);
                    b = out;
                }
                case 5 -> {
                    int len = Math.min(b.length - at, 1 + rng.nextInt(16));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                }
                default -> {
                    int len = Math.min(b.length - at, 1 + rng.nextInt(32));
                    byte[] out = Arrays.copyOf(b, b.length + len);
                    System.arraycopy(b, at, out, b.length, len);
                    b = out;
                }
            }
        }
        return b;
    }

    /** Runs the loader on CASES mutants of {@code valid}; returns how many loaded (the rest failed cleanly). */
    static int fuzz(String what, byte[] valid, long seed, Consumer<byte[]> loader) {
        SplittableRandom rng = new SplittableRandom(seed);
        long t0 = System.nanoTime();
        int loaded = 0;
        loader.accept(valid); // the seed file itself is valid
        for (int c = 0; c < CASES; c++) {
            byte[] m = mutate(valid, rng);
            try {
                loader.accept(m);
                loaded++;
            } catch (SomaException e) {
                if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                    fail(what + " case " + c + ": a SomaException needs a one-line message, got: " + e.getMessage());
                }
            } catch (Throwable t) {
                throw new AssertionError(what + " case " + c + " (seed " + seed + "): " + t, t);
            }
        }
        System.err.println("FUZZTIME " + what + " " + (System.nanoTime() - t0) / 1000000 + " ms, loaded " + loaded);
        return loaded;
    }

    @Test
    @Timeout(120)
    void mutatedFilesLoadOrFailWithSomaException() throws IOException {
        byte[][] il = TestFiles.imagesAndLabels(6, 5, 5, 10);
        byte[] labels = il[1];
        Consumer<byte[]> idx = b -> {
            IdxReader.Idx images = IdxReader.read(b, "fuzz");
            if (images.dims().length == 3) {
                IdxImages.pair("fuzz", images, IdxReader.read(labels, "labels"), ImageDataset.numberedClasses(10));
            }
        };
        int idxRaw = fuzz("idx", il[0], 1, idx);
        // gzip's CRC-32 guards the content: a mutant that still starts as gzip and loads must decode to the original
        // images (one that lost its gzip magic is read as a raw IDX file, e.g. an empty one)
        byte[] original = IdxReader.read(il[0], "original").bytes();
        int idxGz = fuzz("idx.gz", TestFiles.gzip(il[0]), 2, b -> {
            byte[] decoded = IdxReader.read(b, "fuzz").bytes();
            boolean gzip = b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
            if (gzip && !Arrays.equals(original, decoded)) {
                throw new AssertionError("a mutated gzip file loaded with other contents");
            }
        });
        int idxLabels = fuzz("labels", labels, 3, idx);

        String csv = "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n"
                + "7.0,3.2,4.7,1.4,versicolor\n6.3,3.3,6.0,2.5,virginica\n\"4.9\",3.0,1.4,0.2,setosa\n";
        int csvLoaded = fuzz("csv", csv.getBytes(StandardCharsets.UTF_8), 4,
                b -> new CsvReader().read(new String(b, StandardCharsets.UTF_8), "fuzz.csv"));
        String numeric = "size,rooms,price\n50,2,150.5\n120,4,399\n80,3,NaN\n95.5,3,300\n";
        int csvReg = fuzz("csv-regression", numeric.getBytes(StandardCharsets.UTF_8), 5,
                b -> new CsvReader().target("price").regression(true).dropInvalid(true).read(new String(b, StandardCharsets.UTF_8), "fuzz.csv"));

        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("0.weight", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("0.bias", Tensor.of(new double[] {0.5, -0.5}, 2));
        t.put("2.weight", Tensor.of(new float[] {7}, 1, 1));
        byte[] st = SafeTensors.toBytes(t, Map.of("soma.architecture", "linear:3:2,relu,linear:2:1"));
        // Soma's checksum covers the tensors' data (not the names in the header, which the model's architecture
        // checks when it loads): a mutant that loads with its soma.checksum entry intact must hold the original
        // values, tensor by tensor (a file without the entry, as other tools write them, is read unchecked)
        List<double[]> values = t.values().stream().map(Tensor::toDoubleArray).toList();
        int stLoaded = fuzz("safetensors", st, 6, b -> {
            SafeTensors.Contents loaded = SafeTensors.fromBytes(b, "fuzz.safetensors");
            List<double[]> got = loaded.tensors().values().stream().map(Tensor::toDoubleArray).toList();
            boolean same = !loaded.metadata().containsKey("soma.checksum") || got.size() == values.size();
            for (int k = 0; same && loaded.metadata().containsKey("soma.checksum") && k < got.size(); k++) {
                same = Arrays.equals(values.get(k), got.get(k));
            }
            if (!same) {
                throw new AssertionError("a mutated checksummed file loaded with other values");
            }
        });
        // without the checksum, data mutations load, so the header validation gets exercised harder
        byte[] noSum = headerWithoutChecksum(st);
        int stNoSum = fuzz("safetensors-nochecksum", noSum, 7, b -> SafeTensors.fromBytes(b, "fuzz.safetensors"));

        // a few hundred through real files (memory-mapped path)
        Path f = dir.resolve("fuzz.safetensors");
        SplittableRandom rng = new SplittableRandom(8);
        for (int c = 0; c < 300; c++) {
            Files.write(f, mutate(noSum, rng));
            try {
                SafeTensors.read(f);
            } catch (SomaException e) {
                // expected for most mutants
            }
        }
        // every family must have both outcomes, otherwise the fuzzer is not reaching past the first check
        for (int loaded : new int[] {idxRaw, idxLabels, csvLoaded, csvReg, stNoSum}) {
            assertEquals(true, loaded > 0 && loaded < CASES, "loaded " + loaded + " of " + CASES);
        }
        // the checked families load only the mutants that change nothing that is read (the content checks above);
        // most mutants must fail
        assertEquals(true, idxGz < CASES / 10 && stLoaded < CASES / 10, "gzip " + idxGz + ", checksummed " + stLoaded);
    }

    /** The same tensors with an empty metadata object, so that mutated data still loads. */
    static byte[] headerWithoutChecksum(byte[] st) {
        SafeTensors.Contents c = SafeTensors.fromBytes(st, "x");
        byte[] withSum = SafeTensors.toBytes(c.tensors(), Map.of());
        long n = ByteBuffer.wrap(withSum).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(withSum, 8, (int) n, StandardCharsets.UTF_8);
        String stripped = header.replaceAll("\"__metadata__\":\\{[^}]*\\},", "");
        byte[] h = stripped.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + (withSum.length - 8 - (int) n)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(withSum, 8 + (int) n, withSum.length - 8 - (int) n);
        return out.array();
    }
}
