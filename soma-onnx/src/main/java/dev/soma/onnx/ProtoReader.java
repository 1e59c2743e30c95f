package dev.soma.onnx;

import dev.soma.SomaException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one protocol-buffers message from a slice of a byte array, field by field, treating the bytes as hostile:
 * every length is checked against what is left of the slice before anything is read or allocated, varints are at
 * most 10 bytes, and group wire types (3, 4) are refused. Errors are {@link SomaException}s naming {@code what}.
 */
final class ProtoReader {
    private final byte[] buf;
    private final String what;
    private int pos;
    private final int end;
    private int field;
    private int wireType;

    ProtoReader(byte[] buf, int offset, int length, String what) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
        this.what = what;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        long key = varint();
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (field <= 0 || key >>> 3 > Integer.MAX_VALUE) {
            throw error("field number " + (key >>> 3) + " is invalid");
        }
        if (wireType != 0 && wireType != 1 && wireType != 2 && wireType != 5) {
            throw error("field " + field + " has wire type " + wireType + " (groups or an invalid type)");
        }
        return true;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    SomaException error(String message) {
        return new SomaException(what + ": malformed protobuf at byte " + pos + ": " + message);
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= end) {
                throw error("truncated varint");
            }
            int b = buf[pos++] & 0xFF;
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw error("varint longer than 10 bytes");
    }

    private void expect(int type) {
        if (wireType != type) {
            throw error("field " + field + " has wire type " + wireType + ", expected " + type);
        }
    }

    /** A varint field (int64, int32, enum). */
    long int64() {
        expect(0);
        return varint();
    }

    /** A float field (wire type 5). */
    float float32() {
        expect(5);
        if (end - pos < 4) {
            throw error("truncated float");
        }
        int b = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return Float.intBitsToFloat(b);
    }

    /** The length of a length-delimited field, checked against the rest of the message; the position is its start. */
    private int length() {
        expect(2);
        long n = varint();
        if (n < 0 || n > end - pos) {
            throw error("field " + field + " claims " + n + " bytes, only " + (end - pos) + " remain");
        }
        return (int) n;
    }

    /** An embedded message as a reader of its own. */
    ProtoReader message(String inner) {
        int n = length();
        ProtoReader r = new ProtoReader(buf, pos, n, inner);
        pos += n;
        return r;
    }

    /** A bytes field, copied (at most {@code max} bytes). */
    byte[] bytes(long max) {
        int n = length();
        if (n > max) {
            throw error("field " + field + " has " + n + " bytes, more than the limit of " + max);
        }
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    /** A string field (UTF-8), at most {@code max} bytes. */
    String string(int max) {
        return new String(bytes(max), StandardCharsets.UTF_8);
    }

    /** A repeated int64 field, packed or not, appended to {@code into} (at most {@code max} values in all). */
    void int64s(LongList into, int max) {
        if (wireType == 0) {
            into.add(int64(), max, this);
            return;
        }
        int n = length();
        int stop = pos + n;
        while (pos < stop) {
            long v = 0;
            boolean done = false;
            for (int shift = 0; shift < 70 && !done; shift += 7) {
                if (pos >= stop) {
                    throw error("truncated packed varint");
                }
                int b = buf[pos++] & 0xFF;
                v |= (long) (b & 0x7F) << shift;
                done = (b & 0x80) == 0;
            }
            if (!done) {
                throw error("varint longer than 10 bytes");
            }
            into.add(v, max, this);
        }
    }

    /** A repeated float field, packed or not (at most {@code max} values in all). */
    float[] floats(float[] sofar, int max) {
        if (wireType == 5) {
            float v = float32();
            return append(sofar, new float[] {v}, max);
        }
        int n = length();
        if (n % 4 != 0) {
            throw error("packed floats of " + n + " bytes (not a multiple of 4)");
        }
        float[] f = new float[Math.min(n / 4, max + 1)];
        if (n / 4 > max) {
            throw error("more than " + max + " floats");
        }
        for (int i = 0; i < f.length; i++) {
            int o = pos + 4 * i;
            f[i] = Float.intBitsToFloat((buf[o] & 0xFF) | (buf[o + 1] & 0xFF) << 8 | (buf[o + 2] & 0xFF) << 16
                    | (buf[o + 3] & 0xFF) << 24);
        }
        pos += n;
        return append(sofar, f, max);
    }

    private float[] append(float[] a, float[] b, int max) {
        if ((long) a.length + b.length > max) {
            throw error("more than " + max + " floats");
        }
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Skips the current field. */
    void skip() {
        switch (wireType) {
            case 0: varint(); break;
            case 1: skipBytes(8); break;
            case 5: skipBytes(4); break;
            default: {
                int n = length(); // (pos += length() would add to the position before the length's own bytes)
                pos += n;
            }
        }
    }

    private void skipBytes(int n) {
        if (end - pos < n) {
            throw error("truncated field " + field);
        }
        pos += n;
    }

    /** A growable list of longs with a bound. */
    static final class LongList {
        private long[] a = new long[8];
        private int n;

        void add(long v, int max, ProtoReader r) {
            if (n >= max) {
                throw r.error("more than " + max + " values in field " + r.field);
            }
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }

        int size() {
            return n;
        }
    }
}
