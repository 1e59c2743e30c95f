package dev.soma.cli;

import dev.soma.SomaException;
import dev.soma.data.Dataset;
import dev.soma.data.Standardizer;
import dev.soma.kernel.KernelProvider;
import dev.soma.nn.Initializer;
import dev.soma.nn.Initializers;
import dev.soma.nn.Mlp;
import dev.soma.nn.Sequential;
import dev.soma.train.BiasVariance;
import dev.soma.train.ClassificationReport;
import dev.soma.train.DivergenceException;
import dev.soma.train.EpochStats;
import dev.soma.train.Evaluation;
import dev.soma.train.History;
import dev.soma.train.RegressionReport;
import dev.soma.train.InputShapes;
import dev.soma.train.SavedModel;
import dev.soma.train.TrainConfig;
import dev.soma.train.Trainer;
import dev.soma.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One training run as {@code soma train} and {@code soma demo} do it: open the data, split it, standardize it if
 * asked, build the network, train it with a progress bar, evaluate it on the test part, and write the model, the
 * JSON report and the chart. Every output is checked before the work starts, so a long run never fails at its end.
 */
final class TrainingRun {
    final Settings s;
    final PrintWriter out;
    final boolean interactive;

    Dataset train;
    Dataset dev;
    Dataset test;
    Standardizer standardizer;
    Sequential model;
    History history;
    Trainer trainer;
    ClassificationReport classification;
    RegressionReport regression;
    double secondsTotal;
    /** Per epoch, each weight's gradient norm on the epoch's last batch (with --grad-norms). */
    final List<Map<String, Double>> gradNorms = new ArrayList<>();
    /** The training dashboard (soma train --ui), or null. */
    TrainDashboard dashboard;

    TrainingRun(Settings s, PrintWriter out, boolean interactive) {
        this.s = s;
        this.out = out;
        this.interactive = interactive;
    }

    /** Runs everything; returns normally or throws (SomaException/UsageException → exit 2, divergence → 3). */
    void run() {
        long t0 = System.nanoTime();
        checkOutputs();
        Threads.set(s.threads);
        openData();
        buildModel();
        out.printf(Locale.ROOT, "data %s: %,d train, %,d dev, %,d test examples, %d features, %s%n", s.data, train.size(),
                dev == null ? 0 : dev.size(), test == null ? 0 : test.size(), train.features(),
                train.isClassification() ? train.classes() + " classes" : "regression (" + train.targetWidth()
                        + " target" + (train.targetWidth() == 1 ? "" : "s") + ")");
        out.printf(Locale.ROOT, "model %s (%,d parameters), %s, batch %d, %d epoch%s, %d thread%s, kernels %s%n",
                model.spec(), model.parameterCount(), s.optimizer, s.batch, s.epochs, s.epochs == 1 ? "" : "s",
                s.threads, s.threads == 1 ? "" : "s", KernelProvider.get().name());
        if (s.split != null && dev == null && !s.monitorTest) {
            out.println("no dev set: nothing is measured between epochs");
        }
        if (test == null) {
            out.println("no test set: the model is not evaluated after training");
        }
        out.flush();
        fit();
        evaluate();
        if (dashboard != null) {
            dashboard.finished(this);
        }
        secondsTotal = (System.nanoTime() - t0) / 1e9;
        writeOutputs();
    }

    void checkOutputs() {
        Outputs.checkWritable(s.out, "--out", s.force);
        Outputs.checkWritable(s.json, "--json", s.force);
        Outputs.checkWritable(s.plot, "--plot", s.force);
        if (s.checkpointDir != null) {
            if (Files.exists(s.checkpointDir) && !Files.isDirectory(s.checkpointDir)) {
                throw new UsageException("--checkpoint-dir " + s.checkpointDir + ": not a directory");
            }
            try {
                Files.createDirectories(s.checkpointDir);
            } catch (java.io.IOException e) {
                throw new UsageException("--checkpoint-dir " + s.checkpointDir + ": cannot create it: " + e.getMessage());
            }
        }
    }

    void openData() {
        DataFiles.Parts parts = DataFiles.parts(s);
        train = parts.train();
        dev = parts.dev();
        test = parts.test();
        if (s.earlyStopping > 0 && dev == null) {
            throw new UsageException("--early-stopping " + s.earlyStopping + ": needs a dev set (--dev-fraction above 0, "
                    + "or --split with a dev part)");
        }
        if (s.standardize) {
            standardizer = Standardizer.fit(train);
            train = standardizer.wrap(train);
            dev = dev == null ? null : standardizer.wrap(dev);
            test = test == null ? null : standardizer.wrap(test);
        }
    }

    void buildModel() {
        int outputs = train.isClassification() ? train.classes() : train.targetWidth();
        Path initFile = null;
        Initializer init = null;
        if (!s.init.equals("auto")) {
            if (s.init.endsWith(".safetensors") || Files.exists(Path.of(s.init))) {
                initFile = Path.of(s.init);
                Outputs.checkReadable(initFile, "--init");
            } else {
                init = Initializers.parse(s.init);
            }
        }
        if (s.architecture != null) {
            try {
                model = Sequential.fromSpec(s.architecture, init, s.seed, train.exampleShape());
            } catch (SomaException e) {
                throw new UsageException("--architecture " + s.architecture + ": " + e.getMessage());
            }
            int[] shape;
            try {
                shape = InputShapes.of(model, train);
            } catch (SomaException e) {
                throw new UsageException("--architecture " + s.architecture + ": " + e.getMessage());
            }
            int gives = InputShapes.outputs(model, shape);
            if (gives != outputs && !(gives == 1 && train.isClassification() && outputs == 2)) {
                throw new UsageException("--architecture " + s.architecture + ": gives " + gives
                        + " outputs, the data needs " + outputs + (train.isClassification() ? " (one per class)" : ""));
            }
        } else {
            Mlp.Builder b = Mlp.builder().input(train.features()).hidden(s.hidden).activation(s.activation)
                    .dropout(s.dropout).output(outputs).seed(s.seed);
            if (init != null) {
                b.init(s.init);
            }
            model = b.build();
        }
        if (initFile != null) {
            model = SavedModel.loadWeights(initFile, model.spec(), train.exampleShape());
        }
    }

