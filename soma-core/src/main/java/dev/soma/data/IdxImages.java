package dev.soma.data;

import dev.soma.SomaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Pairs an IDX image file with its IDX label file (the MNIST layout) into an {@link ImageDataset}, and opens a
 * directory holding {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]} and optionally
 * {@code t10k-images-idx3-ubyte[.gz]}, {@code t10k-labels-idx1-ubyte[.gz]} (also the {@code train-images.idx3-ubyte}
 * spelling of the original download).
 */
public final class IdxImages {
    private IdxImages() {
    }

    /** An image set from parsed IDX images (unsigned bytes, [n, rows, cols]) and labels (unsigned bytes, [n]). */
    public static ImageDataset pair(String name, IdxReader.Idx images, IdxReader.Idx labels, List<String> classes) {
        if (images.type() != IdxReader.UBYTE || images.dims().length != 3) {
            throw new SomaException(images.source() + ": expected unsigned-byte images with 3 dimensions (magic 0x00000803), found type 0x"
                    + String.format("%02x", images.type()) + " with " + images.dims().length + " dimensions");
        }
        if (labels.type() != IdxReader.UBYTE || labels.dims().length != 1) {
            throw new SomaException(labels.source() + ": expected unsigned-byte labels with 1 dimension (magic 0x00000801), found type 0x"
                    + String.format("%02x", labels.type()) + " with " + labels.dims().length + " dimensions");
        }
        int n = images.dims()[0];
        if (labels.dims()[0] != n) {
            throw new SomaException(images.source() + " holds " + n + " images but " + labels.source() + " holds "
                    + labels.dims()[0] + " labels");
        }
        byte[] lb = labels.bytes();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = lb[i] & 0xff;
            if (y[i] >= classes.size()) {
                throw new SomaException(labels.source() + ": label " + y[i] + " at index " + i + " out of range [0, " + classes.size() + ")");
            }
        }
        return new ImageDataset(name, images.bytes(), new int[] {images.dims()[1], images.dims()[2]}, y, classes);
    }

    /**
     * The items of an IDX file as model inputs (for prediction): row-major floats, unsigned bytes scaled to [0, 1]
     * (k / 255, like {@link ImageDataset}), other element types as stored. One row per item of the first dimension.
     */
    public static float[] inputs(IdxReader.Idx idx) {
        if (idx.bytes() == null) {
            return idx.values().clone();
        }
        byte[] b = idx.bytes();
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (b[i] & 0xff) / 255f;
        }
        return out;
    }

    /** True if {@code dir} holds MNIST-style training files. */
    public static boolean isIdxDirectory(Path dir) {
        return find(dir, "train", "images", 3) != null;
    }

    /** Opens an MNIST-layout directory; the test set is null when the t10k files are absent. */
    public static DataSplit openDirectory(Path dir, String name, List<String> classes) {
        Path trainImages = find(dir, "train", "images", 3);
        Path trainLabels = find(dir, "train", "labels", 1);
        if (trainImages == null || trainLabels == null) {
            throw new SomaException(dir + ": expected train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]"
                    + " (MNIST layout), found " + (trainImages == null ? "no training images" : "no training labels"));
        }
        Path testImages = find(dir, "t10k", "images", 3);
        Path testLabels = find(dir, "t10k", "labels", 1);
        // the test set decodes on another core while the training set decodes here
        CompletableFuture<ImageDataset> pending = testImages != null && testLabels != null
                ? CompletableFuture.supplyAsync(() -> load(name + "/test", testImages, testLabels, classes)) : null;
        ImageDataset train = load(name + "/train", trainImages, trainLabels, classes);
        ImageDataset test = null;
        if (pending != null) {
            try {
                test = pending.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw e;
            }
            if (test.features() != train.features()) {
                throw new SomaException(testImages + ": test images of " + test.features() + " pixels, training images of " + train.features());
            }
        }
        return new DataSplit(train, test);
    }

    /**
     * Loads a pair of IDX files (labels first: they are small and checked before the images are read), through the
     * decoded-file cache ({@link IdxCache#shared()}).
     */
    public static ImageDataset load(String name, Path images, Path labels, List<String> classes) {
        IdxReader.Idx l = read(labels);
        IdxReader.Idx i = read(images);
        return pair(name, i, l, classes);
    }

    /** The file's content as read ahead ({@link ReadAhead}), or read now through the cache. */
    private static IdxReader.Idx read(Path file) {
        IdxReader.Idx ahead = ReadAhead.take(file);
        return ahead != null ? ahead : IdxCache.shared().read(file);
    }

    /** The IDX files of an MNIST-layout directory that exist: training images and labels, then test images and labels. */
    static List<Path> files(Path dir) {
        List<Path> files = new java.util.ArrayList<>();
        for (Path p : new Path[] {find(dir, "train", "images", 3), find(dir, "train", "labels", 1),
                find(dir, "t10k", "images", 3), find(dir, "t10k", "labels", 1)}) {
            if (p != null) {
                files.add(p);
            }
        }
        return files;
    }

    private static Path find(Path dir, String prefix, String kind, int dims) {
        for (String sep : new String[] {"-", "."}) {
            for (String ext : new String[] {".gz", ""}) {
                Path p = dir.resolve(prefix + "-" + kind + sep + "idx" + dims + "-ubyte" + ext);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
