package dev.soma.cli;

import dev.soma.data.DataOptions;
import dev.soma.data.DataSources;
import dev.soma.data.DataSplit;
import dev.soma.data.Dataset;
import dev.soma.data.FashionMnist;
import dev.soma.kernel.KernelProvider;
import dev.soma.nn.Mlp;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Tensor;
import dev.soma.train.EpochStats;
import dev.soma.train.Evaluation;
import dev.soma.train.History;
import dev.soma.train.ModelInfo;
import dev.soma.train.TrainConfig;
import dev.soma.train.Trainer;
import dev.soma.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soma bench}: the standard benchmark of the performance issue, measured the way shared/bench/numpy_b1.py
 * and pytorch_b1.py measure it, with the same JSON keys so the rows compare.
 * <ul>
 *   <li>B1: MLP 784-256-128-10, ReLU, softmax + cross-entropy, He normal init, biases 0, Adam(1e-3, 0.9, 0.999,
 *       1e-8), batch 128, 5 epochs, shuffle every epoch, float32, Fashion-MNIST 60k/10k, all cores: seconds per
 *       epoch (median of epochs 2..5, data already in memory), samples/s, test accuracy after the last epoch, the
 *       time from process start to the end of the first batch, peak RSS.</li>
 *   <li>B2: a fresh network, batch 32, one epoch.</li>
 *   <li>B3: the trained B1 network predicting the 10,000 test images as one batch (median of 5 runs after a
 *       warm-up: images/s) and one at a time (median latency over the 10,000 calls after 200 warm-up calls).</li>
 * </ul>
 * With {@code --cnn}, C1 instead (shared/bench/pytorch_cnn.py's small CNN, {@link CnnBench}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false, description = {
    "Run the standard benchmark: B1 training, B2 small batches, B3 inference.",
    "Fashion-MNIST, MLP 784-256-128-10; prints the numbers and writes them with --json under the",
    "same keys as shared/bench's numpy and PyTorch scripts, so the rows compare.",
    "--cnn runs C1 instead, the small CNN of shared/bench/pytorch_cnn.py (its keys c1_*)."})
