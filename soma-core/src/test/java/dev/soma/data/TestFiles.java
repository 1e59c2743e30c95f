package dev.soma.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builders of small IDX/CIFAR files for tests. */
final class TestFiles {
    private TestFiles() {
    }

    /** An IDX file of unsigned bytes with the given dimensions. */
    static byte[] idx(byte[] data, int... dims) {
        return idx(0x08, data, dims);
    }

    static byte[] idx(int type, byte[] data, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(out)) {
                g.write(raw);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** n images of rows×cols with pixel (i, p) = (i * 7 + p) mod 256, and labels i mod classes. */
    static byte[][] imagesAndLabels(int n, int rows, int cols, int classes) {
        byte[] px = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < rows * cols; p++) {
                px[i * rows * cols + p] = (byte) ((i * 7 + p) % 256);
            }
        }
        byte[] lb = new byte[n];
        for (int i = 0; i < n; i++) {
            lb[i] = (byte) (i % classes);
        }
        return new byte[][] {idx(px, n, rows, cols), idx(lb, n)};
    }

    /** A CIFAR-10 batch of n records: label i mod 10, pixel p of record i = (i + p) mod 256. */
    static byte[] cifar(int n) {
        byte[] b = new byte[n * 3073];
        for (int i = 0; i < n; i++) {
            b[i * 3073] = (byte) (i % 10);
            for (int p = 0; p < 3072; p++) {
                b[i * 3073 + 1 + p] = (byte) ((i + p) % 256);
            }
        }
        return b;
    }
}
