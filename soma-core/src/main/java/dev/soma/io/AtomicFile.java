package dev.soma.io;

import dev.soma.SomaException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file replacement: the content goes to a temporary file in the target's directory, is flushed and
 * fsync'ed ({@link FileChannel#force(boolean)}), then renamed atomically over the target, and the directory is
 * fsync'ed where the platform allows it. A reader (or a process killed at any moment) sees either the previous file
 * or the new one, never a torn mix. The temporary file is named {@code .NAME.*.tmp} and removed on failure.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Something that writes a file's content to a stream (the stream is closed by {@link AtomicFile}). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Atomically replaces (or creates) {@code target} with {@code content}. */
    public static void write(Path target, byte[] content) {
        write(target, out -> out.write(content));
    }

    /** Atomically replaces (or creates) {@code target} with what {@code content} writes, streamed to disk. */
    public static void write(Path target, Content content) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null) {
            throw new SomaException(target + ": cannot write a file without a parent directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new SomaException(target + ": directory " + dir + " does not exist");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                BufferedOutputStream out = new BufferedOutputStream(new NonClosing(Channels.newOutputStream(ch)), 1 << 16);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new SomaException(target + ": the file system cannot rename atomically (" + e.getMessage() + ")");
            }
            tmp = null;
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new SomaException(target + ": cannot write: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temp file is hidden and named after the target
                }
            }
        }
    }

    /** Makes the rename durable: fsync the directory entry (works on Linux/macOS; not possible on Windows). */
    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open a directory as a channel; the rename itself is still atomic there.
        }
    }

    /** Forwards writes and flush, but leaves closing to the owner of the channel. */
    private static final class NonClosing extends OutputStream {
        private final OutputStream out;

        NonClosing(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** Reads a whole file (a helper for small files such as checkpoints' JSON), with a clear error. */
    public static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SomaException(file + ": cannot read: " + e, e);
        }
    }
}
