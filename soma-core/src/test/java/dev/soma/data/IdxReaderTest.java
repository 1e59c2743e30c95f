package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRawAndGzipFilesAlike() throws IOException {
        byte[] raw = TestFiles.idx(new byte[] {0, 1, (byte) 255, 7, 8, 9}, 2, 1, 3);
        Path a = Files.write(dir.resolve("a-idx3-ubyte"), raw);
        Path b = Files.write(dir.resolve("b-idx3-ubyte.gz"), TestFiles.gzip(raw));
        Path c = Files.write(dir.resolve("c-named-raw-but-gzip"), TestFiles.gzip(raw));
        for (Path p : new Path[] {a, b, c}) {
            IdxReader.Idx idx = IdxReader.read(p);
            assertArrayEquals(new int[] {2, 1, 3}, idx.dims());
            assertArrayEquals(new byte[] {0, 1, (byte) 255, 7, 8, 9}, idx.bytes());
            assertNull(idx.values());
            assertEquals(3, idx.itemSize());
            assertEquals(6, idx.count());
        }
    }

    @Test
    void readsOtherElementTypesAsFloats() {
        ByteBuffer f = ByteBuffer.allocate(12).putFloat(1.5f).putFloat(-2f).putFloat(1e-3f);
        assertArrayEquals(new float[] {1.5f, -2f, 1e-3f}, IdxReader.read(TestFiles.idx(0x0D, f.array(), 3), "f").values());
        ByteBuffer s = ByteBuffer.allocate(4).putShort((short) -300).putShort((short) 1000);
        assertArrayEquals(new float[] {-300, 1000}, IdxReader.read(TestFiles.idx(0x0B, s.array(), 2), "s").values());
        assertArrayEquals(new float[] {-1, 127}, IdxReader.read(TestFiles.idx(0x09, new byte[] {-1, 127}, 2), "b").values());
        ByteBuffer d = ByteBuffer.allocate(16).putDouble(0.25).putInt(0).putInt(7);
        assertArrayEquals(new float[] {0, 7}, IdxReader.read(TestFiles.idx(0x0C, Arrays.copyOfRange(d.array(), 8, 16), 2), "i").values(), 0);
        assertArrayEquals(new float[] {0.25f}, IdxReader.read(TestFiles.idx(0x0E, Arrays.copyOf(d.array(), 8), 1), "d").values());
    }

    private static String err(byte[] b) {
        return assertThrows(SomaException.class, () -> IdxReader.read(b, "x")).getMessage();
    }

    @Test
    void brokenFilesAreRefusedWithOneClearMessage() {
        assertEquals("x: not an IDX file: magic 0x504b0304, expected 0x000008NN (0x00000803 for images, 0x00000801 for labels)",
                err(new byte[] {0x50, 0x4b, 3, 4, 0, 0, 0, 0}));
        assertEquals("x: not an IDX file: magic 0x00000700, expected 0x000008NN (0x00000803 for images, 0x00000801 for labels)",
                err(new byte[] {0, 0, 7, 0, 0, 0, 0, 0}));
        assertEquals("x: truncated file: expected 4 bytes of the magic number, found 2", err(new byte[] {0, 0}));
        assertEquals("x: truncated file: expected 12 bytes of 3 dimensions, found 4", err(new byte[] {0, 0, 8, 3, 0, 0, 0, 1}));
        byte[] claims2G = TestFiles.idx(new byte[1000], 2_000_000_000);
        assertEquals("x: dimensions [2000000000] need 2000000008 bytes, the file holds 1008 (truncated?)", err(claims2G));
        assertEquals("x: dimensions [2000000000] need 2000000008 bytes, the uncompressed file holds 1008 (truncated?)",
                err(TestFiles.gzip(claims2G)));
        assertEquals("x: dimension 1 is negative (-28)", err(TestFiles.idx(new byte[10], 10, -28, 28)));
        assertEquals("x: dimensions [65536, 65536]… hold more than 2147483639 elements", err(TestFiles.idx(new byte[10], 65536, 65536, 28)));
        byte[] extra = Arrays.copyOf(TestFiles.idx(new byte[4], 4), 13);
        assertEquals("x: dimensions [4] need 12 bytes, the file holds 13", err(extra));
        byte[] gz = TestFiles.gzip(TestFiles.idx(new byte[400], 20, 20));
        gz[gz.length / 2] ^= 0x55;
        String corrupt = err(gz);
        assertEquals(true, corrupt.startsWith("x: ") && !corrupt.contains("\n"), corrupt);
        assertEquals("x: truncated gzip file of 10 bytes", err(Arrays.copyOf(gz, 10)));
    }

    @Test
    void truncatedGzipIsRefused() {
        byte[] gz = TestFiles.gzip(TestFiles.idx(new byte[5000], 50, 100));
        String m = err(Arrays.copyOf(gz, gz.length - 9));
        assertEquals(true, m.startsWith("x: "), m);
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.gz");
        assertEquals(p + ": no such file", assertThrows(SomaException.class, () -> IdxReader.read(p)).getMessage());
    }
}
