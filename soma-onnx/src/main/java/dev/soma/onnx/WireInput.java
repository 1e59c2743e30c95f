package dev.soma.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.soma.SomaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the fields of protocol-buffers messages from untrusted bytes with protobuf-java's {@link CodedInputStream},
 * adding the bounds a hostile file needs: the wire type of each field is checked before it is read, every length is
 * checked against what is left of its message (and against a maximum for strings, bytes and lists) before anything
 * is allocated, group wire types (3, 4) are refused, and an embedded message is read inside a
 * {@link CodedInputStream#pushLimit pushed limit}. Every error, protobuf's own included, is one
 * {@link SomaException} line naming the message being read, the byte offset and the field.
 */
final class WireInput {
    /** Reads the fields of one embedded message. */
    interface Body<T> {
        T read();
    }

    /** Protocol buffers' largest field number, 2^29 - 1. */
    private static final long MAX_FIELD = (1 << 29) - 1;

    private final CodedInputStream in;
    private String where;
    private int tag;

    WireInput(byte[] bytes, String where) {
        this.in = CodedInputStream.newInstance(bytes);
        this.where = where;
        try {
            in.pushLimit(bytes.length); // so that getBytesUntilLimit() is the bytes left in the current message
        } catch (InvalidProtocolBufferException e) {
            throw error(e.getMessage());
        }
    }

    SomaException error(String message) {
        return new SomaException(where + ": malformed protobuf at byte " + in.getTotalBytesRead() + ": " + message);
    }

    private SomaException error(IOException e) {
        return error("field " + field() + ": " + e.getMessage());
    }

    /**
     * Moves to the next field of the current message; false at its end. The key is read as a plain varint rather
     * than with {@link CodedInputStream#readTag} so that a bad one is reported with its value.
     */
    boolean next() {
        tag = 0;
        if (in.getBytesUntilLimit() == 0) {
            return false;
        }
        long key = varint("field key");
        long number = key >>> 3;
        if (number == 0 || number > MAX_FIELD) {
            throw error("field number " + number + " is invalid");
        }
        tag = (int) key;
        int type = WireFormat.getTagWireType(tag);
        if (type != WireFormat.WIRETYPE_VARINT && type != WireFormat.WIRETYPE_FIXED64
                && type != WireFormat.WIRETYPE_LENGTH_DELIMITED && type != WireFormat.WIRETYPE_FIXED32) {
            throw error("field " + field() + " has wire type " + type + " (groups or an invalid type)");
        }
        return true;
    }

    int field() {
        return WireFormat.getTagFieldNumber(tag);
    }

    private void expect(int type) {
        if (WireFormat.getTagWireType(tag) != type) {
            throw error("field " + field() + " has wire type " + WireFormat.getTagWireType(tag) + ", expected " + type);
        }
    }

    /** A varint; protobuf fails on one that runs past the message (fewer than 10 bytes left) or is longer. */
    private long varint(String what) {
        int left = in.getBytesUntilLimit();
        try {
            return in.readRawVarint64();
        } catch (IOException e) {
            throw error((left < 10 ? "truncated " : "") + what + (left < 10 ? "" : " longer than 10 bytes"));
        }
    }

    private long varint() {
        return varint("varint in field " + field());
    }

    /** A varint field (int64, int32, enum). */
    long int64() {
        expect(WireFormat.WIRETYPE_VARINT);
        return varint();
    }

    /** A float field (wire type 5). */
    float float32() {
        expect(WireFormat.WIRETYPE_FIXED32);
        return fixed32();
    }

    private float fixed32() {
        if (in.getBytesUntilLimit() < 4) {
            throw error("truncated float in field " + field());
        }
        try {
            return in.readFloat();
        } catch (IOException e) {
            throw error(e);
        }
    }

    /** The length of a length-delimited field, checked against the rest of the message. */
    private int length() {
        expect(WireFormat.WIRETYPE_LENGTH_DELIMITED);
        long n = varint();
        int left = in.getBytesUntilLimit();
        if (n < 0 || n > left) {
            throw error("field " + field() + " claims " + n + " bytes, only " + left + " remain");
        }
        return (int) n;
    }

    /** Reads an embedded message with {@code body} inside its limit; {@code what} names it in errors. */
    <T> T message(String what, Body<T> body) {
        int n = length();
        int old;
        try {
            old = in.pushLimit(n);
        } catch (InvalidProtocolBufferException e) { // not reached: n was checked against the current limit
            throw error(e);
        }
        String outer = where;
        where = what;
        T t = body.read();
        in.popLimit(old);
        where = outer;
        return t;
    }

    /** A bytes field, copied (at most {@code max} bytes). */
    byte[] bytes(long max) {
        int n = length();
        if (n > max) {
            throw error("field " + field() + " has " + n + " bytes, more than the limit of " + max);
        }
        try {
            return in.readRawBytes(n);
        } catch (IOException e) {
            throw error(e);
        }
    }

    /** A string field (UTF-8), at most {@code max} bytes. */
    String string(int max) {
        return new String(bytes(max), StandardCharsets.UTF_8);
    }

    /** A repeated int64 field, packed or not, appended to {@code into} (at most {@code max} values in all). */
    void int64s(LongList into, int max) {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
            into.add(int64(), max, this);
            return;
        }
        int n = length();
        try {
            int old = in.pushLimit(n);
            while (!in.isAtEnd()) {
                into.add(varint(), max, this);
            }
            in.popLimit(old);
        } catch (IOException e) {
            throw error(e);
        }
    }

    /** A repeated float field, packed or not (at most {@code max} values in all). */
    float[] floats(float[] sofar, int max) {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_FIXED32) {
            return append(sofar, new float[] {float32()}, max);
        }
        int n = length();
        if (n % 4 != 0) {
            throw error("packed floats of " + n + " bytes (not a multiple of 4)");
        }
        if (n / 4 > max || (long) sofar.length + n / 4 > max) {
            throw error("more than " + max + " floats");
        }
        float[] f = new float[n / 4];
        for (int i = 0; i < f.length; i++) {
            f[i] = fixed32();
        }
        return append(sofar, f, max);
    }

    private float[] append(float[] a, float[] b, int max) {
        if ((long) a.length + b.length > max) {
            throw error("more than " + max + " floats");
        }
        if (a.length == 0) {
            return b;
        }
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Skips the current field, checking first that it fits in what is left of the message. */
    void skip() {
        int type = WireFormat.getTagWireType(tag);
        if (type == WireFormat.WIRETYPE_VARINT) {
            varint();
            return;
        }
        int n = type == WireFormat.WIRETYPE_LENGTH_DELIMITED ? length() : type == WireFormat.WIRETYPE_FIXED64 ? 8 : 4;
        if (n > in.getBytesUntilLimit()) {
            throw error("truncated field " + field());
        }
        try {
            in.skipRawBytes(n);
        } catch (IOException e) {
            throw error(e);
        }
    }

    /** A growable list of longs with a bound. */
    static final class LongList {
        private long[] a = new long[8];
        private int n;

        void add(long v, int max, WireInput r) {
            if (n >= max) {
                throw r.error("more than " + max + " values in field " + r.field());
            }
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
