package dev.soma.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IDX files decoded ahead of use. A program that knows which data set it is about to open can have its files read
 * on a background thread while it does other work (the command line: while picocli builds its model, ~0.2 s of a
 * cold JVM), and the next {@link IdxImages#load} of an unchanged file takes the result instead of reading it
 * again. Whatever the next {@link DataSources#open} does not take is dropped.
 *
 * <p>Nothing depends on whether a file was read ahead: the result is what {@link IdxCache#read} returns for it, and a
 * file that changed since (size or modification time), or whose read failed, is simply read again, so a failure is
 * reported by that read, as without read-ahead.
 */
public final class ReadAhead {
    private record Pending(long size, FileTime modified, CompletableFuture<IdxReader.Idx> idx) {
    }

    private static final ConcurrentHashMap<Path, Pending> PENDING = new ConcurrentHashMap<>();

    private ReadAhead() {
    }

    /**
     * Starts reading the data set {@link DataSources#open} would open for {@code spec} when it is a directory of
     * MNIST-layout IDX files (or {@code builtin:fashion-mnist}); anything else (CSV, CIFAR-10, generated sets, a
     * missing path) is left alone. Returns at once and never fails.
     */
    public static void start(String spec) {
        try {
            Path dir = DataSources.idxDirectory(spec);
            if (dir != null) {
                files(IdxImages.files(dir));
            }
        } catch (RuntimeException e) {
            // a spec that cannot be resolved is opened (and its error reported) by DataSources.open as usual
        }
    }

    /** Starts reading {@code files} (regular files not already pending), in order, on one daemon thread. */
    static void files(List<Path> files) {
        List<Path> queued = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            try {
                BasicFileAttributes at = Files.readAttributes(abs, BasicFileAttributes.class);
                Pending p = new Pending(at.size(), at.lastModifiedTime(), new CompletableFuture<>());
                if (at.isRegularFile() && PENDING.putIfAbsent(abs, p) == null) {
                    queued.add(abs);
                    pending.add(p);
                }
            } catch (IOException | RuntimeException e) {
                // unreadable: its real read reports it
            }
        }
        if (queued.isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> {
            for (int i = 0; i < queued.size(); i++) {
                try {
                    pending.get(i).idx().complete(IdxCache.shared().read(queued.get(i)));
                } catch (Throwable e) {
                    pending.get(i).idx().completeExceptionally(e);
                }
            }
        }, "soma-read-ahead");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The content read ahead for {@code file} (waiting for it if still being read), or null: not read ahead, changed
     * since, or its read failed. Either way the file is no longer pending.
     */
    static IdxReader.Idx take(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Pending p = PENDING.remove(abs);
        if (p == null) {
            return null;
        }
        try {
            BasicFileAttributes at = Files.readAttributes(abs, BasicFileAttributes.class);
            if (at.size() != p.size() || !at.lastModifiedTime().equals(p.modified())) {
                return null;
            }
            return p.idx().join();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Forgets every file still pending (a read still running finishes, and its result is dropped). */
    static void discard() {
        PENDING.clear();
    }

    /** How many files are pending (tests). */
    static int pending() {
        return PENDING.size();
    }

    /** Waits until every pending read has finished, successfully or not (tests). */
    static void awaitReads() {
        for (Pending p : PENDING.values()) {
            p.idx().handle((idx, e) -> null).join();
        }
    }
}
