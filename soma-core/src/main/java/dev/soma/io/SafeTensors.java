package dev.soma.io;

import dev.soma.SomaException;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes the safetensors format (huggingface/safetensors), the format PyTorch's
 * {@code safetensors.torch.load_file} opens:
 * <pre>
 *   8 bytes   N, unsigned little-endian: length of the header
 *   N bytes   UTF-8 JSON: {"__metadata__": {string: string}, NAME: {"dtype": "F32"|"F64", "shape": [..],
 *             "data_offsets": [begin, end]}, ...}, padded with spaces so that 8 + N is a multiple of 8
 *   rest      the data section: each tensor's elements, row-major, little-endian, at [begin, end)
 * </pre>
 * Soma writes F32 and F64 and also reads I64 (torch's integer buffers such as BatchNorm's num_batches_tracked) into
 * float64 tensors. Soma writes tensors in the order given, and adds {@value #CHECKSUM_KEY} = {@code "crc32c:xxxxxxxx"} (CRC-32C of the
 * data section) to the metadata; a file carrying that key is verified on read. Reading treats the file as hostile:
 * the header length is checked against the file size and {@link #MAX_HEADER_BYTES}, and the whole header (dtypes,
 * shapes, offsets, contiguous coverage, duplicate names) is validated before any tensor is allocated, so no tensor
 * can claim more memory than the file holds. Files are read through a memory map (little-endian views into
 * {@code float[]}/{@code double[]}), without an intermediate copy of the data.
 */
public final class SafeTensors {
    /** Metadata key of the data-section checksum, value {@code "crc32c:"} + 8 lowercase hex digits. */
    public static final String CHECKSUM_KEY = "soma.checksum";
    /** Largest header accepted (100 MB, the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    private SafeTensors() {
    }

    /** What a safetensors file holds: tensors in header order, and the {@code __metadata__} strings. */
    public static final class Contents {
        private final LinkedHashMap<String, Tensor> tensors;
        private final Map<String, String> metadata;

        Contents(LinkedHashMap<String, Tensor> tensors, LinkedHashMap<String, String> metadata) {
            this.tensors = tensors;
            this.metadata = Collections.unmodifiableMap(metadata);
        }

        /** The tensors by name, in the order of the file's header (for Soma's files: the order they were written). */
        public LinkedHashMap<String, Tensor> tensors() {
            return tensors;
        }

        /** The {@code __metadata__} map (includes {@value #CHECKSUM_KEY} for files Soma wrote); never null. */
        public Map<String, String> metadata() {
            return metadata;
        }
    }