final class BenchCommand implements Callable<Integer> {
    static final String DEFAULT_DATA = FashionMnist.DEBIAN_DIRECTORY;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = DEFAULT_DATA,
            description = "Directory of the Fashion-MNIST IDX files (Debian: apt-get install dataset-fashion-mnist).")
    Path data;

    @Option(names = "--epochs", paramLabel = "N", description = "B1 epochs (default 5), or C1 epochs with --cnn (default 3).")
    Integer epochs;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads (default: all cores).")
    Integer threads;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1234", description = "Seed of weights and shuffling.")
    long seed;

    @Option(names = "--only-b1", description = "Skip B2 and B3.")
    boolean onlyB1;

    @Option(names = "--mlp", paramLabel = "SIZES", description = {"B1 with another MLP, e.g. 784-2048-10 or 784-1024-1024-10",
        "(ReLU, He normal, Adam as B1); implies --only-b1."})
    String mlp;

    @Option(names = "--batch", paramLabel = "N", description = "B1's batch size (default 128).")
    Integer batch;

    @Option(names = "--cnn", description = "Run C1 (shared/bench/pytorch_cnn.py's small CNN) instead of B1, B2 and B3.")
    boolean cnn;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

    @Option(names = "--force", description = "Overwrite an existing --json file.")
    boolean force;

    @Override
    public Integer call() {
        if (!Files.isDirectory(data)) {
            throw new UsageException("--data " + data + ": no such directory (Fashion-MNIST: apt-get install "
                    + "dataset-fashion-mnist, or give the directory of its four IDX files)");
        }
        int epochs = this.epochs != null ? this.epochs : cnn ? 3 : 5;
        if (epochs < 1) {
            throw new UsageException("--epochs " + epochs + ": expected at least 1");
        }
        if (cnn && onlyB1) {
            throw new UsageException("--cnn and --only-b1: expected one of them (--cnn runs C1 only)");
        }
        if (cnn && (mlp != null || batch != null)) {
            throw new UsageException("--cnn with --mlp or --batch: C1 has its own network and batch size");
        }
        int[] sizes = mlp == null ? new int[] {784, 256, 128, 10} : sizes(mlp);
        int b1Batch = batch == null ? 128 : batch;
        if (b1Batch < 1) {
            throw new UsageException("--batch " + b1Batch + ": expected at least 1");
        }
        boolean b1Only = onlyB1 || mlp != null;
        Outputs.checkWritable(json, "--json", force);
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Threads.set(nThreads);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("framework", "soma");
        r.put("version", "soma " + ModelInfo.SOMA_VERSION + ", " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"));
        r.put("jdk", System.getProperty("java.version"));
        r.put("kernels", KernelProvider.get().name());
        r.put("threads", nThreads);
        r.put("data_dir", data.toString());

        // B1's model first: built (~35 ms on a cold JVM) while the data set may still be being read ahead
        Sequential net = cnn ? null : model(seed, sizes);
        long t0 = System.nanoTime();
        DataSplit split = DataSources.open(data.toString(), DataOptions.defaults());
        double loadS = (System.nanoTime() - t0) / 1e9;
        Dataset train = split.train();
        Dataset test = split.test();
        if (test == null) {
            throw new UsageException("--data " + data + ": expected train and t10k IDX files");
        }
        r.put("n_train", train.size());
        r.put("n_test", test.size());
        out.printf(Locale.ROOT, "soma bench: %s, kernels %s, %d thread%s, data %s (%,d train, %,d test, loaded in %.2f s)%n",
                r.get("version"), r.get("kernels"), nThreads, nThreads == 1 ? "" : "s", data, train.size(), test.size(),
                loadS);

        if (cnn) {
            CnnBench.run(train, test, epochs, seed, nThreads, out, r);
            finish(out, r);
            return 0;
        }

        // B1
        double[] firstBatch = {Double.NaN};
        TrainingListener timing = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy) {
                if (epoch == 1 && batch == 1 && Double.isNaN(firstBatch[0])) {
                    firstBatch[0] = ProcessInfo.secondsSinceStart();
                }
            }

            @Override
            public void onEpochEnd(EpochStats e) {
                out.printf(Locale.ROOT, "B1 epoch %d: %.3f s  loss %.4f%n", e.epoch(), e.seconds(), e.trainLoss());
                out.flush();
            }
        };
        History h = new Trainer(config(epochs, b1Batch, seed, nThreads)).fit(net, train, null, timing);
        double[] epochS = new double[h.epochs().size()];
        List<Object> losses = new ArrayList<>();
        for (int i = 0; i < epochS.length; i++) {
            epochS[i] = h.epochs().get(i).seconds();
            losses.add(h.epochs().get(i).trainLoss());
        }
        double med = median(epochS.length > 1 ? Arrays.copyOfRange(epochS, 1, epochS.length) : epochS);
        double acc = Evaluation.classification(net, test).accuracy();
        r.put("b1_architecture", Arrays.stream(sizes).mapToObj(String::valueOf).reduce((a, b) -> a + "-" + b).get());
        r.put("b1_batch", b1Batch);
        r.put("b1_epoch_s", epochS);
        r.put("b1_sec_per_epoch_median_2_5", med);
        r.put("b1_samples_per_sec", train.size() / med);
        r.put("b1_test_acc", acc);
        r.put("b1_train_loss", losses);
        r.put("data_load_s", loadS);
        r.put("process_to_first_batch_s", firstBatch[0]);
        r.put("b1_peak_rss_mb", ProcessInfo.peakRssMiB());
        out.printf(Locale.ROOT, "B1: %.3f s/epoch (median of epochs 2..%d), %,.0f samples/s, test accuracy %.4f, "
                + "process start to end of first batch %.3f s, peak RSS %.0f MB%n", med, epochS.length,
                train.size() / med, acc, firstBatch[0], ProcessInfo.peakRssMiB());

        if (!b1Only) {
            // B2
            Sequential net2 = model(seed + 1, sizes);
            long t2 = System.nanoTime();
            new Trainer(config(1, 32, seed + 1, nThreads)).fit(net2, train, null);
            double b2 = (System.nanoTime() - t2) / 1e9;
            double acc2 = Evaluation.classification(net2, test).accuracy();
            r.put("b2_sec_per_epoch", b2);
            r.put("b2_test_acc", acc2);
            out.printf(Locale.ROOT, "B2: %.3f s for one epoch of batch 32, test accuracy %.4f%n", b2, acc2);

            // B3
            int n = test.size();
            int f = test.features();
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            float[] x = new float[n * f];
            test.inputs(all, 0, n, x);
            Tensor batch = Tensor.of(x, n, f);
            int[] pred = argmax(net.predict(batch));
            double[] reps = new double[5];
            for (int k = 0; k < reps.length; k++) {
                long s = System.nanoTime();
                pred = argmax(net.predict(batch));
                reps[k] = (System.nanoTime() - s) / 1e9;
            }
            int correct = 0;
            for (int i = 0; i < n; i++) {
                correct += pred[i] == test.label(i) ? 1 : 0;
            }
            r.put("b3_batch_reps_s", reps);
            r.put("b3_batch_size", n);
            r.put("b3_batch_throughput_img_s", n / median(reps));
            r.put("b3_batch_acc", (double) correct / n);
            for (int i = 0; i < 200; i++) {
                argmax(net.predict(row(x, i, f)));
            }
            double[] lat = new double[n];
            for (int i = 0; i < n; i++) {
                Tensor one = row(x, i, f);
                long s = System.nanoTime();
                argmax(net.predict(one));
                lat[i] = (System.nanoTime() - s) / 1e3;
            }
            double[] sorted = lat.clone();
            Arrays.sort(sorted);
            r.put("b3_batch1_n", n);
            r.put("b3_batch1_latency_us", median(lat));
            r.put("b3_batch1_latency_p90_us", sorted[(int) (0.9 * n)]);
            out.printf(Locale.ROOT, "B3: %,.0f images/s as one batch of %,d; batch-1 latency median %.1f µs (p90 %.1f µs)%n",
                    n / median(reps), n, median(lat), sorted[(int) (0.9 * n)]);
        }
        finish(out, r);
        return 0;
    }

    /** The process-wide figures, printed and put into {@code r}; then the JSON file when asked for. */
    private void finish(PrintWriter out, Map<String, Object> r) {
        r.put("peak_rss_mb", ProcessInfo.peakRssMiB());
        r.put("load_average_1min", ProcessInfo.loadAverage());
        r.put("process_wall_s", ProcessInfo.secondsSinceStart());
        out.printf(Locale.ROOT, "peak RSS %.0f MB, %.1f s since process start, load average %.2f on %d cores%n",
                ProcessInfo.peakRssMiB(), ProcessInfo.secondsSinceStart(), ProcessInfo.loadAverage(),
                Runtime.getRuntime().availableProcessors());
        if (json != null) {
            JsonOutput.write(json, r);
            out.println("wrote " + json);
        }
        out.flush();
    }

    static Sequential model(long seed, int[] sizes) {
        return Mlp.builder().input(sizes[0]).hidden(Arrays.copyOfRange(sizes, 1, sizes.length - 1)).activation("relu")
                .output(sizes[sizes.length - 1]).init("he_normal").seed(seed).build();
    }

    /** "784-2048-10" → {784, 2048, 10}: Fashion-MNIST's 784 inputs and 10 classes at the ends. */
    static int[] sizes(String mlp) {
        int[] s;
        try {
            s = Arrays.stream(mlp.split("-")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new UsageException("--mlp " + mlp + ": expected layer sizes joined by '-', e.g. 784-2048-10");
        }
        if (s.length < 2 || s[0] != 784 || s[s.length - 1] != 10 || Arrays.stream(s).anyMatch(v -> v < 1)) {
            throw new UsageException("--mlp " + mlp + ": expected positive sizes from 784 inputs to 10 classes "
                    + "(Fashion-MNIST), e.g. 784-2048-10");
        }
        return s;
    }

    static TrainConfig config(int epochs, int batch, long seed, int threads) {
        return new TrainConfig().epochs(epochs).batchSize(batch).optimizer("adam").lr(1e-3).beta1(0.9).beta2(0.999)
                .eps(1e-8).shuffle(true).seed(seed).threads(threads).loss("cross_entropy");
    }

    /** Image i of the test batch as a [1, f] tensor (made outside the timed call, as the reference's row views). */
    private static Tensor row(float[] x, int i, int f) {
        return Tensor.of(Arrays.copyOfRange(x, i * f, (i + 1) * f), 1, f);
    }

    static int[] argmax(Tensor y) {
        int n = y.size(0);
        int k = y.size(1);
        float[] v = y.contiguous().floats();
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (v[i * k + j] > v[i * k + best]) {
                    best = j;
                }
            }
            a[i] = best;
        }
        return a;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
