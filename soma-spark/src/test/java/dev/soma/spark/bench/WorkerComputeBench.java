package dev.soma.spark.bench;

import dev.soma.kernel.Parallel;
import dev.soma.nn.Module;
import dev.soma.spark.train.TrainSpec;
import dev.soma.train.TrainingStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Why a 1-thread local-SGD worker computes slower than half of the 2-thread single process (a benchmark, not a test;
 * no Spark): B1 (784-256-128-10, Adam), the milliseconds of one training step split into forward+backward and the
 * optimizer's update, for (a) one process, 2 kernel threads (and 1), batch 128; (b) one worker, 1 thread, its half
 * batch of 64, alone; (c) two such workers at once on two threads, as Spark's local[2] runs them; and what the collect
 * strategy's local-SGD task does with Adam's state every round (to safetensors bytes and back). Medians over the
 * timed steps, after warm-up. Run it with the module's test class path, e.g. {@code java --add-modules
 * jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/test-classpath.txt)
 * dev.soma.spark.bench.WorkerComputeBench [steps]}.
 */
public final class WorkerComputeBench {
    private static final String B1 = "linear:784:256,relu,linear:256:128,relu,linear:128:10";

    private WorkerComputeBench() {
    }

    /** One model, its step, and a fixed random batch. */
    private static final class Runner {
        final TrainingStep step;
        final dev.soma.optim.Optimizer optimizer;
        final float[] x;
        final int[] labels;
        final int rows;

        Runner(int rows, long seed) {
            TrainSpec spec = TrainSpec.builder(B1, new int[] {784}).optimizer("adam").batchSize(rows).seed(1).build();
            Module m = spec.newModel();
            optimizer = spec.newOptimizer(m);
            step = new TrainingStep(m, spec.newLoss(m), optimizer, spec.trainConfig(), new int[] {784}, true,
                    rows, true);
            this.rows = rows;
            SplittableRandom r = new SplittableRandom(seed);
            x = new float[rows * 784];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
            }
            labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = r.nextInt(10);
            }
        }

        /** Runs {@code steps} steps; returns [forward+backward ms, update ms] per step. */
        double[][] run(int steps) {
            double[][] t = new double[2][steps];
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                step.computeGradients(x, rows, labels, null);
                long t1 = System.nanoTime();
                step.apply();
                long t2 = System.nanoTime();
                t[0][s] = (t1 - t0) / 1e6;
                t[1][s] = (t2 - t1) / 1e6;
            }
            return t;
        }
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            Parallel.setThreads(2);
            double[][] single = new Runner(128, 1).run(steps);
            Parallel.setThreads(1);
            double[][] singleOne = new Runner(128, 1).run(steps);
            double[][] alone = new Runner(64, 2).run(steps);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<double[][]>> both = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                Runner r = new Runner(64, 3 + w);
                both.add(pool.submit((Callable<double[][]>) () -> r.run(steps)));
            }
            double[][] pair = both.get(0).get();
            both.get(1).get();
            pool.shutdown();
            double[] setup = stateRoundTrip(new Runner(64, 5), 50);
            if (round == 1) {
                print("single process, 2 threads, batch 128", single);
                print("single process, 1 thread, batch 128", singleOne);
                print("one worker alone, 1 thread, batch 64", alone);
                print("two workers at once, 1 thread each, batch 64", pair);
                System.out.printf(Locale.ROOT, "Adam state (%d bytes) to safetensors bytes %.3f ms, bytes back into "
                        + "the optimizer %.3f ms%n", (long) setup[2], setup[0], setup[1]);
            }
        }
    }

    /** The collect strategy's per-round state handling in a task: [to bytes ms, load ms, bytes] (medians). */
    private static double[] stateRoundTrip(Runner r, int times) {
        r.run(2); // Adam's buffers exist after a step
        dev.soma.optim.Optimizer opt = r.optimizer;
        double[] out = new double[times];
        double[] in = new double[times];
        byte[] bytes = null;
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            bytes = dev.soma.io.SafeTensors.toBytes(opt.state(), java.util.Map.of());
            long t1 = System.nanoTime();
            opt.loadState(dev.soma.io.SafeTensors.fromBytes(bytes, "optimizer state").tensors());
            long t2 = System.nanoTime();
            out[i] = (t1 - t0) / 1e6;
            in[i] = (t2 - t1) / 1e6;
        }
        return new double[] {median(out), median(in), bytes.length};
    }

    private static void print(String what, double[][] t) {
        double fb = median(t[0]);
        double up = median(t[1]);
        System.out.printf(Locale.ROOT, "%-46s forward+backward %.3f ms, update %.3f ms, step %.3f ms%n", what, fb, up,
                fb + up);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