    /** Writes {@code tensors} (F32 or F64, any layout) and {@code metadata} to {@code path} atomically. */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) {
        AtomicFile.write(path, toBytes(tensors, metadata));
    }

    /** The safetensors bytes of {@code tensors} in iteration order, with {@code metadata} plus the checksum. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        long dataLength = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals("__metadata__")) {
                throw new SomaException("safetensors: invalid tensor name '" + name + "'");
            }
            if (e.getValue() == null) {
                throw new SomaException("safetensors: tensor '" + name + "' is null");
            }
            dataLength += (long) e.getValue().numel() * e.getValue().dtype().bytes();
        }
        if (dataLength > Integer.MAX_VALUE - (1 << 24)) {
            throw new SomaException("safetensors: " + dataLength + " bytes of tensors exceed what Soma can write in one file");
        }
        ByteBuffer data = ByteBuffer.allocate((int) dataLength).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, Object> meta = new LinkedHashMap<>();
        if (metadata != null) {
            for (Map.Entry<String, String> kv : metadata.entrySet()) {
                if (kv.getKey() == null || kv.getValue() == null) {
                    throw new SomaException("safetensors: metadata keys and values must be non-null strings, got "
                            + kv.getKey() + " = " + kv.getValue());
                }
                meta.put(kv.getKey(), kv.getValue());
            }
        }
        header.put("__metadata__", meta);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long begin = data.position();
            if (t.dtype() == DType.F32) {
                data.asFloatBuffer().put(t.toFloatArray());
            } else {
                data.asDoubleBuffer().put(t.toDoubleArray());
            }
            data.position((int) (begin + (long) t.numel() * t.dtype().bytes()));
            header.put(e.getKey(), Json.object("dtype", SafeTensorsHeader.dtypeName(t.dtype()), "shape", t.shape(),
                    "data_offsets", new long[] {begin, data.position()}));
        }
        meta.put(CHECKSUM_KEY, checksum(ByteBuffer.wrap(data.array())));
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        out.put(data.array());
        return out.array();
    }

    /** CRC-32C of the remaining bytes of {@code data}, as {@code "crc32c:%08x"}. */
    static String checksum(ByteBuffer data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return String.format("crc32c:%08x", crc.getValue());
    }

    /** Reads a safetensors file, validating it completely before allocating its tensors. */
    public static Contents read(Path path) {
        String src = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new SomaException(src + ": file of " + size + " bytes is too short for the 8-byte header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0, src);
            long n = len.getLong(0);
            checkHeaderLength(n, size, src);
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(ch, headerBytes, 8, src);
            long dataStart = 8 + n;
            SafeTensorsHeader header = SafeTensorsHeader.parse(decode(headerBytes, src), size - dataStart, src);
            return load(header, (offset, length) -> ch.map(FileChannel.MapMode.READ_ONLY, dataStart + offset, length),
                    size - dataStart, src);
        } catch (NoSuchFileException e) {
            throw new SomaException(src + ": no such file");
        } catch (IOException e) {
            throw new SomaException(src + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads safetensors bytes held in memory; {@code sourceName} names them in error messages. */
    public static Contents fromBytes(byte[] bytes, String sourceName) {
        if (bytes.length < 8) {
            throw new SomaException(sourceName + ": " + bytes.length + " bytes are too short for the 8-byte header length");
        }
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        checkHeaderLength(n, bytes.length, sourceName);
        int dataStart = 8 + (int) n;
        SafeTensorsHeader header = SafeTensorsHeader.parse(decode(ByteBuffer.wrap(bytes, 8, (int) n), sourceName),
                bytes.length - dataStart, sourceName);
        try {
            return load(header, (offset, length) -> ByteBuffer.wrap(bytes, dataStart + (int) offset, length).slice(),
                    bytes.length - dataStart, sourceName);
        } catch (IOException e) {
            throw new SomaException(sourceName + ": " + e.getMessage(), e);
        }
    }

    private static void checkHeaderLength(long n, long size, String src) {
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new SomaException(src + ": header length " + Long.toUnsignedString(n) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (8 + n > size) {
            throw new SomaException(src + ": header claims " + n + " bytes but the file holds only " + (size - 8)
                    + " after the length field (truncated file?)");
        }
    }

    private static String decode(ByteBuffer b, String src) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b).toString();
        } catch (CharacterCodingException e) {
            throw new SomaException(src + ": header is not valid UTF-8");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position, String src) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int r = ch.read(dst, at);
            if (r < 0) {
                throw new SomaException(src + ": unexpected end of file at byte " + at);
            }
            at += r;
        }
        dst.flip();
    }

    /** A window onto the data section. */
    private interface Region {
        ByteBuffer slice(long offset, int length) throws IOException;
    }

    private static Contents load(SafeTensorsHeader header, Region data, long dataLength, String src) throws IOException {
        String stored = header.metadata.get(CHECKSUM_KEY);
        if (stored != null) {
            CRC32C crc = new CRC32C();
            for (long at = 0; at < dataLength; at += 1 << 30) {
                crc.update(data.slice(at, (int) Math.min(1 << 30, dataLength - at)));
            }
            String actual = String.format("crc32c:%08x", crc.getValue());
            if (!actual.equals(stored)) {
                throw new SomaException(src + ": checksum mismatch: the header says " + stored + " but the data has " + actual
                        + "; the file is corrupted");
            }
        }
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (SafeTensorsHeader.Entry e : header.entries) {
            int n = e.numel();
            ByteBuffer b = data.slice(e.begin(), (int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
            Tensor t;
            if (e.dtype() == DType.F32) {
                float[] a = new float[n];
                b.asFloatBuffer().get(a);
                t = Tensor.of(a, e.shape());
            } else if (e.int64()) {
                double[] a = new double[n];
                java.nio.LongBuffer lb = b.asLongBuffer();
                for (int i = 0; i < n; i++) {
                    a[i] = lb.get(i);
                }
                t = Tensor.of(a, e.shape());
            } else {
                double[] a = new double[n];
                b.asDoubleBuffer().get(a);
                t = Tensor.of(a, e.shape());
            }
            tensors.put(e.name(), t);
        }
        return new Contents(tensors, header.metadata);
    }
}
