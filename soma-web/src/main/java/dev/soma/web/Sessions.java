package dev.soma.web;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open playground sessions, by a random 128-bit id, and the bounded pool that trains them. A playing session
 * trains in slices of {@link #SLICE_NANOS} with the frame that ends each, and is rescheduled behind the others, so
 * the pool's threads serve every session in turn. A reaper closes sessions whose page went away: no event stream for
 * {@code streamGraceMillis} after the last one closed, or no request at all for {@code idleMillis}.
 */
final class Sessions implements AutoCloseable {
    /** Training plus drawing of one frame: 28 ms, so that a loaded machine still delivers 30 frames per second. */
    static final long SLICE_NANOS = 28_000_000L;

    private final ConcurrentHashMap<String, Session> byId = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pool;
    private final ScheduledExecutorService reaper;
    private final SecureRandom random = new SecureRandom();
    private final int max;
    private final long idleNanos;
    private final long graceNanos;

    Sessions(int maxSessions, int threads, long idleMillis, long streamGraceMillis) {
        this.max = maxSessions;
        this.idleNanos = idleMillis * 1_000_000L;
        this.graceNanos = streamGraceMillis * 1_000_000L;
        this.pool = Executors.newScheduledThreadPool(threads, daemon("soma-playground-train"));
        this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("soma-playground-reaper"));
        reaper.scheduleWithFixedDelay(this::reap, 250, 250, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    Session create(PlaygroundSettings settings) {
        synchronized (byId) {
            if (byId.size() >= max) {
                throw new BadRequest(429, "too many playground sessions open (" + byId.size() + " of " + max
                        + "); close a tab or wait for an idle one to expire");
            }
            byte[] b = new byte[16];
            random.nextBytes(b);
            Session s = new Session(HexFormat.of().formatHex(b), settings);
            byId.put(s.id, s);
            return s;
        }
    }

    Session get(String id) {
        Session s = byId.get(id);
        if (s == null || s.isClosed()) {
            throw new BadRequest(404, "no session '" + id + "' (closed, or expired after its page went away); reload the page");
        }
        s.touch();
        return s;
    }

    boolean contains(String id) {
        return byId.containsKey(id);
    }

    int size() {
        return byId.size();
    }

    void play(Session s) {
        s.play();
        pool.execute(() -> slice(s));
    }

    private void slice(Session s) {
        try {
            if (s.trainSlice(SLICE_NANOS)) {
                pool.execute(() -> slice(s));
            }
        } catch (RuntimeException e) {
            s.pause();
        }
    }

    void close(String id) {
        Session s = byId.remove(id);
        if (s != null) {
            s.close();
        }
    }

    private void reap() {
        long now = System.nanoTime();
        List<String> gone = new ArrayList<>();
        for (Session s : byId.values()) {
            long streamGone = s.streamGoneNanos();
            if (streamGone >= 0 && now - streamGone > graceNanos || now - s.lastSeenNanos() > idleNanos && !s.hasStream()) {
                gone.add(s.id);
            }
        }
        gone.forEach(this::close);
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        new ArrayList<>(byId.keySet()).forEach(this::close);
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
