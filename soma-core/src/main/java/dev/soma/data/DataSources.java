package dev.soma.data;

import dev.soma.SomaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Opens data by a spec string, wherever a data path goes on the command line:
 * <ul>
 *   <li>{@code builtin:digits}: 8,000/2,000 real MNIST digits shipped with Soma ({@link Digits});</li>
 *   <li>{@code builtin:circles|xor|gaussians|spiral}: the playground's 2-D sets ({@link Playground}), and
 *       {@code builtin:houses}: synthetic house-price regression; {@link DataOptions#size}, {@code noise} and
 *       {@code seed} apply, and a stratified {@link DataOptions#testFraction} is held out as the test set;</li>
 *   <li>{@code builtin:fashion-mnist} or {@code fashion-mnist}: the Debian package's files ({@link FashionMnist});</li>
 *   <li>a directory of MNIST-layout IDX files (train-images-idx3-ubyte[.gz] …; classes "0".."9", or Fashion-MNIST's
 *       names when the directory's name contains "fashion"), or of CIFAR-10 binary batches;</li>
 *   <li>a CSV file ({@code .tsv}: tab-separated), read with the CSV options; it has no test set (null).</li>
 * </ul>
 */
public final class DataSources {
    /** Names accepted after {@code builtin:}. */
    public static final List<String> BUILTINS = List.of("digits", "circles", "xor", "gaussians", "spiral", "houses", "fashion-mnist");

    private DataSources() {
    }

    /**
     * Opens {@code spec} with {@code options} (null means defaults). Files read ahead for it ({@link ReadAhead}) are
     * taken; whatever else was read ahead is dropped.
     */
    public static DataSplit open(String spec, DataOptions options) {
        try {
            return openSpec(spec, options);
        } finally {
            ReadAhead.discard();
        }
    }

    /**
     * The directory of MNIST-layout IDX files that {@link #open} reads for {@code spec}, or null when it reads
     * something else (or nothing: a missing path). Never fails.
     */
    static Path idxDirectory(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (s.regionMatches(true, 0, "builtin:", 0, 8)) {
            return isFashionName(s.substring(8).toLowerCase(Locale.ROOT)) ? installedFashion() : null;
        }
        if (s.isEmpty()) {
            return null;
        }
        Path p = Path.of(s);
        if (!Files.exists(p)) {
            return isFashionName(s.toLowerCase(Locale.ROOT)) ? installedFashion() : null;
        }
        return Files.isDirectory(p) && IdxImages.isIdxDirectory(p) ? p : null;
    }

    private static Path installedFashion() {
        return FashionMnist.isInstalled() ? FashionMnist.directory() : null;
    }

    private static DataSplit openSpec(String spec, DataOptions options) {
        DataOptions o = options == null ? DataOptions.defaults() : options;
        String s = spec == null ? "" : spec.trim();
        if (s.isEmpty()) {
            throw new SomaException("no data given: expected a CSV file, an IDX or CIFAR-10 directory, or builtin:NAME with NAME one of " + BUILTINS);
        }
        if (s.regionMatches(true, 0, "builtin:", 0, 8)) {
            return builtin(s.substring(8).toLowerCase(Locale.ROOT), o);
        }
        Path p = Path.of(s);
        if (!Files.exists(p)) {
            if (isFashionName(s.toLowerCase(Locale.ROOT))) {
                return FashionMnist.open();
            }
            throw new SomaException(s + ": no such file or directory (expected a CSV file, an IDX or CIFAR-10 directory, or builtin:NAME with NAME one of "
                    + BUILTINS + ")");
        }
        if (Files.isDirectory(p)) {
            if (IdxImages.isIdxDirectory(p)) {
                String name = p.getFileName() == null ? s : p.getFileName().toString();
                boolean fashion = name.toLowerCase(Locale.ROOT).contains("fashion");
                return IdxImages.openDirectory(p, name, fashion ? FashionMnist.CLASSES : ImageDataset.numberedClasses(10));
            }
            if (Cifar10Reader.isCifarDirectory(p)) {
                return Cifar10Reader.readDirectory(p);
            }
            throw new SomaException(s + ": directory holds neither MNIST-layout IDX files (train-images-idx3-ubyte[.gz])"
                    + " nor CIFAR-10 binary batches (data_batch_1.bin)");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.endsWith("-ubyte") || lower.endsWith("-ubyte.gz")) {
            throw new SomaException(s + ": a single IDX file; give the directory holding the images and labels files");
        }
        CsvReader reader = o.csvReader();
        if (lower.endsWith(".tsv")) {
            reader.delimiter('\t');
        }
        return new DataSplit(reader.read(p), null);
    }

    private static boolean isFashionName(String n) {
        return n.equals("fashion-mnist") || n.equals("fashion_mnist") || n.equals("fashionmnist");
    }

    private static DataSplit builtin(String name, DataOptions o) {
        if (name.equals("digits")) {
            return Digits.load();
        }
        if (isFashionName(name)) {
            return FashionMnist.open();
        }
        if (Playground.NAMES.contains(name)) {
            return holdOut(Playground.generate(name, o.size(), o.noise(), o.seed()), o);
        }
        if (name.equals("houses")) {
            return holdOut(Playground.houses(o.size(), o.noise(), o.seed()), o);
        }
        throw new SomaException("unknown built-in data set '" + name + "', expected one of " + BUILTINS);
    }

    private static DataSplit holdOut(Dataset all, DataOptions o) {
        List<Dataset> parts = Splits.byRatios(all, new double[] {1 - o.testFraction(), o.testFraction()}, o.seed(),
                List.of(all.name() + "/train", all.name() + "/test"));
        return new DataSplit(parts.get(0), parts.get(1));
    }
}
