package dev.soma.spark.train;

import dev.soma.SomaException;
import java.util.Locale;

/**
 * How the workers' work is combined (docs/DISTRIBUTED.md compares them).
 *
 * <ul>
 *   <li>{@link #GRADIENT}: every step, each partition computes the gradient of its share of the global batch; the
 *       driver sums them (weighted by rows) and applies one optimizer step. The same as single-process training with
 *       the global batch size, up to float rounding.</li>
 *   <li>{@link #LOCAL_SGD}: each partition trains {@code k} steps on its own share of the global batches with its own
 *       optimizer; then parameters (and optimizer state) are averaged, weighted by the examples each partition saw.</li>
 * </ul>
 */
public enum Mode {
    GRADIENT("gradient"),
    LOCAL_SGD("local-sgd");

    private final String cli;

    Mode(String cli) {
        this.cli = cli;
    }

    /** The name used on the command line and in Spark ML params. */
    public String cliName() {
        return cli;
    }

    /** Reads "gradient" (also "1", "sync") or "local-sgd" (also "2", "average"). */
    public static Mode parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "gradient": case "1": case "sync": case "allreduce":
                return GRADIENT;
            case "local-sgd": case "localsgd": case "2": case "average":
                return LOCAL_SGD;
            default:
                throw new SomaException("unknown distributed mode '" + s + "', expected gradient or local-sgd");
        }
    }
}
