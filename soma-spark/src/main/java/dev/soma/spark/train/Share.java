package dev.soma.spark.train;

import dev.soma.SomaException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * One task's contribution to a synchronization between barrier tasks, and its wire form: little-endian bytes
 * (examples, compute nanoseconds, the float vector, the optimizer state's safetensors bytes). Numbers only; no Java
 * serialization.
 *
 * @param examples     examples behind the vector (0: the partition had none in this round; vector and state empty)
 * @param computeNanos nanoseconds the task computed since the previous synchronization
 * @param values       gradients (mode 1) or parameters (mode 2), {@code Module.parameters()} order; null when empty
 * @param state        the optimizer state as safetensors bytes, or null
 */
record Share(long examples, long computeNanos, float[] values, byte[] state) {
    byte[] toBytes() {
        int nv = values == null ? 0 : values.length;
        int ns = state == null ? 0 : state.length;
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + 4 + 4 * nv + 4 + ns).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(examples).putLong(computeNanos).putInt(nv);
        if (nv > 0) {
            b.asFloatBuffer().put(values);
            b.position(b.position() + 4 * nv);
        }
        b.putInt(ns);
        if (ns > 0) {
            b.put(state);
        }
        return b.array();
    }

    static Share fromBytes(byte[] bytes, int partition) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 24) {
            throw new SomaException("barrier exchange: partition " + partition + " sent " + bytes.length
                    + " bytes, expected at least 24");
        }
        long examples = b.getLong();
        long nanos = b.getLong();
        int nv = b.getInt();
        if (nv < 0 || 4L * nv + 24 > bytes.length) {
            throw new SomaException("barrier exchange: partition " + partition + " announced " + nv
                    + " floats in " + bytes.length + " bytes");
        }
        float[] values = null;
        if (nv > 0) {
            values = new float[nv];
            b.asFloatBuffer().get(values);
            b.position(b.position() + 4 * nv);
        }
        int ns = b.getInt();
        if (ns < 0 || ns != b.remaining()) {
            throw new SomaException("barrier exchange: partition " + partition + " announced " + ns
                    + " state bytes, " + b.remaining() + " remain");
        }
        byte[] state = null;
        if (ns > 0) {
            state = new byte[ns];
            b.get(state);
        }
        return new Share(examples, nanos, values, state);
    }

    /** The slowest task's compute time of one synchronization, in nanoseconds. */
    static long slowest(List<Share> shares) {
        long m = 0;
        for (Share s : shares) {
            m = Math.max(m, s.computeNanos());
        }
        return m;
    }
}
