package dev.soma.autograd;

/**
 * Inference mode: inside {@code try (NoGrad g = NoGrad.enter()) { … }} operations record no graph on this thread.
 * Nests; other threads are unaffected, so many threads can predict with one model at once.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    /** The depth counter of the thread that entered (closing from another thread must not touch that one's). */
    private final int[] depth;
    private boolean closed;

    private NoGrad() {
        depth = DEPTH.get();
        depth[0]++;
    }

    /** Turns recording off on this thread until {@link #close()}. */
    public static NoGrad enter() {
        return new NoGrad();
    }

    /** True when operations on this thread record the graph. */
    public static boolean isRecording() {
        return DEPTH.get()[0] == 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            depth[0]--;
        }
    }
}
