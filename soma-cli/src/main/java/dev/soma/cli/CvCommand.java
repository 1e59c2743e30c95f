package dev.soma.cli;

import dev.soma.data.DataOptions;
import dev.soma.data.DataSources;
import dev.soma.data.Dataset;
import dev.soma.data.Splits;
import dev.soma.data.Standardizer;
import dev.soma.train.BiasVariance;
import dev.soma.train.ClassificationReport;
import dev.soma.train.Evaluation;
import dev.soma.train.RegressionReport;
import dev.soma.train.Trainer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soma cv}: k-fold cross-validation (tutorial 004's tool for bias and variance): the training data cut into K
 * stratified folds; K networks, each trained from the same seed on K − 1 folds and measured on the one left out;
 * the mean and the spread (sample standard deviation) of every metric over the folds, and the bias/variance line.
 */
@Command(name = "cv", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"k-fold cross-validation: train on K − 1 folds, measure on the one left out, K times;",
            "report each fold, the mean ± standard deviation of every metric, and the bias/variance diagnosis.",
            "Uses the data's training part (its own test part, if any, stays unseen)."})
final class CvCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "PATH|builtin:NAME", description = "The data set.")
    String data;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "5", description = "Number of folds K (2 or more).")
    int folds;

    @Mixin
    TrainingOptions training;

    @Option(names = "--target", paramLabel = "COLUMN", description = "CSV label/target column (default: the last).")
    String target;

    @Option(names = "--regression", description = "CSV: predict numbers (MSE) instead of classes.")
    boolean regression;

    @Override
    public Integer call() {
        Settings s = new Settings();
        s.data = data;
        training.applyTo(s);
        s.target = target;
        s.regression = regression;
        s.command = "cv";
        s.validate();
        training.checkNames();
        if (folds < 2) {
            throw new UsageException("--folds " + folds + ": expected at least 2");
        }
        PrintWriter out = spec.commandLine().getOut();
        Threads.set(s.threads);
        DataOptions opts = DataOptions.defaults().seed(s.seed).regression(regression);
        if (target != null) {
            opts = opts.target(target);
        }
        Dataset all = DataSources.open(data, opts).train();
        if (folds > all.size()) {
            throw new UsageException("--folds " + folds + ": " + data + " has only " + all.size() + " examples");
        }
        boolean classification = all.isClassification();
        out.printf(Locale.ROOT, "data %s: %,d examples, %d folds%s, %d epochs each%n", data, all.size(), folds,
                classification ? " (stratified)" : "", s.epochs);
        List<List<Dataset>> parts = Splits.kFold(all, folds, s.seed);
        double[][] metrics = new double[folds][4]; // train loss, train accuracy, dev loss, dev accuracy
        for (int k = 0; k < folds; k++) {
            Dataset train = parts.get(k).get(0);
            Dataset dev = parts.get(k).get(1);
            if (s.standardize) {
                Standardizer st = Standardizer.fit(train);
                train = st.wrap(train);
                dev = st.wrap(dev);
            }
            TrainingRun run = new TrainingRun(s, out, false);
            run.train = train;
            run.buildModel();
            new Trainer(run.config()).fit(run.model, train, null);
            if (classification) {
                ClassificationReport tr = Evaluation.classification(run.model, train);
                ClassificationReport dr = Evaluation.classification(run.model, dev);
                metrics[k] = new double[] {tr.loss(), tr.accuracy(), dr.loss(), dr.accuracy()};
                out.printf(Locale.ROOT, "fold %d/%d  train %,d  dev %,d  loss %.4f  acc %.4f  dev_loss %.4f  "
                        + "dev_acc %.4f%n", k + 1, folds, train.size(), dev.size(), tr.loss(), tr.accuracy(),
                        dr.loss(), dr.accuracy());
            } else {
                RegressionReport tr = Evaluation.regression(run.model, train);
                RegressionReport dr = Evaluation.regression(run.model, dev);
                metrics[k] = new double[] {tr.mse(), Double.NaN, dr.mse(), Double.NaN};
                out.printf(Locale.ROOT, "fold %d/%d  train %,d  dev %,d  mse %.6g  dev_mse %.6g%n", k + 1, folds,
                        train.size(), dev.size(), tr.mse(), dr.mse());
            }
            out.flush();
        }
        String[] names = classification ? new String[] {"loss", "acc", "dev_loss", "dev_acc"}
                : new String[] {"mse", null, "dev_mse", null};
        StringBuilder sb = new StringBuilder("mean ± standard deviation over " + folds + " folds:");
        for (int m = 0; m < 4; m++) {
            if (names[m] != null) {
                double[] v = column(metrics, m);
                sb.append(String.format(Locale.ROOT, "  %s %.4f ± %.4f", names[m], mean(v), std(v)));
            }
        }
        out.println(sb);
        if (classification) {
            out.println(BiasVariance.line(1 - mean(column(metrics, 1)), 1 - mean(column(metrics, 3))));
        }
        out.flush();
        return 0;
    }

    static double[] column(double[][] m, int c) {
        double[] v = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            v[i] = m[i][c];
        }
        return v;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** The sample standard deviation (divisor n − 1). */
    static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