    TrainConfig config() {
        TrainConfig c = new TrainConfig().epochs(s.epochs).batchSize(s.batch).optimizer(s.optimizer)
                .schedule(s.schedule).seed(s.seed).shuffle(s.shuffle).l1(s.l1).l2(s.l2).weightDecay(s.weightDecay)
                .clipNorm(s.clipNorm).earlyStoppingPatience(s.earlyStopping).threads(s.threads);
        if (!Double.isNaN(s.lr)) {
            c.lr(s.lr);
        }
        if (!Double.isNaN(s.momentum)) {
            c.momentum(s.momentum);
        }
        if (s.momentumForm.equals("tutorial")) {
            c.emaMomentum(true);
        }
        if (!Double.isNaN(s.rho)) {
            c.rmspropBeta(s.rho);
        }
        c.schedulePerIteration(s.scheduleEvery.equals("iteration"));
        if (!Double.isNaN(s.beta1)) {
            c.beta1(s.beta1);
        }
        if (!Double.isNaN(s.beta2)) {
            c.beta2(s.beta2);
        }
        if (!Double.isNaN(s.eps)) {
            c.eps(s.eps);
        }
        if (!s.loss.equals("auto")) {
            c.loss(s.loss);
        }
        if (s.checkpointDir != null) {
            c.checkpointDir(s.checkpointDir).resume(s.resume);
        }
        return c;
    }

    void fit() {
        Dataset monitor = dev != null ? dev : s.monitorTest ? test : null;
        ProgressBar bar = new ProgressBar(out, interactive, s.epochs, s.batch, train.size())
                .devLabel(monitor != null && monitor == test ? "test" : "dev");
        TrainingListener listener = new TrainingListener() {
            private Map<String, Double> norms;

            @Override
            public void onEpochStart(int epoch, int batches) {
                bar.epochStart(epoch, batches);
            }

            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy) {
                if (s.gradNorms && batch == batches) {
                    norms = GradNorms.ofWeights(model);
                }
                bar.batchEnd(epoch, batch, batches, loss, accuracy);
            }

            @Override
            public void onEpochEnd(EpochStats e) {
                if (norms != null) {
                    gradNorms.add(norms);
                    bar.suffix(GradNorms.line(norms));
                }
                bar.epochEnd(e.epoch(), e.trainLoss(), e.trainAccuracy(), e.devLoss(), e.devAccuracy(), e.seconds(),
                        e.samplesPerSecond(), e.learningRate());
            }
        };
        trainer = new Trainer(config());
        try {
            history = dashboard == null ? trainer.fit(model, train, monitor, listener)
                    : trainer.fit(model, train, monitor, listener, dashboard.listener(this));
        } catch (DivergenceException e) {
            throw e.withWeights(saveDiverged(e));
        }
        if (history.stopReason() != null && !history.stopReason().equals("completed")) {
            out.println("stopped: " + history.stopReason());
        }
        if (monitor == dev && dev != null && train.isClassification()) {
            // the trained model's errors (not the epoch's running average while it was learning); the training error
            // on at most 10,000 of its examples (standard error under 0.5 points, against the diagnosis's 5)
            double trainError = 1 - Evaluation.classification(model, DataFiles.sample(train, 10_000, s.seed)).accuracy();
            double devError = 1 - Evaluation.classification(model, dev).accuracy();
            out.println(BiasVariance.line(trainError, devError));
        }
    }

    /**
     * After a divergence, writes the last good weights to {@code --out} with {@code soma.diverged} in the metadata
     * (the message), and says what became of them.
     */
    private String saveDiverged(DivergenceException e) {
        if (s.out == null) {
            return "the last good weights were not saved (no --out)";
        }
        ModelFiles.save(s.out, model, train, standardizer, trainer.loss() == null ? null : trainer.loss().name(),
                Map.of(ModelFiles.DIVERGED_KEY, e.getMessage()));
        out.println("wrote " + s.out + " (the last good weights before the divergence; metadata soma.diverged)");
        out.flush();
        return "the last good weights were written to " + s.out + " (marked soma.diverged in its metadata)";
    }

    void evaluate() {
        if (test == null) {
            return;
        }
        if (test.isClassification()) {
            classification = Evaluation.classification(model, test);
            out.printf(Locale.ROOT, "test: loss %.4f  accuracy %.4f (%,d examples)%n", classification.loss(),
                    classification.accuracy(), test.size());
        } else {
            regression = Evaluation.regression(model, test);
            out.printf(Locale.ROOT, "test: mse %.6g  mae %.6g  r2 %.4f (%,d examples)%n", regression.mse(),
                    regression.mae(), regression.r2(), test.size());
        }
    }

    void writeOutputs() {
        if (s.out != null) {
            ModelFiles.save(s.out, model, train, standardizer, trainer.loss().name());
            out.println("wrote " + s.out);
        }
        if (s.json != null) {
            JsonOutput.write(s.json, TrainReport.json(this));
            out.println("wrote " + s.json);
        }
        if (s.plot != null) {
            HistoryChart.Series series = TrainReport.series(history);
            series.devLabel = dev == null && s.monitorTest ? "test" : "dev";
            HistoryChart.write(s.plot, s.data, series);
            out.println("wrote " + s.plot);
        }
        out.flush();
    }

}
