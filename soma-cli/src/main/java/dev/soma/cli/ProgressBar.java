package dev.soma.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress. On a terminal, one line per epoch redrawn in place (at most ten times a second) with a bar,
 * batches done, running loss and accuracy, samples/s and the time left in the epoch; when it ends the line is
 * replaced by the epoch's summary. Elsewhere (a pipe, a file, a test) only the summary lines are printed.
 */
final class ProgressBar {
    private static final int BAR = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final boolean interactive;
    private final int epochs;
    private final int batchSize;
    private final int trainSize;

    private long epochStart;
    private long lastDraw;
    private double lossSum;
    private double accSum;
    private int seen;
    private int lastWidth;
    private String devLabel = "dev";
    private String suffix = "";

    ProgressBar(PrintWriter out, boolean interactive, int epochs, int batchSize, int trainSize) {
        this.out = out;
        this.interactive = interactive;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.trainSize = trainSize;
    }

    /** Names the monitored set in the summary lines ("dev" by default; the demo monitors its "test" digits). */
    ProgressBar devLabel(String label) {
        this.devLabel = label;
        return this;
    }

    /** Text appended to the next summary line only (the gradient norms). */
    void suffix(String text) {
        this.suffix = text == null || text.isEmpty() ? "" : "  " + text;
    }

    void epochStart(int epoch, int batches) {
        epochStart = System.nanoTime();
        lastDraw = 0;
        lossSum = 0;
        accSum = 0;
        seen = 0;
    }

    /** After batch {@code batch} (1-based) of {@code batches}, with that batch's loss and accuracy. */
    void batchEnd(int epoch, int batch, int batches, double loss, double accuracy) {
        lossSum += loss;
        accSum += accuracy;
        seen++;
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        if (batch < batches && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        long samples = Math.min((long) batch * batchSize, trainSize);
        double sps = elapsed > 0 ? samples / elapsed : 0;
        double eta = batch > 0 ? elapsed * (batches - batch) / batch : 0;
        int filled = batches > 0 ? (int) ((long) BAR * batch / batches) : BAR;
        String bar = "=".repeat(filled) + (filled < BAR ? ">" + ".".repeat(BAR - filled - 1) : "");
        String line = String.format(Locale.ROOT, "epoch %s [%s] %d/%d  loss %.4f  acc %s  %s samples/s  ETA %s",
                epochLabel(epoch), bar, batch, batches, lossSum / seen, acc(accSum / seen), count(sps), time(eta));
        draw(line);
    }

    /** The epoch's summary (NaN for absent values: no dev set, regression). */
    void epochEnd(int epoch, double trainLoss, double trainAccuracy, double devLoss, double devAccuracy,
                  double seconds, double samplesPerSecond, double learningRate) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "epoch %s  loss %.4f", epochLabel(epoch), trainLoss));
        if (!Double.isNaN(trainAccuracy)) {
            sb.append("  acc ").append(acc(trainAccuracy));
        }
        if (!Double.isNaN(devLoss)) {
            sb.append(String.format(Locale.ROOT, "  %s_loss %.4f", devLabel, devLoss));
        }
        if (!Double.isNaN(devAccuracy)) {
            sb.append("  ").append(devLabel).append("_acc ").append(acc(devAccuracy));
        }
        sb.append(String.format(Locale.ROOT, "  %.2f s  %s samples/s  lr %.3g", seconds, count(samplesPerSecond),
                learningRate));
        sb.append(suffix);
        suffix = "";
        if (interactive) {
            draw(sb.toString());
            out.println();
            lastWidth = 0;
        } else {
            out.println(sb);
        }
        out.flush();
    }

    private void draw(String line) {
        int pad = Math.max(0, lastWidth - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastWidth = line.length();
    }

    private String epochLabel(int epoch) {
        int w = Integer.toString(epochs).length();
        return String.format(Locale.ROOT, "%" + w + "d/%d", epoch, epochs);
    }

    static String acc(double a) {
        return String.format(Locale.ROOT, "%.4f", a);
    }

    /** 12345.6 → "12,346". */
    static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    /** Seconds as "42s" or "3m07s". */
    static String time(double s) {
        long t = Math.round(s);
        return t < 60 ? t + "s" : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}
