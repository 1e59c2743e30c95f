package dev.soma.web;

/**
 * The latest frame of a session and its version. The training thread publishes; each event stream waits (bounded)
 * for a version newer than the one it sent last. Frames in between are skipped: a slow page gets the newest picture,
 * never a backlog.
 */
final class FrameHub {
    private String frame = "{}";
    private long version;
    private boolean closed;

    synchronized void publish(String json) {
        frame = json;
        version++;
        notifyAll();
    }

    synchronized long version() {
        return version;
    }

    synchronized String latest() {
        return frame;
    }

    /**
     * Waits at most {@code millis} for a frame newer than {@code seen}; returns it, or null on timeout or when the
     * hub is closed. {@code out[0]} receives the version of the returned frame.
     */
    synchronized String await(long seen, long millis, long[] out) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (version == seen && !closed) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        if (closed) {
            return null;
        }
        out[0] = version;
        return frame;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
