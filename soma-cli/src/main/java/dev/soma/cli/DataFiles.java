package dev.soma.cli;

import dev.soma.SomaException;
import dev.soma.data.DataOptions;
import dev.soma.data.DataSources;
import dev.soma.data.DataSplit;
import dev.soma.data.Dataset;
import dev.soma.data.Relabeled;

/** Separate dev and test files ({@code --dev}, {@code --test}) checked against the training data. */
final class DataFiles {
    private DataFiles() {
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
