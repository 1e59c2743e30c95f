package dev.soma.data;

import dev.soma.SomaException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando; 60,000 training and 10,000 test 28×28 grey images of 10 kinds of clothing) as installed by
 * the Debian package {@code dataset-fashion-mnist}: {@code apt-get install dataset-fashion-mnist} puts its four gzip
 * IDX files in {@value #DEBIAN_DIRECTORY}. The environment variable {@code SOMA_FASHION_MNIST} may name another
 * directory with the same files.
 */
public final class FashionMnist {
    /** Where the Debian package installs the IDX files. */
    public static final String DEBIAN_DIRECTORY = "/usr/share/datasets/fashion-mnist";
    /** A sentence for READMEs and error messages. */
    public static final String INSTALL_HINT = "install it with `apt-get install dataset-fashion-mnist` (Debian/Ubuntu), "
            + "which puts its IDX files in " + DEBIAN_DIRECTORY;
    /** The class names of the labels 0–9. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** The directory to read: $SOMA_FASHION_MNIST if set, else the Debian location. */
    public static Path directory() {
        String env = System.getenv("SOMA_FASHION_MNIST");
        return Path.of(env != null && !env.isBlank() ? env : DEBIAN_DIRECTORY);
    }

    /** True when the training files are present. */
    public static boolean isInstalled() {
        return IdxImages.isIdxDirectory(directory());
    }

    /** Opens the training (60,000) and test (10,000) sets, or explains how to install the data. */
    public static DataSplit open() {
        Path dir = directory();
        if (!IdxImages.isIdxDirectory(dir)) {
            throw new SomaException("Fashion-MNIST is not installed (no train-images-idx3-ubyte.gz in " + dir + "); " + INSTALL_HINT);
        }
        return IdxImages.openDirectory(dir, "fashion-mnist", CLASSES);
    }
}
