package dev.soma.data;

import dev.soma.SomaException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected by the gzip magic bytes
 * {@code 1f 8b}, not by the file name).
 *
 * <p>Layout: magic {@code 00 00 TT NN} (TT the element type: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16,
 * 0x0C int32, 0x0D float32, 0x0E float64; NN the number of dimensions), NN big-endian int32 dimensions, then the
 * elements, big-endian, row-major. Unsigned bytes (images, labels) are kept as bytes; the other types are read as
 * float. The dimensions are validated before anything large is allocated: against the file length for raw files,
 * against the gzip trailer's size for compressed files, so a header claiming gigabytes in a small file is refused
 * without allocating them. The data array is then allocated once at its final size (start-up speed: on a fresh
 * JVM, touching new memory costs about as much as inflating into it), except when a gzip file claims more than
 * deflate can expand its length to ({@value #MAX_DEFLATE_RATIO}×): such a claim is a lie, and the data is read in
 * growing chunks until the stream fails. Trailing bytes are an error too.
 */
public final class IdxReader {
    /** Element type code of unsigned bytes (MNIST images and labels). */
    public static final int UBYTE = 0x08;
    /** Largest number of dimensions accepted. */
    public static final int MAX_DIMS = 8;
    /** Deflate's largest expansion: at most 258 bytes from each 2 bits of input, so at most 1032 bytes per byte. */
    static final long MAX_DEFLATE_RATIO = 1032;

    private IdxReader() {
    }

    /** The content of an IDX file: its dimensions and either bytes (type 0x08) or float values (other types). */
    public record Idx(String source, int type, int[] dims, byte[] bytes, float[] values) {
        /** Number of elements (the product of the dimensions). */
        public int count() {
            return bytes != null ? bytes.length : values.length;
        }

        /** Elements per item: the product of all dimensions but the first (784 for 28×28 images, 1 for labels). */
        public int itemSize() {
            int n = 1;
            for (int i = 1; i < dims.length; i++) {
                n *= dims[i];
            }
            return n;
        }
    }

    /** Reads an IDX file (raw or gzip). */
    public static Idx read(Path file) {
        String src = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 2));
            ch.read(head, 0);
            boolean gzip = size >= 2 && (head.get(0) & 0xff) == 0x1f && (head.get(1) & 0xff) == 0x8b;
            long expectedLength = size;
            if (gzip) {
                if (size < 18) {
                    throw new SomaException(src + ": truncated gzip file of " + size + " bytes");
                }
                ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(trailer, size - 4);
                expectedLength = Integer.toUnsignedLong(trailer.getInt(0)); // ISIZE: length mod 2^32
            }
            InputStream raw = new BufferedInputStream(new ChannelSlices(ch), 1 << 16);
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return parse(in, src, expectedLength, gzip ? size : -1);
            }
        } catch (NoSuchFileException e) {
            throw new SomaException(file + ": no such file");
        } catch (IOException e) {
            throw new SomaException(src + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses raw (uncompressed) IDX content of exactly {@code length} bytes from {@code in}, with every check of
     * {@link #read(Path)}: the dimensions must describe exactly {@code length} bytes before anything is allocated.
     */
    static Idx readRaw(InputStream in, String source, long length) {
        try {
            return parse(in, source, length, -1);
        } catch (IOException e) {
            throw new SomaException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** An input stream over {@code ch} from {@code position}, reading at most 1 MiB per call. */
    static InputStream stream(FileChannel ch, long position) {
        ChannelSlices s = new ChannelSlices(ch);
        s.position = position;
        return s;
    }

    /** Reads IDX content held in memory (raw or gzip); {@code source} names it in messages. */
    public static Idx read(byte[] content, String source) {
        boolean gzip = content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b;
        long expectedLength = content.length;
        try {
            if (gzip) {
                if (content.length < 18) {
                    throw new SomaException(source + ": truncated gzip file of " + content.length + " bytes");
                }
                expectedLength = Integer.toUnsignedLong(ByteBuffer.wrap(content, content.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            }
            InputStream raw = new ByteArrayInputStream(content);
            try (InputStream in = gzip ? new GZIPInputStream(raw, Math.min(1 << 16, Math.max(512, content.length))) : raw) {
                return parse(in, source, expectedLength, gzip ? content.length : -1);
            }
        } catch (IOException e) {
            throw new SomaException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses IDX content from {@code in}: {@code length} is the uncompressed length the content must have (the file
     * length, or the gzip trailer's ISIZE), {@code compressedLength} the gzip file's length, or -1 for raw content.
     */
    private static Idx parse(InputStream in, String src, long length, long compressedLength) throws IOException {
        boolean gzip = compressedLength >= 0;
        try {
            byte[] magic = readN(in, 4, src, "the magic number");
            int m = ByteBuffer.wrap(magic).getInt();
            int type = magic[2] & 0xff;
            int ndims = magic[3] & 0xff;
            int elementSize = elementSize(type);
            if (magic[0] != 0 || magic[1] != 0 || elementSize == 0 || ndims == 0 || ndims > MAX_DIMS) {
                throw new SomaException(String.format("%s: not an IDX file: magic 0x%08x, expected 0x000008NN "
                        + "(0x00000803 for images, 0x00000801 for labels)", src, m));
            }
            byte[] dimBytes = readN(in, 4 * ndims, src, ndims + " dimensions");
            ByteBuffer db = ByteBuffer.wrap(dimBytes);
            int[] dims = new int[ndims];
            long count = 1;
            for (int i = 0; i < ndims; i++) {
                dims[i] = db.getInt();
                if (dims[i] < 0) {
                    throw new SomaException(src + ": dimension " + i + " is negative (" + dims[i] + ")");
                }
                count *= dims[i];
                if (count > Integer.MAX_VALUE - 8) {
                    throw new SomaException(src + ": dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                            + (i + 1 < ndims ? "…" : "") + " hold more than " + (Integer.MAX_VALUE - 8) + " elements");
                }
            }
            long dataBytes = count * elementSize;
            long total = 4 + 4L * ndims + dataBytes;
            long claimed = gzip ? total & 0xffffffffL : total;
            if (claimed != length) {
                throw new SomaException(src + ": dimensions " + Arrays.toString(dims) + " need " + total + " bytes, the "
                        + (gzip ? "uncompressed " : "") + "file holds " + length + (length < total ? " (truncated?)" : ""));
            }
            if (dataBytes > Integer.MAX_VALUE - 8) {
                throw new SomaException(src + ": " + dataBytes + " bytes of data exceed what Soma can hold in one array");
            }
            // raw: the length was checked against the real file, so the exact size is safe to allocate; gzip: the
            // trailer agrees with the header, and if deflate could produce that much from this many bytes, the array
            // is allocated once at its final size; a claim beyond deflate's limit is a lie, so the buffer then
            // grows only as data really arrives (and the stream fails on the lie)
            boolean plausible = !gzip || total <= MAX_DEFLATE_RATIO * compressedLength;
            byte[] data = plausible ? readN(in, (int) dataBytes, src, "data") : readChunked(in, (int) dataBytes, src);
            if (in.read() != -1) {
                throw new SomaException(src + ": unexpected bytes after the " + total + " the dimensions " + Arrays.toString(dims) + " describe");
            }
            if (type == UBYTE) {
                return new Idx(src, type, dims, data, null);
            }
            return new Idx(src, type, dims, null, decode(data, type, (int) count));
        } catch (ZipException | EOFException e) {
            throw new SomaException(src + ": corrupt gzip data: " + e.getMessage());
        }
    }

    static int elementSize(int type) {
        switch (type) {
            case 0x08:
            case 0x09:
                return 1;
            case 0x0B:
                return 2;
            case 0x0C:
            case 0x0D:
                return 4;
            case 0x0E:
                return 8;
            default:
                return 0;
        }
    }

    private static float[] decode(byte[] data, int type, int count) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            switch (type) {
                case 0x09 -> out[i] = b.get();
                case 0x0B -> out[i] = b.getShort();
                case 0x0C -> out[i] = b.getInt();
                case 0x0D -> out[i] = b.getFloat();
                default -> out[i] = (float) b.getDouble();
            }
        }
        return out;
    }

    /** Reads a file channel in slices of at most 1 MiB (NIO copies each read through a direct buffer that size). */
    private static final class ChannelSlices extends InputStream {
        private final FileChannel ch;
        private long position;

        ChannelSlices(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int r = ch.read(ByteBuffer.wrap(b, off, Math.min(len, 1 << 20)), position);
            if (r > 0) {
                position += r;
            }
            return r;
        }
    }

    private static byte[] readN(InputStream in, int n, String src, String what) throws IOException {
        byte[] b = new byte[n];
        int got = in.readNBytes(b, 0, n);
        if (got != n) {
            throw new SomaException(src + ": truncated file: expected " + n + " bytes of " + what + ", found " + got);
        }
        return b;
    }

    /** Reads exactly n bytes, growing the buffer only as data really arrives (a lying header costs nothing). */
    private static byte[] readChunked(InputStream in, int n, String src) throws IOException {
        byte[] buf = new byte[Math.min(n, 1 << 20)];
        int got = 0;
        while (got < n) {
            if (got == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            }
            int r = in.read(buf, got, buf.length - got);
            if (r < 0) {
                throw new SomaException(src + ": truncated file: expected " + n + " data bytes, found " + got);
            }
            got += r;
        }
        return buf;
    }
}
