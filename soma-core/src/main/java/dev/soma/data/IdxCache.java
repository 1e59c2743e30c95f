package dev.soma.data;

import dev.soma.SomaException;
import dev.soma.io.AtomicFile;
import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.Checksum;

/**
 * A cache of decoded IDX files, like torchvision's "processed" folder: the first read of a large gzip IDX file
 * (at least {@value #DEFAULT_MIN_BYTES} bytes uncompressed) also writes its uncompressed content to the cache
 * directory; later reads load that copy and skip inflating (for Fashion-MNIST's 47 MB of training images, about
 * 0.2 s of one core at every start).
 *
 * <p>Where: {@code $SOMA_CACHE_DIR}, else the system property {@code soma.cache.dir}, else
 * {@code ${XDG_CACHE_HOME:-~/.cache}/soma}; entries go to its {@code idx/} subdirectory, one per source file, named
 * after it. Off: {@code -Dsoma.cache=false} or {@code SOMA_CACHE=off}. Deleting the directory is always safe.
 *
 * <p>An entry is untrusted input. Layout: the 8 bytes {@code SOMAIDX1}, a big-endian int32 key length, the key
 * (UTF-8 lines: the source's absolute path, size, modification time and gzip trailer, i.e. the CRC-32 and length
 * of its uncompressed content), the big-endian CRC-32C of the payload, then the payload: the raw IDX file. It is
 * used only when its key equals the source's current key, its payload passes every check of {@link IdxReader}
 * (the dimensions must describe the payload's length before anything is allocated), its CRC-32C matches, and the
 * payload's CRC-32 equals the one the source's gzip trailer declares. Anything else is a miss: the source is
 * decoded again and the entry rewritten.
 *
 * <p>The cache is never required: a directory that cannot be created or written (read-only home, full disk) means
 * no cache, silently. Entries are written atomically ({@link AtomicFile}), by default on a background daemon thread
 * so that the first run does not wait for the disk; a temporary file left by a process killed while writing is
 * removed by a later write of the same entry.
 */
public final class IdxCache {
    /** Files whose uncompressed content is smaller than this are not cached (they decode in milliseconds). */
    public static final long DEFAULT_MIN_BYTES = 1 << 20;
    private static final byte[] MAGIC = "SOMAIDX1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_KEY = 8192;
    private static final long STALE_TEMP_MS = 10 * 60 * 1000L;
    private static volatile IdxCache shared;

    private final Path dir;
    private final long minBytes;
    private final boolean background;

    /**
     * A cache in {@code dir} (null: disabled) for files of at least {@code minBytes} uncompressed bytes, writing
     * entries on a background thread or, with {@code background} false, before {@link #read} returns.
     */
    public IdxCache(Path dir, long minBytes, boolean background) {
        this.dir = dir;
        this.minBytes = minBytes;
        this.background = background;
    }

    /** The cache configured by the environment and system properties (see the class comment), made once. */
    public static IdxCache shared() {
        IdxCache c = shared;
        if (c == null) {
            c = fromEnvironment(System.getenv(), System::getProperty);
            shared = c;
        }
        return c;
    }

    /** The cache that {@code env} and {@code properties} configure (see the class comment). */
    static IdxCache fromEnvironment(Map<String, String> env, UnaryOperator<String> properties) {
        String off = properties.apply("soma.cache") != null ? properties.apply("soma.cache") : env.get("SOMA_CACHE");
        if (off != null && Arrays.asList("false", "off", "0", "no").contains(off.trim().toLowerCase(Locale.ROOT))) {
            return new IdxCache(null, DEFAULT_MIN_BYTES, true);
        }
        String d = nonBlank(env.get("SOMA_CACHE_DIR"));
        if (d == null) {
            d = nonBlank(properties.apply("soma.cache.dir"));
        }
        if (d == null) {
            String xdg = nonBlank(env.get("XDG_CACHE_HOME"));
            String home = nonBlank(properties.apply("user.home"));
            if (xdg != null && Path.of(xdg).isAbsolute()) {
                d = Path.of(xdg, "soma").toString();
            } else if (home != null && !home.equals("?")) {
                d = Path.of(home, ".cache", "soma").toString();
            }
        }
        return new IdxCache(d == null ? null : Path.of(d), DEFAULT_MIN_BYTES, true);
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The cache directory, or null when the cache is off. */
    public Path directory() {
        return dir;
    }

    /** Reads an IDX file like {@link IdxReader#read(Path)}, through the cache when the file is a large gzip file. */
    public IdxReader.Idx read(Path source) {
        Key key = dir == null ? null : key(source);
        if (key == null) {
            return IdxReader.read(source);
        }
        String name = source.getFileName().toString();
        Path entry = entry(source);
        IdxReader.Idx hit = load(entry, key, name);
        if (hit != null) {
            return hit;
        }
        IdxReader.Idx idx = IdxReader.read(source);
        if (idx.bytes() != null) {
            if (background) {
                Thread t = new Thread(() -> store(entry, key.bytes(), idx), "soma-cache-writer");
                t.setDaemon(true);
                t.start();
            } else {
                store(entry, key.bytes(), idx);
            }
        }
        return idx;
    }

    /** Where the entry of {@code source} lives: named after the file and a hash of its absolute path. */
    Path entry(Path source) {
        Path abs = source.toAbsolutePath().normalize();
        String file = abs.getFileName().toString().replaceAll("\\.gz$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        CRC32C h = new CRC32C();
        h.update(abs.toString().getBytes(StandardCharsets.UTF_8));
        return dir.resolve("idx").resolve(String.format("%s-%08x.idx", file, h.getValue()));
    }

    /** An entry's key (UTF-8 lines) and the CRC-32 the source's gzip trailer declares for its content. */
    record Key(byte[] bytes, int crc32) {
    }

    /** The key of a large gzip file (path, size, mtime, gzip trailer), or null: not gzip, small, or unreadable. */
    Key key(Path source) {
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 18) {
                return null;
            }
            ByteBuffer head = ByteBuffer.allocate(2);
            ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (!readFully(ch, head, 0) || !readFully(ch, trailer, size - 8)
                    || (head.get(0) & 0xff) != 0x1f || (head.get(1) & 0xff) != 0x8b) {
                return null;
            }
            if (Integer.toUnsignedLong(trailer.getInt(4)) < minBytes) {
                return null;
            }
            String k = "source=" + source.toAbsolutePath().normalize() + "\nsize=" + size + "\nmtime="
                    + Files.getLastModifiedTime(source) + String.format("\ngzip-crc32=%08x%ngzip-isize=%d%n",
                    trailer.getInt(0), Integer.toUnsignedLong(trailer.getInt(4)));
            return new Key(k.getBytes(StandardCharsets.UTF_8), trailer.getInt(0));
        } catch (IOException | RuntimeException e) {
            return null; // IdxReader.read reports a missing or unreadable source with its own message
        }
    }

