package dev.soma.spark.train;

import dev.soma.SomaException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One task's contribution to a synchronization between barrier tasks, and its wire form: little-endian bytes
 * (examples, compute nanoseconds, the float vector, a few extra bytes). Numbers only; no Java serialization. Encoding
 * and decoding reuse the arrays of the previous synchronization when the sizes match (they do from one
 * synchronization to the next), so that a task does not allocate a model-sized array per synchronization.
 */
final class Share {
    /** Examples behind the vector (0: the partition had none in this round; no vector then). */
    long examples;
    /** Nanoseconds the task computed since the previous synchronization. */
    long computeNanos;
    /** Gradients (mode 1) or parameters and optimizer buffers (mode 2); null when there are no examples. */
    float[] values;
    /** Mode 2: the optimizer state's layout and small entries ({@link BarrierTask}); null when empty. */
    byte[] extra;

    /** The wire form of a share, in {@code reuse} when it has exactly the right length. */
    static byte[] encode(long examples, long computeNanos, float[] values, int n, byte[] extra, byte[] reuse) {
        int ne = extra == null ? 0 : extra.length;
        int length = 8 + 8 + 4 + 4 * n + 4 + ne;
        byte[] out = reuse != null && reuse.length == length ? reuse : new byte[length];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(examples).putLong(computeNanos).putInt(n);
        if (n > 0) {
            b.asFloatBuffer().put(values, 0, n);
            b.position(b.position() + 4 * n);
        }
        b.putInt(ne);
        if (ne > 0) {
            b.put(extra);
        }
        return out;
    }

    /** Reads {@code bytes} (from {@code partition}) into this share. */
    void decode(byte[] bytes, int partition) {
        if (bytes.length < 24) {
            throw new SomaException("barrier exchange: partition " + partition + " sent " + bytes.length
                    + " bytes, expected at least 24");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        examples = b.getLong();
        computeNanos = b.getLong();
        int n = b.getInt();
        if (n < 0 || 4L * n + 24 > bytes.length) {
            throw new SomaException("barrier exchange: partition " + partition + " announced " + n
                    + " floats in " + bytes.length + " bytes");
        }
        if (n == 0) {
            values = null;
        } else {
            if (values == null || values.length != n) {
                values = new float[n];
            }
            b.asFloatBuffer().get(values);
            b.position(b.position() + 4 * n);
        }
        int ne = b.getInt();
        if (ne < 0 || ne != b.remaining()) {
            throw new SomaException("barrier exchange: partition " + partition + " announced " + ne
                    + " extra bytes, " + b.remaining() + " remain");
        }
        extra = ne == 0 ? null : new byte[ne];
        if (ne > 0) {
            b.get(extra);
        }
    }

    /** The slowest task's compute time of one synchronization, in nanoseconds. */
    static long slowest(Share[] shares) {
        long m = 0;
        for (Share s : shares) {
            m = Math.max(m, s.computeNanos);
        }
        return m;
    }
}
