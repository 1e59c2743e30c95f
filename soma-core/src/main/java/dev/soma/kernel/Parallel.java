package dev.soma.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of daemon worker threads for the kernels (GEMM splits its output over them). The calling thread
 * works on its own job beside the workers, so a pool of n threads has n − 1 workers.
 *
 * <p>Training calls the matrix multiply thousands of times per second, so the workers stay warm between jobs: after
 * a job they spin for {@link #SPIN_NANOS} (about 50 µs, {@code -Dsoma.spinMicros}) waiting for the next one, then
 * park until woken. The pool size is {@code -Dsoma.threads} or, by default, the number of available processors; it
 * can be changed at run time with {@link #setThreads(int)}.
 *
 * <p>Parts are handed out dynamically (an atomic counter), so callers may cut a job into more parts than threads
 * to balance the load. One job runs at a time. A thread that finds the pool busy (another thread is using it, or a task is itself
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
     * Runs {@code task.run(0…parts−1)} on the calling thread and the workers, and returns when all
     * have finished. Parts are taken by whichever thread is free first (the caller included); with the pool busy
     * they all run on the calling thread. An exception thrown by any part is rethrown here after all parts have finished.
     */
    public static void run(int parts, Task task) {
        if (parts <= 0) {
            return;
        }
        Pool p = pool;
        if (parts == 1 || p.threads == 1 || parts > Job.MAX_PARTS || !p.busy.compareAndSet(false, true)) {
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

    /**
     * The pool's one job, reused for every call (no allocation per call). Its whole schedule is one atomic word:
     * generation (32 bits) | parts (16 bits) | next part (16 bits). A thread takes a part with a compare-and-set on
     * that word, so a worker descheduled since an earlier job can never take a part of a finished job or a stale
     * part count of a new one; the task is read only after a successful take, while the job cannot be finished.
     */
    private static final class Job {
        static final int MAX_PARTS = 0xFFFF;
        final AtomicLong state = new AtomicLong();
        final AtomicInteger done = new AtomicInteger();
        volatile Task task;
        volatile Throwable failure;

        void reset(long generation, Task task, int parts) {
            this.task = task;
            this.failure = null;
            done.set(0);
            state.set(generation << 32 | (long) parts << 16);
        }

        /** Runs parts until none is left. */
        void work() {
            while (true) {
                long s = state.get();
                int parts = (int) (s >>> 16) & MAX_PARTS;
                int p = (int) s & MAX_PARTS;
                if (p >= parts) {
                    return;
                }
                if (!state.compareAndSet(s, s + 1)) {
                    continue;
                }
                try {
                    task.run(p);
                } catch (Throwable t) {
                    failure = t;
                }
                done.incrementAndGet();
            }
        }
    }

    /**
     * The pool proper. A job is announced by incrementing the volatile {@code generation}; workers spin on it, then
     * park. Parts are taken dynamically, so a worker that the OS has descheduled (these machines are shared) simply
     * ends up with fewer parts instead of holding everybody up.
     */
    private static final class Pool {
        final int threads;
        final AtomicBoolean busy = new AtomicBoolean();
        final Worker[] workers;
        final Job job = new Job();
        volatile long generation;
        volatile boolean stopped;

        Pool(int threads) {
            this.threads = threads;
            this.workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
            }
        }

        void execute(int parts, Task task) {
            Job j = job;
            long g = generation + 1;
            j.reset(g, task, parts);
            generation = g;
            int helpers = Math.min(parts, threads) - 1;
            for (int i = 0; i < helpers; i++) {
                Worker w = workers[i];
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            j.work();
            int spins = 0;
            while (j.done.get() != parts) {
                if (++spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable t = j.failure;
            j.task = null;
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            } else if (t instanceof Error) {
                throw (Error) t;
            } else if (t != null) {
                throw new IllegalStateException(t);
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

    /** A worker thread: waits for a new generation (spin, then park) and takes parts of the job. */
    private static final class Worker extends Thread {
        final Pool pool;
        volatile boolean parked;

        Worker(Pool pool, int slot) {
            super("soma-kernel-" + slot);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0L; // a new pool starts at generation 0; a job may be published before this thread runs
            while (true) {
                seen = awaitNext(seen);
                if (pool.stopped) {
                    return;
                }
                pool.job.work();
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
