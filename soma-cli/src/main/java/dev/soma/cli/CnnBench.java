package dev.soma.cli;

import dev.soma.data.Dataset;
import dev.soma.nn.Initializer;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Tensor;
import dev.soma.train.EpochStats;
import dev.soma.train.Evaluation;
import dev.soma.train.History;
import dev.soma.train.Trainer;
import dev.soma.train.TrainingListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code soma bench --cnn}: benchmark C1 of shared/bench's pytorch_cnn.py, measured the way that script measures it
 * and reported under its JSON keys ({@code c1_*}).
 *
 * <p>C1: Conv2d(1, 32, 3, pad 1) ReLU MaxPool2 → Conv2d(32, 64, 3, pad 1) ReLU MaxPool2 → Flatten (3136) →
 * Linear(3136, 128) ReLU → Linear(128, 10); softmax + cross-entropy (mean); weights drawn as PyTorch's default
 * (kaiming_uniform with a = √5, i.e. U(−1/√fan_in, 1/√fan_in)), biases 0 (PyTorch draws them from the same range);
 * Adam(1e-3, 0.9, 0.999, 1e-8), batch 128, shuffled every epoch. Reports seconds per epoch (every epoch, and the
 * median of epochs 2..N), samples/s, test accuracy after the last epoch, the batch-1 inference latency (median over
 * the first 2,000 test images after 100 warm-up calls) and peak RSS.
 */
final class CnnBench {
    /** The network, in Soma's architecture grammar (examples of shape [1, 28, 28]). */
    static final String SPEC = "conv:1:32:3:pad=1,relu,maxpool:2,conv:32:64:3:pad=1,relu,maxpool:2,"
            + "flatten,linear:3136:128,relu,linear:128:10";

    /** Images timed one at a time, and warm-up calls before them (as pytorch_cnn.py). */
    static final int LATENCY_IMAGES = 2000;
    static final int LATENCY_WARMUP = 100;

    private CnnBench() {
    }

    /** PyTorch's default weight draw for Conv2d and Linear: U(−1/√fan_in, 1/√fan_in). */
    static final Initializer TORCH_DEFAULT = new Initializer() {
        @Override
        public void fill(Tensor t, int fanIn, int fanOut, SplittableRandom rng) {
            double a = 1 / Math.sqrt(fanIn);
            for (int i = 0; i < t.numel(); i++) {
                t.setFlat(i, -a + 2 * a * rng.nextDouble());
            }
        }

        @Override
        public String spec() {
            return "uniform:1/sqrt(fan_in)";
        }
    };

    static Sequential model(long seed, int[] exampleShape) {
        return Sequential.fromSpec(SPEC, TORCH_DEFAULT, seed, exampleShape);
    }

    /** Trains and measures C1, printing a line per epoch and a summary, and puts the figures into {@code r}. */
    static void run(Dataset train, Dataset test, int epochs, long seed, int threads, PrintWriter out,
                    Map<String, Object> r) {
        Sequential net = model(seed, train.exampleShape());
        TrainingListener progress = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochStats e) {
                out.printf(Locale.ROOT, "C1 epoch %d: %.3f s  loss %.4f%n", e.epoch(), e.seconds(), e.trainLoss());
                out.flush();
            }
        };
        History h = new Trainer(BenchCommand.config(epochs, 128, seed, threads)).fit(net, train, null, progress);
        double[] epochS = new double[h.epochs().size()];
        List<Object> losses = new ArrayList<>();
        for (int i = 0; i < epochS.length; i++) {
            epochS[i] = h.epochs().get(i).seconds();
            losses.add(h.epochs().get(i).trainLoss());
        }
        double med = BenchCommand.median(epochS.length > 1 ? Arrays.copyOfRange(epochS, 1, epochS.length) : epochS);
        double acc = Evaluation.classification(net, test).accuracy();

        int f = test.features();
        int n = Math.min(LATENCY_IMAGES, test.size());
        int[] shape = prepend(1, test.exampleShape());
        float[] x = new float[n * f];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        test.inputs(idx, 0, n, x);
        Tensor[] one = new Tensor[n];
        for (int i = 0; i < n; i++) {
            one[i] = Tensor.of(Arrays.copyOfRange(x, i * f, (i + 1) * f), shape);
        }
        for (int i = 0; i < LATENCY_WARMUP; i++) {
            BenchCommand.argmax(net.predict(one[i % n]));
        }
        double[] lat = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            BenchCommand.argmax(net.predict(one[i]));
            lat[i] = (System.nanoTime() - s) / 1e3;
        }
        double latency = BenchCommand.median(lat);

        r.put("c1_epoch_s", epochS);
        r.put("c1_sec_per_epoch_median", med);
        r.put("c1_samples_per_sec", train.size() / med);
        r.put("c1_test_acc", acc);
        r.put("c1_train_loss", losses);
        r.put("c1_batch1_latency_us", latency);
        r.put("c1_batch1_n", n);
        out.printf(Locale.ROOT, "C1: %.3f s/epoch (median of epochs %s), %,.0f samples/s, test accuracy %.4f, "
                + "batch-1 latency median %.1f µs (%,d images), peak RSS %.0f MB%n", med,
                epochS.length > 1 ? "2.." + epochS.length : "1", train.size() / med, acc, latency, n,
                ProcessInfo.peakRssMiB());
    }

    private static int[] prepend(int n, int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }
}
