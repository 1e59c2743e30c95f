package dev.soma.cli;

import dev.soma.SomaException;
import dev.soma.data.DataOptions;
import dev.soma.data.DataSources;
import dev.soma.data.DataSplit;
import dev.soma.data.Dataset;
import dev.soma.data.Relabeled;
import dev.soma.data.Splits;
import dev.soma.data.Subset;
import dev.soma.tensor.Rng;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The train, dev and test parts of a training run: the data's own parts, {@code --split} ratios ({@code --split 1}:
 * all of it, in its order), the default 80/10/10 or {@code --dev-fraction} hold-out, and separate {@code --dev} and
 * {@code --test} files checked against the training data.
 */
final class DataFiles {
    /** The parts (dev and test null when there are none). */
    record Parts(Dataset train, Dataset dev, Dataset test) {
    }

    private DataFiles() {
    }

    /** The parts that {@code s} asks for. */
    static Parts parts(Settings s) {
        DataOptions opts = DataOptions.defaults().seed(s.seed).regression(s.regression);
        if (s.target != null) {
            opts = opts.target(s.target);
        }
        DataSplit split = DataSources.open(s.data, opts);
        Dataset all = split.train();
        Dataset test = split.test();
        Dataset devFile = s.devData == null ? null : separate(s.devData, opts, all, "--dev");
        Dataset testFile = s.testData == null ? null : separate(s.testData, opts, all, "--test");
        Dataset train;
        Dataset dev = null;
        if (s.split != null) {
            double[] r = s.split;
            List<Dataset> parts = r[0] >= 1 - 1e-9 ? List.of(all) : Splits.byRatios(all, r, s.seed);
            train = parts.get(0);
            dev = parts.size() > 1 ? nonEmpty(parts.get(1)) : null;
            if (r.length > 2) {
                test = parts.size() > 2 ? nonEmpty(parts.get(2)) : null;
            }
        } else if (devFile != null || testFile != null) {
            train = all;
        } else if (test == null) {
            List<Dataset> parts = Splits.byRatios(all, new double[] {0.8, 0.1, 0.1}, s.seed);
            train = parts.get(0);
            dev = parts.get(1);
            test = parts.get(2);
        } else if (s.devFraction > 0) {
            List<Dataset> parts = Splits.holdOut(all, s.devFraction, s.seed);
            train = parts.get(0);
            dev = parts.get(1);
        } else {
            train = all;
        }
        return new Parts(train, devFile != null ? devFile : dev, testFile != null ? testFile : test);
    }

    /** {@code d} itself when it has at most {@code max} examples, else a seeded random {@code max} of them. */
    static Dataset sample(Dataset d, int max, long seed) {
        if (d.size() <= max) {
            return d;
        }
        int[] idx = new int[d.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Rng.shuffle(idx, new SplittableRandom(seed));
        return new Subset(d, java.util.Arrays.copyOf(idx, max), d.name() + "/sample");
    }

    private static Dataset nonEmpty(Dataset d) {
        return d.size() == 0 ? null : d;
    }

    /**
     * Opens {@code spec} with the training data's options: its test part when it has one (an IDX directory's t10k
     * files), else all of it (a CSV file). It must have the training data's features and task; classes are matched
     * by name (a file holding some of the classes, or in another order, is renumbered to the training data's).
     */
    static Dataset separate(String spec, DataOptions opts, Dataset train, String option) {
        DataSplit split;
        try {
            split = DataSources.open(spec, opts);
        } catch (SomaException e) {
            throw new UsageException(option + " " + spec + ": " + e.getMessage());
        }
        Dataset d = split.test() != null ? split.test() : split.train();
        if (d.features() != train.features()) {
            throw new UsageException(option + " " + spec + ": " + d.features() + " features per example, but the "
                    + "training data has " + train.features());
        }
        if (d.isClassification() != train.isClassification()) {
            throw new UsageException(option + " " + spec + ": " + (d.isClassification() ? "classes" : "numeric targets")
                    + ", but the training data has " + (train.isClassification() ? "classes" : "numeric targets"));
        }
        if (!d.isClassification()) {
            if (d.targetWidth() != train.targetWidth()) {
                throw new UsageException(option + " " + spec + ": " + d.targetWidth() + " targets, but the training data "
                        + "has " + train.targetWidth());
            }
            return d;
        }
        try {
            return Relabeled.to(d, train.classNames());
        } catch (SomaException e) {
            throw new UsageException(option + " " + spec + ": " + e.getMessage() + " of the training data");
        }
    }
}
