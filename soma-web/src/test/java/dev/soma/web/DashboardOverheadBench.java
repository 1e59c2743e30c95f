package dev.soma.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soma.data.DataSources;
import dev.soma.data.DataSplit;
import dev.soma.nn.Mlp;
import dev.soma.nn.Sequential;
import dev.soma.train.EpochStats;
import dev.soma.train.History;
import dev.soma.train.TrainConfig;
import dev.soma.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard costs a run (a benchmark, not a test; docs/PERFORMANCE.md): B1 (784-256-128-10, Adam, batch
 * 128) on Fashion-MNIST (the built-in digits when it is not installed), epochs trained alternately without and with a
 * {@link RunRecorder} whose record a second thread serializes twice a second, as the page's polling does; prints the
 * median seconds per epoch of each and the time spent inside the listener per batch. Run with
 * {@code mvn -pl soma-web -am test -Dtest=DashboardOverheadBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsoma.bench=true} ({@code -Dsoma.bench.rounds=N}, default 6).
 */
class DashboardOverheadBench {
    @Test
    void epochTimeWithAndWithoutTheDashboard() throws Exception {
        assumeTrue(Boolean.getBoolean("soma.bench"), "a benchmark: run with -Dsoma.bench=true");
        int rounds = Integer.getInteger("soma.bench.rounds", 6);
        Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
        DataSplit data = DataSources.open(Files.isDirectory(fashion) ? fashion.toString() : "builtin:digits", null);
        List<Double> plain = new ArrayList<>();
        List<Double> ui = new ArrayList<>();
        long listenerNanos = 0;
        long batches = 0;
        for (int r = 0; r < 2 * rounds + 1; r++) {
            boolean withUi = r % 2 == 0 && r > 0;
            Sequential model = Mlp.builder().input(784).hidden(256, 128).activation("relu").output(10).seed(42).build();
            Trainer t = new Trainer(new TrainConfig().optimizer("adam").lr(1e-3).batchSize(128).epochs(2).seed(42));
            History h;
            if (withUi) {
                TimedRecorder rec = new TimedRecorder(new RunRecorder(model, "bench", 2));
                AtomicBoolean done = new AtomicBoolean();
                Thread poller = new Thread(() -> {
                    while (!done.get()) {
                        rec.inner.toJson();
                        try {
                            Thread.sleep(500);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                poller.setDaemon(true);
                poller.start();
                h = t.fit(model, data.train(), null, rec);
                done.set(true);
                poller.interrupt();
                poller.join(5000);
                listenerNanos += rec.nanos;
                batches += rec.calls;
            } else {
                h = t.fit(model, data.train(), null);
            }
            if (r == 0) {
                continue; // warm-up
            }
            EpochStats second = h.epochs().get(1);
            (withUi ? ui : plain).add(second.seconds());
        }
        System.out.printf(Locale.ROOT, "dashboard overhead: epoch 2 median %.3f s without, %.3f s with the dashboard "
                + "(%d rounds each; without %s, with %s); %.1f µs in the listener per batch%n", median(plain), median(ui),
                rounds, plain, ui, listenerNanos / 1e3 / Math.max(1, batches));
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** The recorder, timed. */
    static final class TimedRecorder implements dev.soma.train.TrainingListener {
        final RunRecorder inner;
        long nanos;
        long calls;

        TimedRecorder(RunRecorder inner) {
            this.inner = inner;
        }

        @Override
        public void onEpochStart(int epoch, int batches) {
            inner.onEpochStart(epoch, batches);
        }

        @Override
        public void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy) {
            long t0 = System.nanoTime();
            inner.onBatchEnd(epoch, batch, batches, loss, accuracy);
            nanos += System.nanoTime() - t0;
            calls++;
        }

        @Override
        public void onEpochEnd(EpochStats e) {
            long t0 = System.nanoTime();
            inner.onEpochEnd(e);
            nanos += System.nanoTime() - t0;
        }
    }
}
