package dev.soma.data;

import dev.soma.SomaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CIFAR-10's binary batches ("CIFAR-10 binary version"): each record is 1 label byte (0–9) followed by 3,072
 * pixel bytes (1,024 red, 1,024 green, 1,024 blue, each row-major 32×32), so a file is a whole number of 3,073-byte
 * records. A directory holds {@code data_batch_1.bin} … {@code data_batch_5.bin} (training) and
 * {@code test_batch.bin}, maybe inside {@code cifar-10-batches-bin/}; {@code batches.meta.txt} names the classes.
 * Images stay bytes (channel-first [3, 32, 32]) and are scaled to [0, 1] per batch.
 */
public final class Cifar10Reader {
    /** Bytes per record: 1 label + 3 × 32 × 32 pixels. */
    public static final int RECORD = 1 + 3 * 32 * 32;
    /** The standard class names, used when the directory has no batches.meta.txt. */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    private Cifar10Reader() {
    }

    /** True if {@code dir} (or its cifar-10-batches-bin subdirectory) holds CIFAR-10 binary batches. */
    public static boolean isCifarDirectory(Path dir) {
        Path d = batchDir(dir);
        return Files.isRegularFile(d.resolve("data_batch_1.bin")) || Files.isRegularFile(d.resolve("test_batch.bin"));
    }

    private static Path batchDir(Path dir) {
        Path sub = dir.resolve("cifar-10-batches-bin");
        return Files.isDirectory(sub) ? sub : dir;
    }

    /** Reads the training batches (those present of data_batch_1..5.bin) and test_batch.bin of a directory. */
    public static DataSplit readDirectory(Path dir) {
        Path d = batchDir(dir);
        List<String> classes = classNames(d);
        List<Path> train = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Path p = d.resolve("data_batch_" + i + ".bin");
            if (Files.isRegularFile(p)) {
                train.add(p);
            }
        }
        if (train.isEmpty()) {
            throw new SomaException(dir + ": no CIFAR-10 training batches (data_batch_1.bin … data_batch_5.bin)");
        }
        Path test = d.resolve("test_batch.bin");
        ImageDataset testSet = Files.isRegularFile(test) ? read("cifar-10/test", classes, test) : null;
        return new DataSplit(read("cifar-10/train", classes, train.toArray(new Path[0])), testSet);
    }

    /** Reads and concatenates batch files into one data set. */
    public static ImageDataset read(String name, List<String> classes, Path... files) {
        long total = 0;
        for (Path f : files) {
            total += size(f);
        }
        if (total / RECORD * 3072 > Integer.MAX_VALUE - 8) {
            throw new SomaException(name + ": " + total / RECORD + " CIFAR records exceed what Soma holds in memory");
        }
        int n = (int) (total / RECORD);
        byte[] pixels = new byte[n * 3072];
        int[] labels = new int[n];
        int at = 0;
        for (Path f : files) {
            byte[] b;
            try {
                b = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new SomaException(f + ": cannot read: " + e.getMessage(), e);
            }
            if (b.length % RECORD != 0) { // the file changed under us
                throw new SomaException(f + ": " + b.length + " bytes is not a whole number of " + RECORD + "-byte CIFAR-10 records");
            }
            for (int r = 0; r < b.length / RECORD; r++, at++) {
                int label = b[r * RECORD] & 0xff;
                if (label >= classes.size()) {
                    throw new SomaException(f + ": record " + r + ": label " + label + " out of range [0, " + classes.size() + ")");
                }
                labels[at] = label;
                System.arraycopy(b, r * RECORD + 1, pixels, at * 3072, 3072);
            }
        }
        return new ImageDataset(name, pixels, new int[] {3, 32, 32}, labels, classes);
    }

    private static long size(Path f) {
        try {
            long s = Files.size(f);
            if (s % RECORD != 0 || s == 0) {
                throw new SomaException(f + ": " + s + " bytes is not a whole number of " + RECORD + "-byte CIFAR-10 records");
            }
            return s;
        } catch (IOException e) {
            throw new SomaException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static List<String> classNames(Path d) {
        Path meta = d.resolve("batches.meta.txt");
        if (!Files.isRegularFile(meta)) {
            return CLASSES;
        }
        try {
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
            if (names.isEmpty() || names.size() > 256) {
                throw new SomaException(meta + ": expected 1 to 256 class names, found " + names.size());
            }
            return names;
        } catch (IOException e) {
            throw new SomaException(meta + ": cannot read: " + e.getMessage(), e);
        }
    }
}
