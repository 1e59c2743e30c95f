package dev.soma.data;

import dev.soma.SomaException;
import dev.soma.kernel.KernelProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Images held as unsigned bytes in memory (60,000 × 784 bytes for Fashion-MNIST, not floats) with class labels;
 * {@link #inputs} scales the requested rows to [0, 1] (byte / 255) straight into the caller's batch buffer.
 */
public final class ImageDataset implements Dataset {
    private final String name;
    private final byte[] pixels;
    private final int features;
    private final int[] labels;
    private final List<String> classNames;
    private final int[] imageShape;

    /**
     * @param pixels     row-major unsigned bytes, {@code labels.length × features} of them (not copied)
     * @param imageShape the shape of one image ({28, 28} or {3, 32, 32}); its product must equal features
     * @param classNames names of the classes in label order; every label must lie in [0, classNames.size())
     */
    public ImageDataset(String name, byte[] pixels, int[] imageShape, int[] labels, List<String> classNames) {
        long f = 1;
        for (int d : imageShape) {
            f *= d;
        }
        if (imageShape.length == 0 || f <= 0 || f > Integer.MAX_VALUE) {
            throw new SomaException(name + ": invalid image shape " + java.util.Arrays.toString(imageShape));
        }
        this.features = (int) f;
        if ((long) labels.length * features != pixels.length) {
            throw new SomaException(name + ": " + labels.length + " labels for " + pixels.length / features
                    + " images of " + features + " pixels" + (pixels.length % features != 0 ? " (and " + pixels.length % features + " extra bytes)" : ""));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new SomaException(name + ": label " + labels[i] + " of image " + i + " out of range [0, " + classNames.size() + ")");
            }
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
        this.imageShape = imageShape.clone();
    }

    /** The class names "0", "1", …, "n−1". */
    public static List<String> numberedClasses(int n) {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int features() {
        return features;
    }

    /** [channels, height, width]: a two-dimensional image shape gets one channel in front. */
    @Override
    public int[] exampleShape() {
        return imageShape.length == 2 ? new int[] {1, imageShape[0], imageShape[1]} : imageShape.clone();
    }

    @Override
    public boolean isClassification() {
        return true;
    }

    @Override
    public int classes() {
        return classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int targetWidth() {
        return 0;
    }

    /** The shape of one image, e.g. [28, 28] or [3, 32, 32]. */
    public int[] imageShape() {
        return imageShape.clone();
    }

    /** The raw pixel byte (0..255) of example i at position p. */
    public int pixel(int i, int p) {
        return pixels[i * features + p] & 0xff;
    }

    @Override
    public void inputs(int[] idx, int from, int to, float[] dst) {
        KernelProvider.get().gatherUnsignedBytes(pixels, features, idx, from, to, dst, 0, 255f);
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public void targets(int[] idx, int from, int to, float[] dst) {
        throw new SomaException(name + ": a classification set has no regression targets");
    }
}
