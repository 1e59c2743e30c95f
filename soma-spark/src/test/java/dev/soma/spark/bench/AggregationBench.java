package dev.soma.spark.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * How to sum one float vector per partition on the driver, timed (a benchmark, not a test): the ordered collect that
 * soma-spark uses (results in partition order, summed on the driver) against Spark's treeAggregate (depth 2), for
 * B1's 235,146 and the wide net's 1,863,690 parameters. Run it with the module's test class path, e.g.
 * {@code java <add-opens flags> -cp target/classes:target/test-classes:$(cat target/test-classpath.txt)
 * dev.soma.spark.bench.AggregationBench}.
 */
public final class AggregationBench {
    private AggregationBench() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("aggregation bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Integer> parts = sc.parallelize(List.of(0, 1), 2).persist(StorageLevel.MEMORY_ONLY());
        parts.count();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        for (int size : new int[] {235_146, 1_863_690}) {
            double[] collect = new double[rounds];
            double[] tree = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                float[] w = new float[size]; // what the driver sends (the weights) in both variants
                w[0] = r;
                long t0 = System.nanoTime();
                List<float[]> got = parts.map(p -> vector(w, p)).collect();
                double[] acc = new double[size];
                for (float[] g : got) {
                    for (int i = 0; i < size; i++) {
                        acc[i] += g[i];
                    }
                }
                collect[r] = (System.nanoTime() - t0) / 1e6;
                long t1 = System.nanoTime();
                float[] sum = parts.map(p -> vector(w, p)).treeAggregate(new float[size], AggregationBench::add,
                        AggregationBench::add, 2);
                tree[r] = (System.nanoTime() - t1) / 1e6;
                if (sum[1] != (float) acc[1]) {
                    throw new IllegalStateException("the two sums differ");
                }
            }
            System.out.printf(Locale.ROOT, "%,d floats, 2 partitions, %d rounds: ordered collect median %.1f ms, "
                    + "treeAggregate median %.1f ms; load average %.2f%n", size, rounds, median(collect), median(tree),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        spark.stop();
    }

    private static float[] vector(float[] w, int p) {
        float[] g = new float[w.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (p + 1) * 1e-3f * (i % 7);
        }
        return g;
    }

    private static float[] add(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
    }
}
