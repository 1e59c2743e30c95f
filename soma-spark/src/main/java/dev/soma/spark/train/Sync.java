package dev.soma.spark.train;

import dev.soma.SomaException;
import java.util.Locale;

/**
 * How the workers' contributions (gradients or parameters) are combined at every synchronization (docs/DISTRIBUTED.md
 * compares the two).
 *
 * <ul>
 *   <li>{@link #COLLECT}: one Spark job per synchronization; the driver sends the weights in the job's closure,
 *       collects every partition's result in partition order and combines them.</li>
 *   <li>{@link #BARRIER}: one barrier job per epoch; its tasks (one per partition, all running at once) loop over
 *       their steps and exchange their contributions over connections among themselves at every synchronization,
 *       each computing the same average in partition order. Needs as many free task slots as partitions.</li>
 *   <li>{@link #AUTO} (the default): barrier when the cluster has a task slot for every partition, else collect;
 *       checked before the first epoch and again when a barrier epoch lost a task (a lost executor may leave too
 *       few slots), so training goes on through the driver rather than failing.</li>
 * </ul>
 * All give the same model bit for bit (the same sums in the same order).
 */
public enum Sync {
    COLLECT("collect"),
    BARRIER("barrier"),
    AUTO("auto");

    /** The strategy used when none is chosen. */
    public static final Sync DEFAULT = AUTO;

    private final String cli;

    Sync(String cli) {
        this.cli = cli;
    }

    /** The name used on the command line and in Spark ML params. */
    public String cliName() {
        return cli;
    }

    /** Reads "collect", "barrier" or "auto". */
    public static Sync parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (Sync x : values()) {
            if (x.cli.equals(v)) {
                return x;
            }
        }
        throw new SomaException("unknown synchronization '" + s + "', expected collect, barrier or auto");
    }
}
