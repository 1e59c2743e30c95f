package dev.soma.spark.cli;

import dev.soma.data.DataSources;
import dev.soma.data.DataSplit;
import dev.soma.nn.Module;
import dev.soma.spark.data.Block;
import dev.soma.spark.data.Blocks;
import dev.soma.spark.train.DistributedTrainer;
import dev.soma.spark.train.EpochResult;
import dev.soma.spark.train.Mode;
import dev.soma.spark.train.Sync;
import dev.soma.spark.train.TrainSpec;
import dev.soma.spark.train.TrainSpecBuilder;
import dev.soma.train.EpochStats;
import dev.soma.train.Evaluation;
import dev.soma.train.History;
import dev.soma.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: single-process Soma (all local threads) against Soma on Spark in both modes, in one run so the
 * ratios share the machine's load: examples/s per epoch (medians), the part of each epoch spent computing, the
 * time per synchronization outside computing (per strategy and k), and the test accuracy reached with the same epochs, seed and global batch. A benchmark, not a test.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Compare single-process training with Soma on Spark (both modes) on Fashion-MNIST.")
final class BenchCommand implements Runnable {
    @Option(names = "--data", defaultValue = "fashion-mnist", description = "Data set (default fashion-mnist).")
    String data;

    @Option(names = "--spark", defaultValue = "local[2]", description = "Spark master (default local[2]).")
    String master;

    @Option(names = "--partitions", defaultValue = "2", description = "Workers (default 2, one kernel thread each).")
    int partitions;

    @Option(names = "--threads", defaultValue = "2", description = "Kernel threads of the single-process run (default 2).")
    int threads;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs of every run (default 3).")
    int epochs;

    @Option(names = "--k", split = ",", defaultValue = "16",
            description = "local-sgd: local steps between averagings, one run each (default 16).")
    List<Integer> ks;

    @Option(names = "--sync", split = ",", defaultValue = "collect,barrier",
            description = "Synchronization strategies to run: collect, barrier (default both).")
    List<String> syncs;

    @Option(names = "--modes", split = ",", defaultValue = "gradient,local-sgd", description = "Modes to run.")
    List<String> modes;

    @Option(names = "--pair", description = "Run the single process again before every Spark run, and compare each "
            + "Spark run with the single-process run next to it (for a machine whose load changes).")
    boolean pair;

    @Option(names = "--nets", split = ",", defaultValue = "b1,wide",
            description = "b1 (784-256-128-10, batch 128), wide (784-1024-1024-10, batch 256).")
    List<String> nets;

    @Override
    public void run() {
        org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
        // the weights travel in each job's task binary (broadcast by Spark): its size warning is expected here
        org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.spark.scheduler.DAGScheduler",
                org.apache.logging.log4j.Level.ERROR);
        SparkSession spark = SparkSession.builder().appName("soma bench").master(master)
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            DataSplit split = DataSources.open(data, null);
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            System.out.printf(Locale.ROOT, "%s: %d training examples; load average at start %.2f%n", data,
                    split.train().size(), java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            for (String net : nets) {
                String arch = net.equals("b1") ? "linear:784:256,relu,linear:256:128,relu,linear:128:10"
                        : "linear:784:1024,relu,linear:1024:1024,relu,linear:1024:10";
                int batch = net.equals("b1") ? 128 : 256;
                TrainSpecBuilder b = TrainSpec.builder(arch, new int[] {784}).optimizer("adam").batchSize(batch)
                        .epochs(epochs).seed(1);
                double[] single = pair ? null : single(split, b, net);
                for (String name : modes) {
                    Mode mode = Mode.parse(name);
                    for (int k : mode == Mode.LOCAL_SGD ? ks : List.of(1)) {
                        for (String sync : syncs) {
                            if (pair) {
                                single = single(split, b, net);
                            }
                            run(sc, split, b.mode(mode).k(k).sync(Sync.parse(sync)).build(), net, single[0], single[1]);
                        }
                    }
                }
            }
        } finally {
            spark.stop();
        }
    }

    /** The single-process run of {@code net}: [median examples/s, test accuracy]. */
    private double[] single(DataSplit split, TrainSpecBuilder b, String net) {
        TrainSpec spec = b.build();
        Module single = spec.newModel();
        History h = new Trainer(spec.trainConfig().threads(threads)).fit(single, split.train(), null);
        double[] st = h.epochs().stream().mapToDouble(EpochStats::samplesPerSecond).toArray();
        double acc = Evaluation.classification(single, split.test()).accuracy();
        System.out.printf(Locale.ROOT, "%s single process, %d threads: %s examples/s per epoch, median %.0f; "
                + "test accuracy %.4f; load average %.2f%n", net, threads, Arrays.toString(round(st)), median(st), acc,
                load());
        return new double[] {median(st), acc};
    }

    private void run(JavaSparkContext sc, DataSplit split, TrainSpec spec, String net, double singleRate,
                     double singleAcc) {
        List<EpochResult> rs = new ArrayList<>();
        JavaRDD<Block> blocks = Blocks.fromDataset(sc, split.train(), partitions);
        DistributedTrainer.Result r;
        try {
            r = new DistributedTrainer(spec).onEpoch(rs::add).fit(blocks);
        } finally {
            Blocks.release(blocks); // each run broadcasts its own copy of the training set
        }
        double[] rates = rs.stream().mapToDouble(EpochResult::throughput).toArray();
        double[] computeShare = rs.stream().mapToDouble(e -> e.computeSeconds() / e.seconds()).toArray();
        double[] perSync = rs.stream().mapToDouble(e -> 1000 * (e.seconds() - e.computeSeconds()) / e.syncs())
                .toArray();
        double acc = Evaluation.classification(r.model(), split.test()).accuracy();
        System.out.printf(Locale.ROOT, "%s spark %s%s, %s, %d workers: %s examples/s per epoch, median %.0f "
                        + "(%.0f %% of single); computing %.0f %% of the time; %d syncs/epoch, "
                        + "%.1f ms per sync outside compute (median); test accuracy %.4f (%+.4f); load average %.2f%n",
                net, spec.mode().cliName(), spec.mode() == Mode.LOCAL_SGD ? " k " + spec.k() : "",
                spec.sync().cliName(), partitions, Arrays.toString(round(rates)), median(rates),
                100 * median(rates) / singleRate, 100 * median(computeShare), rs.get(rs.size() - 1).syncs(),
                median(perSync), acc, acc - singleAcc, load());
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long[] round(double[] v) {
        return Arrays.stream(v).mapToLong(Math::round).toArray();
    }
}
