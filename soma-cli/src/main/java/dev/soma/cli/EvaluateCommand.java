package dev.soma.cli;

import dev.soma.data.DataOptions;
import dev.soma.data.DataSources;
import dev.soma.data.DataSplit;
import dev.soma.data.Dataset;
import dev.soma.kernel.KernelProvider;
import dev.soma.train.ClassificationReport;
import dev.soma.train.Evaluation;
import dev.soma.train.RegressionReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code soma evaluate}: a saved model's loss and metrics on a data set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false, description = {
    "Measure a saved model on a data set.",
    "Loss, accuracy, per-class precision/recall/F1 and the confusion matrix (regression: MSE, MAE,",
    "R²), on the data's test part when it has one (--part to choose)."})
final class EvaluateCommand implements Callable<Integer> {
    enum Part { test, train }

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.safetensors", description = "The saved model.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "PATH|builtin:NAME", description = "The data set.")
    String data;

    @Option(names = "--part", paramLabel = "PART", defaultValue = "test",
            description = "Which part: ${COMPLETION-CANDIDATES} (a data set without a test part is used whole).")
    Part part;

    @Option(names = "--target", paramLabel = "COLUMN", description = "CSV label/target column (default: the last).")
    String target;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the metrics as JSON (see README).")
    Path json;

    @Option(names = "--force", description = "Overwrite an existing --json file.")
    boolean force;

    @Override
    public Integer call() {
        Outputs.checkReadable(model, "--model");
        Outputs.checkWritable(json, "--json", force);
        long t0 = System.nanoTime();
        ModelFiles.Loaded m = ModelFiles.load(model);
        ModelFiles.noteIfDiverged(m, model, spec.commandLine().getErr());
        DataOptions opts = DataOptions.defaults().regression(!m.classification);
        if (target != null) {
            opts = opts.target(target);
        }
        DataSplit split = DataSources.open(data, opts);
        Dataset d;
        String used;
        if (!split.hasTest()) {
            d = split.train();
            used = "all";
        } else if (part == Part.train) {
            d = split.train();
            used = "train";
        } else {
            d = split.test();
            used = "test";
        }
        d = ModelFiles.compatible(m, d, "--data " + data);
        if (m.standardizer != null) {
            d = m.standardizer.wrap(d);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "model %s (%,d parameters) on %s, %s part: %,d examples%n", m.model.spec(),
                m.model.parameterCount(), data, used, d.size());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", "evaluate");
        r.put("data", data);
        r.put("part", used);
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("architecture", m.model.spec());
        mm.put("parameters", m.model.parameterCount());
        r.put("model", mm);
        r.put("examples", d.size());
        if (m.classification) {
            ClassificationReport c = Evaluation.classification(m.model, d);
            out.printf(Locale.ROOT, "loss %.4f  accuracy %.4f  macro F1 %.4f%n%n", c.loss(), c.accuracy(), c.macroF1());
            int k = c.classNames().size();
            double[] p = new double[k];
            double[] rc = new double[k];
            double[] f1 = new double[k];
            int[] support = new int[k];
            int[][] cm = c.confusionMatrix();
            List<Object> classes = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                p[i] = c.precision(i);
                rc[i] = c.recall(i);
                f1[i] = c.f1(i);
                for (int j = 0; j < k; j++) {
                    support[i] += cm[i][j];
                }
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("class", c.classNames().get(i));
                x.put("precision", p[i]);
                x.put("recall", rc[i]);
                x.put("f1", f1[i]);
                x.put("support", support[i]);
                classes.add(x);
            }
            out.print(Tables.perClass(c.classNames(), p, rc, f1, support));
            out.println();
            out.print(Tables.confusion(cm, c.classNames()));
            r.put("test_loss", c.loss());
            r.put("test_accuracy", c.accuracy());
            r.put("macro_f1", c.macroF1());
            r.put("classes", classes);
            List<Object> rows = new ArrayList<>();
            for (int[] row : cm) {
                rows.add(row);
            }
            r.put("confusion_matrix", rows);
        } else {
            RegressionReport g = Evaluation.regression(m.model, d);
            out.printf(Locale.ROOT, "mse %.6g  mae %.6g  r2 %.4f%n", g.mse(), g.mae(), g.r2());
            r.put("test_loss", g.mse());
            r.put("test_accuracy", null);
            r.put("mse", g.mse());
            r.put("mae", g.mae());
            r.put("r2", g.r2());
        }
        r.put("seconds_total", (System.nanoTime() - t0) / 1e9);
        r.put("threads", Runtime.getRuntime().availableProcessors());
        r.put("kernels", KernelProvider.get().name());
        if (json != null) {
            JsonOutput.write(json, r);
            out.println("wrote " + json);
        }
        out.flush();
        return 0;
    }
}
