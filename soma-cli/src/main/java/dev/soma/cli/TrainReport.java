package dev.soma.cli;

import dev.soma.kernel.KernelProvider;
import dev.soma.nn.Sequential;
import dev.soma.train.ClassificationReport;
import dev.soma.train.EpochStats;
import dev.soma.train.History;
import dev.soma.train.RegressionReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a training run reports: the {@code --json} object (schema in the README) and the chart's series. */
final class TrainReport {
    private TrainReport() {
    }

    /** The {@code --json} report (field names are stable: see the README). */
    static Map<String, Object> json(TrainingRun run) {
        Settings s = run.s;
        Sequential model = run.model;
        ClassificationReport classification = run.classification;
        RegressionReport regression = run.regression;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", s.command);
        r.put("data", s.data);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", model.spec());
        m.put("parameters", model.parameterCount());
        r.put("model", m);
        List<Object> epochs = new ArrayList<>();
        int k = 0;
        for (EpochStats e : run.history.epochs()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("epoch", e.epoch());
            x.put("train_loss", e.trainLoss());
            x.put("train_accuracy", e.trainAccuracy());
            x.put("dev_loss", e.devLoss());
            x.put("dev_accuracy", e.devAccuracy());
            x.put("seconds", e.seconds());
            x.put("samples_per_second", e.samplesPerSecond());
            x.put("learning_rate", e.learningRate());
            if (s.gradNorms && k < run.gradNorms.size()) {
                x.put("grad_norms", new LinkedHashMap<String, Object>(run.gradNorms.get(k)));
            }
            k++;
            epochs.add(x);
        }
        r.put("epochs", epochs);
        r.put("test_loss", classification != null ? classification.loss() : regression != null ? regression.mse() : null);
        r.put("test_accuracy", classification != null ? classification.accuracy() : null);
        r.put("seconds_total", run.secondsTotal);
        r.put("seed", s.seed);
        r.put("threads", s.threads);
        r.put("kernels", KernelProvider.get().name());
        return r;
    }

    static HistoryChart.Series series(History h) {
        int n = h.epochs().size();
        double[] tl = new double[n];
        double[] dl = new double[n];
        double[] ta = new double[n];
        double[] da = new double[n];
        for (int i = 0; i < n; i++) {
            EpochStats e = h.epochs().get(i);
            tl[i] = e.trainLoss();
            dl[i] = e.devLoss();
            ta[i] = e.trainAccuracy();
            da[i] = e.devAccuracy();
        }
        return new HistoryChart.Series(tl, dl, ta, da);
    }
}
