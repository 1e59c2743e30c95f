package dev.soma.spark.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Length-prefixed byte frames on the sockets between barrier tasks: a 4-byte big-endian length, then the bytes.
 * Reads wait in slices of the socket's read timeout and stop when the task has been killed (Spark kills the other
 * tasks of a barrier stage when one fails), so a dead peer never blocks a task for good.
 */
final class Frames {
    /** Largest frame accepted: 1.5 GB (a model's parameters and optimizer state must fit one Java array anyway). */
    static final int MAX_BYTES = 1536 << 20;

    private Frames() {
    }

    static void write(OutputStream out, byte[] bytes) throws IOException {
        int n = bytes.length;
        out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.write(bytes);
        out.flush();
    }

    /**
     * The next frame, in {@code reuse} when it has exactly the frame's length (else a new array); {@code killed} is
     * asked at every read timeout.
     */
    static byte[] read(InputStream in, BooleanSupplier killed, String peer, byte[] reuse) throws IOException {
        byte[] head = new byte[4];
        fill(in, head, killed, peer);
        int n = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        if (n < 0 || n > MAX_BYTES) {
            throw new LinkFailure("barrier synchronization: " + peer + " announced a frame of " + n
                    + " bytes, expected 0 to " + MAX_BYTES);
        }
        byte[] body = reuse != null && reuse.length == n ? reuse : new byte[n];
        fill(in, body, killed, peer);
        return body;
    }

    private static void fill(InputStream in, byte[] buf, BooleanSupplier killed, String peer) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int r;
            try {
                r = in.read(buf, off, buf.length - off);
            } catch (SocketTimeoutException e) {
                if (killed.getAsBoolean()) {
                    throw new LinkFailure("barrier synchronization: task killed while waiting for " + peer);
                }
                continue;
            }
            if (r < 0) {
                throw new LinkFailure("barrier synchronization: " + peer + " closed the connection after " + off
                        + " of " + buf.length + " bytes");
            }
            off += r;
        }
    }
}
