package dev.soma.spark.train;

import dev.soma.SomaException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;

/**
 * Every barrier task's {@link Share} to every task, through {@code BarrierTaskContext.allGather} (which returns the
 * messages in partition order). Long messages go in chunks so that one reply (all tasks' chunks) stays well below
 * Spark's RPC message limit ({@code spark.rpc.message.maxSize}, 128 MB by default): the first call carries each
 * message's length, so every task knows how many further calls to make.
 */
final class AllGather {
    /** Characters all tasks' chunks of one call may add up to. */
    static final int REPLY_CHARS = 48 << 20;

    private AllGather() {
    }

    /** Sends {@code mine}; returns every partition's share, in partition order. */
    static List<Share> exchange(BarrierTaskContext ctx, Share mine) {
        String text = mine.encode();
        int tasks = ctx.getTaskInfos().length;
        int chunk = Math.max(1 << 16, REPLY_CHARS / Math.max(1, tasks));
        String[] first = ctx.allGather(text.length() + ":" + text.substring(0, Math.min(chunk, text.length())));
        StringBuilder[] texts = new StringBuilder[first.length];
        int longest = 0;
        int[] lengths = new int[first.length];
        for (int p = 0; p < first.length; p++) {
            int colon = first[p].indexOf(':');
            if (colon <= 0) {
                throw new SomaException("barrier exchange: partition " + p + " sent no length header");
            }
            lengths[p] = Integer.parseInt(first[p].substring(0, colon));
            longest = Math.max(longest, lengths[p]);
            texts[p] = new StringBuilder(lengths[p]).append(first[p], colon + 1, first[p].length());
        }
        for (int from = chunk; from < longest; from += chunk) {
            String part = from < text.length() ? text.substring(from, Math.min(text.length(), from + chunk)) : "";
            String[] got = ctx.allGather(part);
            for (int p = 0; p < got.length; p++) {
                texts[p].append(got[p]);
            }
        }
        List<Share> out = new ArrayList<>(first.length);
        for (int p = 0; p < first.length; p++) {
            if (texts[p].length() != lengths[p]) {
                throw new SomaException("barrier exchange: partition " + p + " sent " + texts[p].length()
                        + " characters, expected " + lengths[p]);
            }
            out.add(Share.decode(texts[p].toString(), p));
        }
        return out;
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
