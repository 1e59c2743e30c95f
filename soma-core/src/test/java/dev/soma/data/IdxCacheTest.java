package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxCacheTest {
    @TempDir
    Path dir;

    private Path source(String name, int n) throws IOException {
        return Files.write(dir.resolve(name), TestFiles.gzip(TestFiles.imagesAndLabels(n, 4, 5, 10)[0]));
    }

    private static void assertSameContent(IdxReader.Idx want, IdxReader.Idx got) {
        assertEquals(want.source(), got.source());
        assertEquals(want.type(), got.type());
        assertArrayEquals(want.dims(), got.dims());
        assertArrayEquals(want.bytes(), got.bytes());
    }

    private List<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** Garbles a gzip file's compressed data but keeps its size, gzip magic, trailer and modification time. */
    private static void garbleKeepingKey(Path gz) throws IOException {
        FileTime t = Files.getLastModifiedTime(gz);
        byte[] b = Files.readAllBytes(gz);
        for (int i = 10; i < b.length - 8; i++) {
            b[i] = (byte) 0xff;
        }
        Files.write(gz, b);
        Files.setLastModifiedTime(gz, t);
    }

    @Test
    void secondReadComesFromTheCacheWithTheSameContent() throws IOException {
        Path src = source("train-images-idx3-ubyte.gz", 30);
        IdxReader.Idx direct = IdxReader.read(src);
        IdxCache cache = new IdxCache(dir.resolve("cache"), 0, false);
        assertSameContent(direct, cache.read(src));
        Path entry = cache.entry(src);
        assertEquals(List.of(entry.getFileName().toString()), files(dir.resolve("cache/idx")));
        assertEquals(true, entry.getFileName().toString().matches("train-images-idx3-ubyte-[0-9a-f]{8}\\.idx"));
        // the source can no longer be inflated, but its key is unchanged: only the cache can answer
        garbleKeepingKey(src);
        assertThrows(SomaException.class, () -> IdxReader.read(src));
        assertSameContent(direct, cache.read(src));
    }

    @Test
    void aCorruptedEntryIsRefusedAndRewrittenFromTheSource() throws IOException {
        Path src = source("t10k-images-idx3-ubyte.gz", 20);
        IdxReader.Idx direct = IdxReader.read(src);
        IdxCache cache = new IdxCache(dir.resolve("cache"), 0, false);
        cache.read(src);
        Path entry = cache.entry(src);
        byte[] good = Files.readAllBytes(entry);
        IdxCache.Key key = cache.key(src);
        // one flipped pixel: the CRC-32C and the source's CRC-32 refuse it
        byte[] flipped = good.clone();
        flipped[flipped.length - 7] ^= 1;
        Files.write(entry, flipped);
        assertNull(IdxCache.load(entry, key, "x"));
        assertSameContent(direct, cache.read(src));
        assertArrayEquals(good, Files.readAllBytes(entry));
        // truncated, and a payload whose dimensions claim 2 GB: refused by IdxReader's checks before allocating
        Files.write(entry, java.util.Arrays.copyOf(good, good.length - 100));
        assertNull(IdxCache.load(entry, key, "x"));
        byte[] huge = good.clone();
        int dims = good.length - 20 * 20 - 12;
        ByteBuffer.wrap(huge).putInt(dims, 2_000_000_000);
        Files.write(entry, huge);
        assertNull(IdxCache.load(entry, key, "x"));
        assertSameContent(direct, cache.read(src));
        // not an entry at all, and an entry of another source's key
        Files.write(entry, new byte[] {1, 2, 3});
        assertNull(IdxCache.load(entry, key, "x"));
        assertSameContent(direct, cache.read(src));
        assertNull(IdxCache.load(entry, new IdxCache.Key("source=/elsewhere\n".getBytes(), key.crc32()), "x"));
    }

    @Test
    void aChangedSourceChangesTheKeyAndTheEntryFollows() throws IOException {
        Path src = source("train-images-idx3-ubyte.gz", 30);
        IdxCache cache = new IdxCache(dir.resolve("cache"), 0, false);
        IdxCache.Key before = cache.key(src);
        cache.read(src);
        byte[] other = TestFiles.imagesAndLabels(31, 4, 5, 10)[0];
        Files.write(src, TestFiles.gzip(other));
        IdxCache.Key after = cache.key(src);
        assertEquals(false, java.util.Arrays.equals(before.bytes(), after.bytes()));
        IdxReader.Idx read = cache.read(src);
        assertArrayEquals(new int[] {31, 4, 5}, read.dims());
        assertArrayEquals(java.util.Arrays.copyOfRange(other, 16, other.length), read.bytes());
        assertNotNull(IdxCache.load(cache.entry(src), after, "x"));
        assertNull(IdxCache.load(cache.entry(src), before, "x"));
        // same bytes, new modification time: a new key too
        Files.setLastModifiedTime(src, FileTime.fromMillis(86_400_000L));
        assertEquals(false, java.util.Arrays.equals(after.bytes(), cache.key(src).bytes()));
    }

    @Test
    void anUnwritableCacheDirectoryMeansNoCacheAndNoError() throws IOException {
        Path src = source("train-images-idx3-ubyte.gz", 30);
        IdxReader.Idx direct = IdxReader.read(src);
        // a regular file where the directory should be: nothing can be created under it (even as root)
        Path blocker = Files.write(dir.resolve("not-a-directory"), new byte[] {1});
        IdxCache cache = new IdxCache(blocker.resolve("soma"), 0, false);
        assertSameContent(direct, cache.read(src));
        assertSameContent(direct, cache.read(src));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(blocker));
    }

    @Test
    void smallRawAndMissingFilesBypassTheCache() throws IOException {
        Path gz = source("train-images-idx3-ubyte.gz", 30);
        Path raw = Files.write(dir.resolve("raw-idx3-ubyte"), TestFiles.imagesAndLabels(3, 2, 2, 10)[0]);
        IdxCache cache = new IdxCache(dir.resolve("cache"), IdxCache.DEFAULT_MIN_BYTES, false);
        assertSameContent(IdxReader.read(gz), cache.read(gz));
        assertSameContent(IdxReader.read(raw), cache.read(raw));
        assertEquals(false, Files.exists(dir.resolve("cache")));
        Path missing = dir.resolve("nope.gz");
        assertEquals(missing + ": no such file", assertThrows(SomaException.class, () -> cache.read(missing)).getMessage());
        // a corrupt large source still fails with IdxReader's message
        IdxCache all = new IdxCache(dir.resolve("cache"), 0, false);
        garbleKeepingKey(gz);
        String m = assertThrows(SomaException.class, () -> all.read(gz)).getMessage();
        assertEquals(true, m.startsWith("train-images-idx3-ubyte.gz: corrupt gzip data"), m);
    }

    @Test
    void theEnvironmentChoosesTheDirectoryOrTurnsTheCacheOff() {
        Map<String, String> env = new HashMap<>();
        Map<String, String> props = new HashMap<>(Map.of("user.home", "/home/ada"));
        assertEquals(Path.of("/home/ada/.cache/soma"), IdxCache.fromEnvironment(env, props::get).directory());
        env.put("XDG_CACHE_HOME", "/var/cache/ada");
        assertEquals(Path.of("/var/cache/ada/soma"), IdxCache.fromEnvironment(env, props::get).directory());
        env.put("XDG_CACHE_HOME", "relative/ignored");
        assertEquals(Path.of("/home/ada/.cache/soma"), IdxCache.fromEnvironment(env, props::get).directory());
        props.put("soma.cache.dir", "/tmp/by-property");
        assertEquals(Path.of("/tmp/by-property"), IdxCache.fromEnvironment(env, props::get).directory());
        env.put("SOMA_CACHE_DIR", "/tmp/by-env");
        assertEquals(Path.of("/tmp/by-env"), IdxCache.fromEnvironment(env, props::get).directory());
        env.put("SOMA_CACHE", "off");
        assertNull(IdxCache.fromEnvironment(env, props::get).directory());
        env.put("SOMA_CACHE", "on");
        props.put("soma.cache", "false");
        assertNull(IdxCache.fromEnvironment(env, props::get).directory());
        props.put("soma.cache", "true");
        assertEquals(Path.of("/tmp/by-env"), IdxCache.fromEnvironment(env, props::get).directory());
        assertNull(IdxCache.fromEnvironment(Map.of(), Map.of("user.home", "?")::get).directory());
    }

    @Test
    void aDisabledCacheReadsTheSourceAndWritesNothing() throws IOException {
        Path src = source("train-images-idx3-ubyte.gz", 30);
        Map<String, String> props = Map.of("user.home", dir.toString(), "soma.cache", "false");
        IdxCache off = IdxCache.fromEnvironment(Map.of(), props::get);
        assertSameContent(IdxReader.read(src), off.read(src));
        assertEquals(List.of("train-images-idx3-ubyte.gz"), files(dir));
    }
}
