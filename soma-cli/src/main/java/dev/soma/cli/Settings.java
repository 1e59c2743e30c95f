package dev.soma.cli;

import dev.soma.SomaException;
import java.nio.file.Path;

/** Everything a training run of {@code soma train} or {@code soma demo} needs (plain fields, set by the commands). */
final class Settings {
    String data;
    /** A full architecture spec (overrides hidden/activation/dropout), or null. */
    String architecture;
    int[] hidden = {256, 128};
    String activation = "relu";
    double dropout;
    String init = "auto";
    String loss = "auto";
    String optimizer = "adam";
    double lr = Double.NaN;
    double momentum = Double.NaN;
    /** "pytorch" (b ← μb + g) or "tutorial" (v ← βv + (1−β)g). */
    String momentumForm = "pytorch";
    /** RMSprop's β (PyTorch's alpha), NaN for the default. */
    double rho = Double.NaN;
    double beta1 = Double.NaN;
    double beta2 = Double.NaN;
    double eps = Double.NaN;
    double weightDecay;
    double l1;
    double l2;
    double clipNorm;
    String schedule = "constant";
    /** "epoch" or "iteration". */
    String scheduleEvery = "epoch";
    int epochs = 10;
    int batch = 64;
    boolean shuffle = true;
    long seed = 42;
    int threads = Runtime.getRuntime().availableProcessors();
    boolean standardize;
    double[] split;
    /** A separate dev or test set (a data spec), or null. */
    String devData;
    String testData;
    /** Per-layer gradient norms on the epoch lines and in the JSON report. */
    boolean gradNorms;
    double devFraction = 0.1;
    /**
     * Without a dev set, measure the test part after each epoch instead (the demo: Keras's validation_data=test),
     * reported as "test" in the progress and the chart. Only for runs that learn nothing from it: no early
     * stopping and no plateau schedule (the demo's cosine schedule ignores it).
     */
    boolean monitorTest;
    int earlyStopping;
    String target;
    boolean regression;
    Path checkpointDir;
    boolean resume;
    Path out;
    Path json;
    Path plot;
    boolean force;
    /** The command name written to the JSON report. */
    String command = "train";

    /** Refuses settings the library would only catch later (or not name the option of). */
    void validate() {
        Settings s = this;
        if (s.dropout < 0 || s.dropout >= 1) {
            throw new UsageException("--dropout " + Fmt.num(s.dropout) + ": expected a probability in [0, 1) of "
                    + "dropping a unit (for the keep probability use --keep-prob)");
        }
        if (s.devFraction < 0 || s.devFraction >= 1) {
            throw new UsageException("--dev-fraction " + Fmt.num(s.devFraction) + ": expected a fraction in [0, 1)");
        }
        if (s.epochs < 1) {
            throw new UsageException("--epochs " + s.epochs + ": expected at least 1");
        }
        if (s.batch < 1) {
            throw new UsageException("--batch " + s.batch + ": expected at least 1");
        }
        if (s.threads < 1) {
            throw new UsageException("--threads " + s.threads + ": expected at least 1");
        }
        for (int h : s.hidden) {
            if (h < 1) {
                throw new UsageException("--hidden: layer widths must be positive, got " + h);
            }
        }
        if (s.split != null) {
            if (s.split.length < 1 || s.split.length > 3) {
                throw new UsageException("--split: expected 1 to 3 ratios (train[,dev[,test]]), got " + s.split.length);
            }
            if (!(s.split[0] > 0)) {
                throw new UsageException("--split: the train ratio must be positive, got " + Fmt.num(s.split[0]));
            }
            if (s.devData != null && s.split.length > 1 && s.split[1] > 0) {
                throw new UsageException("--split " + Fmt.ratios(s.split) + " and --dev " + s.devData
                        + ": give the dev set one way (e.g. --split 1 with --dev)");
            }
            if (s.testData != null && s.split.length > 2 && s.split[2] > 0) {
                throw new UsageException("--split " + Fmt.ratios(s.split) + " and --test " + s.testData
                        + ": give the test set one way");
            }
            double sum = 0;
            for (double r : s.split) {
                if (!(r >= 0) || !Double.isFinite(r)) {
                    throw new UsageException("--split: ratios must not be negative, got " + Fmt.num(r));
                }
                sum += r;
            }
            if (Math.abs(sum - 1) > 1e-6) {
                throw new UsageException("--split " + Fmt.ratios(s.split) + ": ratios must add up to 1, got "
                        + Fmt.num(sum));
            }
        }
        if (!s.momentumForm.equals("pytorch") && !s.momentumForm.equals("tutorial")) {
            throw new UsageException("--momentum-form " + s.momentumForm + ": expected pytorch or tutorial");
        }
        if (s.momentumForm.equals("tutorial") && s.optimizer.equalsIgnoreCase("nesterov")) {
            throw new UsageException("--momentum-form tutorial: defined for --optimizer momentum (or sgd with "
                    + "--momentum), not nesterov");
        }
        String opt = s.optimizer.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.momentumForm.equals("tutorial")) {
            if (!opt.equals("momentum") && !opt.equals("sgd")) {
                throw new UsageException("--momentum-form tutorial: a form of SGD momentum, but --optimizer is "
                        + s.optimizer + " (use --optimizer momentum)");
            }
            if (opt.equals("sgd") && !(s.momentum > 0)) {
                throw new UsageException("--momentum-form tutorial: --optimizer sgd needs --momentum β > 0 (or use "
                        + "--optimizer momentum, β 0.9)");
            }
        }
        if (!Double.isNaN(s.rho) && !(s.rho >= 0 && s.rho < 1)) {
            throw new UsageException("--rho " + Fmt.num(s.rho) + ": expected β in [0, 1)");
        }
        if (!Double.isNaN(s.rho) && !opt.equals("rmsprop")) {
            throw new UsageException("--rho " + Fmt.num(s.rho) + ": RMSprop's β, but --optimizer is " + s.optimizer);
        }
        if (!s.scheduleEvery.equals("epoch") && !s.scheduleEvery.equals("iteration")) {
            throw new UsageException("--schedule-every " + s.scheduleEvery + ": expected epoch or iteration");
        }
        if (s.resume && s.checkpointDir == null) {
            throw new UsageException("--resume needs --checkpoint-dir DIR");
        }
        if (s.data == null) {
            throw new SomaException("--data: expected a path or builtin:NAME");
        }
    }
}
