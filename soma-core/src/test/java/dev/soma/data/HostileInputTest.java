package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.ChildProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken files, each loaded in a child JVM limited to a 32 MB heap: a loader that believed a header
 * and allocated what it claims would die of OutOfMemoryError; instead each must answer one SomaException line.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    private final Map<String, String> expected = new LinkedHashMap<>();

    private void expect(String kind, Path p, String message) {
        expected.put(kind + "=" + p, message);
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    @Test
    void everyHostileFileIsRefusedWithOneMessageWithin32MegabytesOfHeap() throws Exception {
        // IDX
        byte[] twoGb = TestFiles.idx(new byte[1000], 2_000_000_000, 1, 1);
        expect("idx", file("claims-2gb-idx3-ubyte", twoGb),
                "claims-2gb-idx3-ubyte: dimensions [2000000000, 1, 1] need 2000000016 bytes, the file holds 1016 (truncated?)");
        expect("idx", file("claims-2gb-idx3-ubyte.gz", TestFiles.gzip(twoGb)),
                "claims-2gb-idx3-ubyte.gz: dimensions [2000000000, 1, 1] need 2000000016 bytes, the uncompressed file holds 1016 (truncated?)");
        byte[] lying = TestFiles.gzip(twoGb);
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putInt(lying.length - 4, 2_000_000_016);
        expect("idx", file("lying-trailer.gz", lying), "lying-trailer.gz: corrupt gzip data: Corrupt GZIP trailer");
        expect("idx", file("wrong-magic", new byte[] {0x1f, 0x00, 8, 3, 0, 0, 0, 1, 0}),
                "wrong-magic: not an IDX file: magic 0x1f000803, expected 0x000008NN (0x00000803 for images, 0x00000801 for labels)");
        expect("idx", file("negative", TestFiles.idx(new byte[8], -5, 2, 2)), "negative: dimension 0 is negative (-5)");
        expect("idx", file("overflow", TestFiles.idx(new byte[8], 0x7fffffff, 0x7fffffff, 2)),
                "overflow: dimensions [2147483647]… hold more than 2147483639 elements");
        byte[] valid = TestFiles.imagesAndLabels(50, 28, 28, 10)[0];
        expect("idx", file("truncated", Arrays.copyOf(valid, valid.length - 100)),
                "truncated: dimensions [50, 28, 28] need 39216 bytes, the file holds 39116 (truncated?)");
        Path labels = Files.createDirectories(dir.resolve("labels-out-of-range"));
        byte[][] bad = TestFiles.imagesAndLabels(30, 28, 28, 13);
        Files.write(labels.resolve("train-images-idx3-ubyte"), bad[0]);
        Files.write(labels.resolve("train-labels-idx1-ubyte"), bad[1]);
        expect("mnist", labels, "train-labels-idx1-ubyte: label 10 at index 10 out of range [0, 10)");
        Path counts = Files.createDirectories(dir.resolve("count-mismatch"));
        Files.write(counts.resolve("train-images-idx3-ubyte"), bad[0]);
        Files.write(counts.resolve("train-labels-idx1-ubyte"), TestFiles.idx(new byte[31], 31));
        expect("mnist", counts, "train-images-idx3-ubyte holds 30 images but train-labels-idx1-ubyte holds 31 labels");
        // safetensors
        String big = "{\"w\":{\"dtype\":\"F32\",\"shape\":[500000000],\"data_offsets\":[0,2000000000]}}";
        Path st = file("claims-2gb.safetensors", safetensors(big, 1000));
        expect("safetensors", st, st + ": tensor 'w': data_offsets [0, 2000000000] out of range: the data section holds 1000 bytes");
        byte[] hugeHeader = safetensors("{}", 8);
        ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 50_000_000L);
        Path hh = file("huge-header.safetensors", hugeHeader);
        expect("safetensors", hh, hh + ": header claims 50000000 bytes but the file holds only 10 after the length field (truncated file?)");
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}";
        Path ov = file("overlap.safetensors", safetensors(overlap, 24));
        expect("safetensors", ov, ov + ": tensors 'a' [0, 16) and 'b' [8, 24) overlap");
        String negative = "{\"a\":{\"dtype\":\"F64\",\"shape\":[-1, 4],\"data_offsets\":[0,32]}}";
        Path ng = file("negative.safetensors", safetensors(negative, 32));
        expect("safetensors", ng, ng + ": tensor 'a': shape[0]: expected a non-negative integer, got -1");
        String overflow = "{\"a\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,4],\"data_offsets\":[0,32]}}";
        Path of = file("overflow.safetensors", safetensors(overflow, 32));
        expect("safetensors", of, of + ": tensor 'a': shape [2147483647, 2147483647, 4] holds more than 2147483647 elements");
        // CSV and CIFAR
        Path csv = file("short-row.csv", "a,b,c\n1,2,3\n4,5\n".getBytes(StandardCharsets.UTF_8));
        expect("csv", csv, csv + ":3: 2 fields, expected 3");
        Path cifar = Files.createDirectories(dir.resolve("cifar"));
        Files.write(cifar.resolve("data_batch_1.bin"), Arrays.copyOf(TestFiles.cifar(2), 3073 * 2 - 1));
        expect("cifar", cifar, cifar.resolve("data_batch_1.bin") + ": 6145 bytes is not a whole number of 3073-byte CIFAR-10 records");

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), HostileProbe.class.getName()));
        cmd.addAll(expected.keySet());
        ChildProcess.Result r = ChildProcess.run(cmd, null, java.util.Map.of(), java.time.Duration.ofSeconds(120));
        String out = r.out() + r.err();
        assertEquals(0, r.exitCode(), r.both());
        List<String> lines = out.lines().filter(l -> !l.startsWith("WARNING")).toList();
        List<String> want = expected.values().stream().map(m -> "SomaException: " + m).toList();
        assertEquals(String.join("\n", want), String.join("\n", lines));
    }
}
