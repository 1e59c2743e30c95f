package dev.soma.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    static LinkedHashMap<String, Tensor> sample() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("0.weight", Tensor.of(new float[] {1, -2, 3.5f, 0.25f, 5, 6}, 2, 3));
        m.put("0.bias", Tensor.of(new float[] {0.5f, -0.5f}, 2));
        m.put("2.weight", Tensor.of(new double[] {Math.PI, -1e-300}, 1, 2));
        m.put("scalar", Tensor.of(new float[] {7}));
        m.put("empty", Tensor.zeros(DType.F32, 0, 4));
        return m;
    }

    /** Builds a file from a header text and data bytes, the way a hostile writer would. */
    static byte[] raw(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    @Test
    void checksumIsCrc32cOfTheDataSection() {
        assertEquals("crc32c:e3069283", SafeTensors.checksum(ByteBuffer.wrap("123456789".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void exactLayoutOfASmallFile() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.of(new float[] {1f, -2f}, 2));
        byte[] b = SafeTensors.toBytes(m, Map.of("soma.task", "classification"));
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "header padded to 8-byte alignment");
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        String crc = SafeTensors.checksum(ByteBuffer.wrap(b, 8 + (int) n, 8).slice());
        String json = "{\"__metadata__\":{\"soma.task\":\"classification\",\"soma.checksum\":\"" + crc + "\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertEquals(json, header.stripTrailing());
        assertEquals(n - json.length(), header.length() - header.stripTrailing().length());
        assertEquals(8 + n + 8, b.length);
        // 1.0f = 0x3f800000 and -2.0f = 0xc0000000, little-endian
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0}, java.util.Arrays.copyOfRange(b, b.length - 8, b.length));
    }

    @Test
    void roundTripThroughAFileKeepsOrderValuesShapesAndMetadata() {
        Path f = dir.resolve("m.safetensors");
        LinkedHashMap<String, Tensor> in = sample();
        SafeTensors.write(f, in, Map.of("soma.version", "0.1.0"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.copyOf(in.keySet()), List.copyOf(c.tensors().keySet()));
        for (String k : in.keySet()) {
            Tensor a = in.get(k);
            Tensor b = c.tensors().get(k);
            assertEquals(a.dtype(), b.dtype(), k);
            assertArrayEquals(a.shape(), b.shape(), k);
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0, k);
        }
        assertEquals("0.1.0", c.metadata().get("soma.version"));
        assertEquals(SafeTensors.fromBytes(SafeTensors.toBytes(in, Map.of("soma.version", "0.1.0")), "x").metadata(), c.metadata());
    }

    @Test
    void writesTransposedViewsInLogicalOrder() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).t();
        SafeTensors.Contents c = SafeTensors.fromBytes(SafeTensors.toBytes(Map.of("t", t), Map.of()), "x");
        assertArrayEquals(new int[] {3, 2}, c.tensors().get("t").shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, c.tensors().get("t").floats());
    }

    @Test
    void readsFilesWithoutMetadataOrChecksum() {
        byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-3f).array();
        SafeTensors.Contents c = SafeTensors.fromBytes(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data), "torch.safetensors");
        assertArrayEquals(new float[] {1.5f, -3f}, c.tensors().get("a").floats());
        assertEquals(Map.of(), c.metadata());
    }

    @Test
    void headerOrderMayDifferFromDataOrder() {
        byte[] data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putDouble(-0.5).array();
        SafeTensors.Contents c = SafeTensors.fromBytes(raw("{\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}   ", data), "torch.safetensors");
        assertEquals(List.of("b", "a"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new double[] {-0.5}, c.tensors().get("b").doubles());
        assertArrayEquals(new float[] {1, 2}, c.tensors().get("a").floats());
    }

    @Test
    void corruptedDataIsDetectedByTheChecksum() throws IOException {
        Path f = dir.resolve("c.safetensors");
        SafeTensors.write(f, sample(), Map.of());
        byte[] b = Files.readAllBytes(f);
        String expected = SafeTensors.read(f).metadata().get(SafeTensors.CHECKSUM_KEY);
        b[b.length - 5] ^= 0x10;
        Files.write(f, b);
        SomaException e = assertThrows(SomaException.class, () -> SafeTensors.read(f));
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String actual = SafeTensors.checksum(ByteBuffer.wrap(b, 8 + (int) n, b.length - 8 - (int) n).slice());
        assertEquals(f + ": checksum mismatch: the header says " + expected + " but the data has " + actual
                + "; the file is corrupted", e.getMessage());
        assertEquals(false, expected.equals(actual));
    }

    private static String err(byte[] file) {
        return assertThrows(SomaException.class, () -> SafeTensors.fromBytes(file, "m")).getMessage();
    }

    private static final String T = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":";

    @Test
    void hostileHeadersAreRefusedWithOneClearMessage() {
        byte[] d8 = new byte[8];
        byte[] d16 = new byte[16];
        assertEquals("m: 3 bytes are too short for the 8-byte header length", err(new byte[3]));
        byte[] huge = raw("{}", d8);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertEquals("m: header length 1099511627776 exceeds the limit of 104857600 bytes", err(huge));
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        assertEquals("m: header length 18446744073709551615 exceeds the limit of 104857600 bytes", err(huge));
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        assertEquals("m: header claims 1000 bytes but the file holds only 10 after the length field (truncated file?)", err(huge));
        assertEquals("m: header must be a JSON object starting with '{'", err(raw("[1]", d8)));
        assertEquals("m header: invalid JSON at offset 4: expected ':' after key, found ','", err(raw("{\"a\",", d8)));
        assertEquals("m: tensor 'a': unsupported dtype 'F16' (Soma reads F32, F64 and I64)",
                err(raw("{\"a\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]}}", d8)));
        assertEquals("m: tensor 'a': shape[0]: expected a non-negative integer, got -2",
                err(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", d8)));
        assertEquals("m: tensor 'a': dimension 3000000000 exceeds the largest Soma dimension 2147483647",
                err(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[3000000000],\"data_offsets\":[0,8]}}", d8)));
        assertEquals("m: tensor 'a': shape [65536, 65536] holds more than 2147483647 elements",
                err(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}", d8)));
        assertEquals("m: tensor 'a': shape[0]: expected a non-negative integer, got 1.0E20",
                err(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[100000000000000000000],\"data_offsets\":[0,8]}}", d8)));
        assertEquals("m: tensor 'a': data_offsets [0, 4000000000] out of range: the data section holds 8 bytes",
                err(raw("{\"a\":{" + T + "[0,4000000000]}}", d8)));
        assertEquals("m: tensor 'a': shape [3] of F32 needs 12 bytes, data_offsets [0, 8] span 8",
                err(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", d8)));
        assertEquals("m: tensor 'a': data_offsets [8, 0] end before begin", err(raw("{\"a\":{" + T + "[8,0]}}", d8)));
        assertEquals("m: tensors 'a' [0, 8) and 'b' [4, 12) overlap",
                err(raw("{\"a\":{" + T + "[0,8]},\"b\":{" + T + "[4,12]}}", d16)));
        assertEquals("m: gap in the data section: bytes [0, 8) before tensor 'a' belong to no tensor",
                err(raw("{\"a\":{" + T + "[8,16]}}", d16)));
        assertEquals("m: the data section holds 16 bytes but the tensors cover 8", err(raw("{\"a\":{" + T + "[0,8]}}", d16)));
        assertEquals("m header: invalid JSON at offset 54: duplicate key \"a\"",
                err(raw("{\"a\":{" + T + "[0,8]},\"a\":{" + T + "[8,16]}}", d16)));
        assertEquals("m: __metadata__ value of 'x' must be a string, got 1",
                err(raw("{\"__metadata__\":{\"x\":1},\"a\":{" + T + "[0,8]}}", d8)));
        assertEquals("m: tensor 'a': unknown field 'offsets' (expected dtype, shape, data_offsets)",
                err(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"offsets\":[0,8]}}", d8)));
        assertEquals("m: tensor 'a': missing data_offsets", err(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", d8)));
    }

    @Test
    void refusesNamesThatCannotBeWritten() {
        assertEquals("safetensors: invalid tensor name '__metadata__'", assertThrows(SomaException.class,
                () -> SafeTensors.toBytes(Map.of("__metadata__", Tensor.scalar(1)), Map.of())).getMessage());
    }

    @Test
    void missingFileIsOneLine() {
        Path f = dir.resolve("absent.safetensors");
        assertEquals(f + ": no such file", assertThrows(SomaException.class, () -> SafeTensors.read(f)).getMessage());
    }

    @Test
    void pythonReadsTheFileWithTheReferenceLayout() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python), "needs /usr/bin/python3");
        Path f = dir.resolve("py.safetensors");
        SafeTensors.write(f, sample(), Map.of("soma.classes", "[\"a\",\"b\"]"));
        String script = String.join("\n",
                "import json, struct, sys",
                "b = open(sys.argv[1], 'rb').read()",
                "n = struct.unpack('<Q', b[:8])[0]",
                "assert (8 + n) % 8 == 0",
                "h = json.loads(b[8:8 + n])",
                "data = b[8 + n:]",
                "fmt = {'F32': 'f', 'F64': 'd'}",
                "out = []",
                "for k, v in h.items():",
                "    if k == '__metadata__': out.append(v['soma.classes']); continue",
                "    s, e = v['data_offsets']",
                "    vals = struct.unpack('<%d%s' % ((e - s) // (4 if v['dtype'] == 'F32' else 8), fmt[v['dtype']]), data[s:e])",
                "    out.append('%s %s %s %r' % (k, v['dtype'], v['shape'], round(sum(vals), 6)))",
                "print('|'.join(out))");
        dev.soma.ChildProcess.Result r = dev.soma.ChildProcess.run(List.of(python.toString(), "-c", script, f.toString()),
                null, Map.of(), java.time.Duration.ofSeconds(60));
        String outText = r.out().trim();
        assertEquals(0, r.exitCode(), r.both());
        assertEquals("[\"a\",\"b\"]|0.weight F32 [2, 3] 13.75|0.bias F32 [2] 0.0|2.weight F64 [1, 2] 3.141593|scalar F32 [] 7.0|empty F32 [0, 4] 0", outText);
    }
}
