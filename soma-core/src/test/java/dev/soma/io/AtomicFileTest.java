package dev.soma.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void createsAndReplacesWithoutLeavingTemporaries() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        AtomicFile.write(f, "first".getBytes(StandardCharsets.UTF_8));
        assertEquals("first", Files.readString(f));
        AtomicFile.write(f, "second, longer".getBytes(StandardCharsets.UTF_8));
        assertEquals("second, longer", Files.readString(f));
        assertEquals(List.of("ckpt.bin"), names());
    }

    @Test
    void aFailingWriterLeavesTheOldFileIntactAndNoTemporary() throws IOException {
        Path f = dir.resolve("model.safetensors");
        AtomicFile.write(f, new byte[] {1, 2, 3});
        SomaException e = assertThrows(SomaException.class, () -> AtomicFile.write(f, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals(f + ": cannot write: java.io.IOException: disk full", e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        assertEquals(List.of("model.safetensors"), names());
    }

    @Test
    void streamsLargeContent() throws IOException {
        Path f = dir.resolve("big.bin");
        AtomicFile.write(f, out -> {
            for (int i = 0; i < 300_000; i++) {
                out.write(i & 0xff);
            }
        });
        byte[] b = Files.readAllBytes(f);
        assertEquals(300_000, b.length);
        assertEquals((byte) (299_999 & 0xff), b[299_999]);
    }

    @Test
    void missingDirectoryIsAClearError() {
        Path f = dir.resolve("nope").resolve("x.bin");
        assertEquals(f + ": directory " + dir.resolve("nope") + " does not exist",
                assertThrows(SomaException.class, () -> AtomicFile.write(f, new byte[1])).getMessage());
    }
}
