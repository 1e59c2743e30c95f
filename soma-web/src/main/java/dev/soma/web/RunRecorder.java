package dev.soma.web;

import dev.soma.data.Dataset;
import dev.soma.io.Json;
import dev.soma.nn.Module;
import dev.soma.tensor.Tensor;
import dev.soma.train.ClassificationReport;
import dev.soma.train.EpochStats;
import dev.soma.train.TrainingListener;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the training dashboard shows of a run, recorded as it trains: a {@link TrainingListener} for
 * {@code Trainer.fit}. Per batch it keeps the loss and accuracy (at most {@link Series#CAPACITY} points: older ones
 * are averaged in pairs as the run grows); at most every {@link #NORM_PERIOD_NANOS} it reads every parameter's L2
 * norm and its gradient's (the gradients of the batch just trained); after each epoch the epoch's statistics and a
 * histogram of each weight tensor; at the end the confusion matrix and some misclassified test examples. The work
 * per batch is a few additions, so the run does not slow down (docs/PERFORMANCE.md has the measurement).
 */
public final class RunRecorder implements TrainingListener {
    static final long NORM_PERIOD_NANOS = 250_000_000L;
    static final int BINS = 40;
    static final int MISCLASSIFIED = 16;

    private final Module model;
    private final String title;
    private final int epochsPlanned;
    private final Series batches = new Series(3);
    private final Map<String, Series> norms = new LinkedHashMap<>();
    private final List<Object> epochs = new ArrayList<>();
    private Map<String, Object> histograms = new LinkedHashMap<>();
    private Map<String, Object> result;
    private String status = "running";
    private String message = "";
    private long step;
    private long lastNorms;
    private int batchesPerEpoch;
    private long version;

    public RunRecorder(Module model, String title, int epochsPlanned) {
        this.model = model;
        this.title = title;
        this.epochsPlanned = epochsPlanned;
        synchronized (this) {
            histograms = histograms();
        }
    }

    @Override
    public synchronized void onEpochStart(int epoch, int batches) {
        batchesPerEpoch = batches;
    }

    @Override
    public synchronized void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy) {
        step++;
        this.batches.add(step, loss, accuracy);
        long now = System.nanoTime();
        if (now - lastNorms >= NORM_PERIOD_NANOS) {
            lastNorms = now;
            for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
                Tensor p = e.getValue();
                norms.computeIfAbsent(e.getKey(), k -> new Series(3)).add(step, norm(p), p.grad() == null ? 0 : norm(p.grad()));
            }
        }
        version++;
    }

    @Override
    public synchronized void onEpochEnd(EpochStats e) {
        epochs.add(Json.object("epoch", e.epoch(), "step", step, "train_loss", finite(e.trainLoss()),
                "train_accuracy", finite(e.trainAccuracy()), "dev_loss", finite(e.devLoss()),
                "dev_accuracy", finite(e.devAccuracy()), "seconds", e.seconds(), "samples_per_second", e.samplesPerSecond(),
                "learning_rate", e.learningRate()));
        histograms = histograms();
        version++;
    }

    /** The end of a classification run: its confusion matrix and the first misclassified test examples. */
    public synchronized void finished(ClassificationReport report, Dataset test) {
        status = "finished";
        if (report != null && test != null) {
            List<Object> wrong = new ArrayList<>();
            int[] pred = report.predictions();
            int[] shape = test.exampleShape();
            int w = shape[shape.length - 1];
            int h = shape.length >= 2 ? shape[shape.length - 2] : 1;
            if (shape.length == 1) {
                int side = (int) Math.round(Math.sqrt(shape[0]));
                if (side * side == shape[0]) {
                    w = side;
                    h = side;
                }
            }
            float[] x = new float[test.features()];
            for (int i = 0; i < pred.length && wrong.size() < MISCLASSIFIED; i++) {
                if (pred[i] != test.label(i)) {
                    test.inputs(new int[] {i}, 0, 1, x);
                    wrong.add(Json.object("index", i, "label", test.label(i), "predicted", pred[i], "width", w,
                            "height", h, "pixels", Base64.getEncoder().encodeToString(gray(x, w * h))));
                }
            }
            result = Json.object("test_loss", finite(report.loss()), "test_accuracy", report.accuracy(),
                    "classes", new ArrayList<Object>(report.classNames()), "confusion", rows(report.confusionMatrix()),
                    "misclassified", wrong);
        }
        version++;
    }

    /** The end of a run that was not a classification, or that stopped with an error. */
    public synchronized void ended(String status, String message) {
        this.status = status;
        this.message = message == null ? "" : message;
        version++;
    }

    /** The record as the dashboard's JSON (docs/PLAYGROUND.md, "Dashboard API"). */
    public synchronized Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("status", status);
        m.put("message", message);
        m.put("version", version);
        m.put("epochs_planned", epochsPlanned);
        m.put("batches_per_epoch", batchesPerEpoch);
        m.put("step", step);
        m.put("batches", batches.toJson("step", "loss", "accuracy"));
        Map<String, Object> n = new LinkedHashMap<>();
        norms.forEach((k, s) -> n.put(k, s.toJson("step", "weight_norm", "grad_norm")));
        m.put("norms", n);
        m.put("epochs", new ArrayList<>(epochs));
        m.put("histograms", histograms);
        m.put("result", result);
        return m;
    }

    private Map<String, Object> histograms() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            float[] v = e.getValue().toFloatArray();
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (float f : v) {
                if (Float.isFinite(f)) {
                    lo = Math.min(lo, f);
                    hi = Math.max(hi, f);
                }
            }
            if (!(lo <= hi)) {
                continue;
            }
            int[] counts = new int[BINS];
            double width = hi > lo ? (hi - lo) / BINS : 1;
            for (float f : v) {
                if (Float.isFinite(f)) {
                    counts[Math.min(BINS - 1, (int) ((f - lo) / width))]++;
                }
            }
            out.put(e.getKey(), Json.object("min", lo, "max", hi, "counts", counts));
        }
        return out;
    }

    private static List<Object> rows(int[][] m) {
        List<Object> out = new ArrayList<>();
        for (int[] r : m) {
            out.add(r);
        }
        return out;
    }

    private static double norm(Tensor t) {
        double s = 0;
        for (float f : t.floats()) {
            s += (double) f * f;
        }
        return Double.isFinite(s) ? Math.sqrt(s) : -1;
    }

    private static byte[] gray(float[] x, int n) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, x[i]);
            hi = Math.max(hi, x[i]);
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (hi > lo ? Math.round((x[i] - lo) / (hi - lo) * 255) : 0);
        }
        return out;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }
}
