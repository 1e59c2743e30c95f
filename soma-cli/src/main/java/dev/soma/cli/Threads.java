package dev.soma.cli;

import dev.soma.kernel.Parallel;

/** Sets the number of kernel threads for a command's {@code --threads} ({@link Parallel}). */
final class Threads {
    private Threads() {
    }

    static void set(int n) {
        Parallel.setThreads(n);
    }
}