    private static boolean readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, position + b.position());
            if (r < 0) {
                return false;
            }
        }
        return true;
    }

    /** The entry's content if it is valid for {@code key}, else null. */
    static IdxReader.Idx load(Path entry, Key k, String name) {
        byte[] key = k.bytes();
        try (FileChannel ch = FileChannel.open(entry, StandardOpenOption.READ)) {
            long size = ch.size();
            int headerLength = MAGIC.length + 4 + key.length + 4;
            if (size < headerLength) {
                return null;
            }
            ByteBuffer head = ByteBuffer.allocate(headerLength);
            if (!readFully(ch, head, 0) || !Arrays.equals(head.array(), 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                    || head.getInt(MAGIC.length) != key.length
                    || !Arrays.equals(head.array(), MAGIC.length + 4, MAGIC.length + 4 + key.length, key, 0, key.length)) {
                return null;
            }
            Both sums = new Both();
            CheckedInputStream in = new CheckedInputStream(new BufferedInputStream(IdxReader.stream(ch, headerLength), 1 << 16), sums);
            IdxReader.Idx idx = IdxReader.readRaw(in, name, size - headerLength);
            boolean intact = (int) sums.crc32c.getValue() == head.getInt(headerLength - 4)
                    && (int) sums.crc32.getValue() == k.crc32();
            return intact ? idx : null;
        } catch (IOException | SomaException | UncheckedIOException e) {
            return null;
        }
    }

    /** Writes the entry; any failure (read-only or full disk, no permission) just leaves no entry. */
    void store(Path entry, byte[] key, IdxReader.Idx idx) {
        try {
            Files.createDirectories(entry.getParent());
            removeStaleTemporaries(entry);
            byte[] header = idxHeader(idx);
            byte[] data = idx.bytes();
            CRC32C crc = new CRC32C();
            crc.update(header);
            crc.update(data);
            AtomicFile.write(entry, out -> {
                DataOutputStream d = new DataOutputStream(out);
                d.write(MAGIC);
                d.writeInt(key.length);
                d.write(key);
                d.writeInt((int) crc.getValue());
                d.write(header);
                for (int off = 0; off < data.length; off += 1 << 20) {
                    d.write(data, off, Math.min(1 << 20, data.length - off)); // 1 MiB slices: NIO copies through a direct buffer that size
                }
                d.flush();
            });
        } catch (IOException | SomaException | UncheckedIOException | SecurityException e) {
            // no cache this time
        }
    }

    /** Deletes temporary files of this entry older than ten minutes (left by a process that died while writing). */
    private static void removeStaleTemporaries(Path entry) throws IOException {
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(entry.getParent(), "." + entry.getFileName() + ".*.tmp")) {
            for (Path p : s) {
                if (now - Files.getLastModifiedTime(p).toMillis() > STALE_TEMP_MS) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The magic number and dimensions of {@code idx} as an IDX file starts. */
    static byte[] idxHeader(IdxReader.Idx idx) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * idx.dims().length);
        b.put((byte) 0).put((byte) 0).put((byte) idx.type()).put((byte) idx.dims().length);
        for (int d : idx.dims()) {
            b.putInt(d);
        }
        return b.array();
    }

    /** CRC-32C (the entry's checksum) and CRC-32 (gzip's, to compare with the source's trailer) in one pass. */
    private static final class Both implements Checksum {
        final CRC32C crc32c = new CRC32C();
        final CRC32 crc32 = new CRC32();

        @Override
        public void update(int b) {
            crc32c.update(b);
            crc32.update(b);
        }

        @Override
        public void update(byte[] b, int off, int len) {
            crc32c.update(b, off, len);
            crc32.update(b, off, len);
        }

        @Override
        public long getValue() {
            return crc32c.getValue();
        }

        @Override
        public void reset() {
            crc32c.reset();
            crc32.reset();
        }
    }
}
