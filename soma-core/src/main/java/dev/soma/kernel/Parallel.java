package dev.soma.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of daemon worker threads for the kernels (GEMM splits its output over them). The calling thread
 * takes part 0 itself and the workers take parts 1…n−1, so a job of n parts needs n − 1 workers.
 *
 * <p>Training calls the matrix multiply thousands of times per second, so the workers stay warm between jobs: after
 * a job they spin for {@link #SPIN_NANOS} (about 50 µs, {@code -Dsoma.spinMicros}) waiting for the next one, then
 * park until woken. The pool size is {@code -Dsoma.threads} or, by default, the number of available processors; it
 * can be changed at run time with {@link #setThreads(int)}.
 *
 * <p>One job runs at a time. A thread that finds the pool busy (another thread is using it, or a task is itself
 * calling into the pool) runs all parts of its job on its own, so concurrent callers never deadlock and never wait.
 * Callers that need bit-identical results for any thread count must make each part's arithmetic independent of the
 * number of parts (GEMM splits rows or columns of C, never the inner dimension).
 */
public final class Parallel {

    /** One part of a job: {@code run(part)} for part in 0…parts−1, each on one thread. */
    @FunctionalInterface
    public interface Task {
        void run(int part);
    }

    /** How long an idle worker spins before it parks. */
    static final long SPIN_NANOS = Long.getLong("soma.spinMicros", 50L) * 1000L;

    private static final Object CONFIG_LOCK = new Object();
    private static volatile Pool pool = new Pool(initialThreads());

    private Parallel() {
    }

    private static int initialThreads() {
        int n = Integer.getInteger("soma.threads", Runtime.getRuntime().availableProcessors());
        return Math.max(1, n);
    }

    /** The number of threads a job may use (the caller included). */
    public static int threads() {
        return pool.threads;
    }

    /** Sets the number of threads (the caller included; at least 1). Idle workers of the old pool are stopped. */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Parallel.setThreads: expected at least 1 thread, got " + n);
        }
        synchronized (CONFIG_LOCK) {
            Pool old = pool;
            if (old.threads == n) {
                return;
            }
            pool = new Pool(n);
            old.shutdown();
        }
    }

    /**
     * Runs {@code task.run(0…parts−1)}, part 0 on the calling thread and the others on workers, and returns when all
     * have finished. With parts greater than {@link #threads()}, or when the pool is busy, parts run one after the
     * other on fewer threads. An exception thrown by any part is rethrown here after all parts have finished.
     */
    public static void run(int parts, Task task) {
        if (parts <= 0) {
            return;
        }
        Pool p = pool;
        if (parts == 1 || p.threads == 1 || !p.busy.compareAndSet(false, true)) {
            for (int i = 0; i < parts; i++) {
                task.run(i);
            }
            return;
        }
        try {
            p.execute(parts, task);
        } finally {
            p.busy.set(false);
        }
    }

    /** The pool proper: workers 1…threads−1 and the hand-off state. */
    private static final class Pool {
        final int threads;
        final AtomicBoolean busy = new AtomicBoolean();
        final Worker[] workers;
        final AtomicInteger pending = new AtomicInteger();
        volatile long generation;
        volatile boolean stopped;
        // Written before the volatile generation bump, read after it: published by it.
        Task task;
        int parts;
        int slots;
        volatile Throwable failure;

        Pool(int threads) {
            this.threads = threads;
            this.workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
            }
        }

        /** Runs parts over min(parts, threads) slots; slot s runs parts s, s + slots, s + 2·slots, … */
        void execute(int parts, Task task) {
            int slots = Math.min(parts, threads);
            this.task = task;
            this.parts = parts;
            this.slots = slots;
            this.failure = null;
            pending.set(slots - 1);
            generation++;
            for (int i = 0; i < slots - 1; i++) {
                Worker w = workers[i];
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            Throwable mine = null;
            try {
                runSlot(0);
            } catch (Throwable t) {
                mine = t;
            }
            int spins = 0;
            while (pending.get() != 0) {
                if (++spins < 100_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            this.task = null;
            Throwable t = mine != null ? mine : failure;
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            } else if (t instanceof Error) {
                throw (Error) t;
            } else if (t != null) {
                throw new IllegalStateException(t);
            }
        }

        void runSlot(int slot) {
            for (int part = slot; part < parts; part += slots) {
                task.run(part);
            }
        }

        /** Stops the workers once any running job has finished; the pool stays busy forever after. */
        void shutdown() {
            while (!busy.compareAndSet(false, true)) {
                Thread.yield();
            }
            stopped = true;
            generation++;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }
    }

    /** A worker thread: waits for a new generation (spin, then park), runs its slot, counts down. */
    private static final class Worker extends Thread {
        final Pool pool;
        final int slot;
        volatile boolean parked;

        Worker(Pool pool, int slot) {
            super("soma-kernel-" + slot);
            this.pool = pool;
            this.slot = slot;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0L; // a new pool starts at generation 0; a job may be published before this thread runs
            while (true) {
                long g = awaitNext(seen);
                seen = g;
                if (pool.stopped) {
                    return;
                }
                if (slot < pool.slots) {
                    try {
                        pool.runSlot(slot);
                    } catch (Throwable t) {
                        pool.failure = t;
                    }
                    pool.pending.decrementAndGet();
                }
            }
        }

        private long awaitNext(long seen) {
            long start = System.nanoTime();
            int spins = 0;
            while (true) {
                long g = pool.generation;
                if (g != seen) {
                    return g;
                }
                if ((++spins & 63) != 0 || System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (pool.generation == seen) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }
    }
}
