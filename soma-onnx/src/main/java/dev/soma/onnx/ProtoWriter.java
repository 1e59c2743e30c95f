package dev.soma.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protocol-buffers wire encoding (varints, 64/32-bit fixed values, length-delimited fields), the subset ONNX's
 * messages use. A message is built in its own writer and embedded into its parent with {@link #message}.
 */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** An int64/int32/enum field (wire type 0). */
    ProtoWriter int64(int field, long v) {
        tag(field, 0);
        varint(v);
        return this;
    }

    /** A float field (wire type 5). */
    ProtoWriter float32(int field, float v) {
        tag(field, 5);
        int b = Float.floatToRawIntBits(v);
        for (int i = 0; i < 4; i++) {
            out.write(b >>> (8 * i));
        }
        return this;
    }

    /** A bytes field (wire type 2). */
    ProtoWriter bytes(int field, byte[] b) {
        tag(field, 2);
        varint(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    /** A string field, UTF-8. */
    ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    /** An embedded message. */
    ProtoWriter message(int field, ProtoWriter m) {
        return bytes(field, m.toBytes());
    }

    /** A packed repeated int64 field. */
    ProtoWriter packedInt64(int field, long[] values) {
        ProtoWriter p = new ProtoWriter();
        for (long v : values) {
            p.varint(v);
        }
        return bytes(field, p.toBytes());
    }

    /** A packed repeated float field. */
    ProtoWriter packedFloat(int field, float[] values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            for (int k = 0; k < 4; k++) {
                b[4 * i + k] = (byte) (bits >>> (8 * k));
            }
        }
        return bytes(field, b);
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
