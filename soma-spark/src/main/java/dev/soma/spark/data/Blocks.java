package dev.soma.spark.data;

import dev.soma.SomaException;
import dev.soma.data.Dataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * Builds the training RDD: one {@link Block} per partition, rows numbered globally in partition order. From a
 * DataFrame (features: an ml {@code Vector} or an array of numbers; label: a class index or a regression target),
 * checked row by row, or from a Soma {@link Dataset} on the driver cut into contiguous ranges.
 */
public final class Blocks {
    private Blocks() {
    }

    /**
     * Args: rows: the data; featuresCol / labelCol: column names; features: values per example; classes: number of
     * classes (classification), or 0 for a numeric regression target. Bad rows fail the job with one line naming
     * the partition and the row's offset in it.
     */
    public static JavaRDD<Block> fromRows(org.apache.spark.sql.Dataset<Row> rows, String featuresCol, String labelCol,
                                          int features, int classes) {
        return fromRows(rows, featuresCol, labelCol, features, classes, null);
    }

    /**
     * Same; {@code rowIdCol} (nullable) holds each row's {@code monotonically_increasing_id()} taken before the data
     * was repartitioned, so that errors name the row's input partition and offset instead.
     */
    public static JavaRDD<Block> fromRows(org.apache.spark.sql.Dataset<Row> rows, String featuresCol, String labelCol,
                                          int features, int classes, String rowIdCol) {
        int fi = index(rows, featuresCol);
        int li = index(rows, labelCol);
        int ii = rowIdCol == null ? -1 : index(rows, rowIdCol);
        JavaRDD<Row> rdd = rows.javaRDD();
        List<Long> sizes = rdd.mapPartitionsWithIndex((p, it) -> {
            long c = 0;
            while (it.hasNext()) {
                it.next();
                c++;
            }
            return Collections.singletonList(c).iterator();
        }, true).collect();
        long[] starts = new long[sizes.size() + 1];
        for (int p = 0; p < sizes.size(); p++) {
            starts[p + 1] = starts[p] + sizes.get(p);
        }
        if (starts[sizes.size()] > Integer.MAX_VALUE - 8) {
            throw new SomaException("distributed training: " + starts[sizes.size()] + " rows, at most "
                    + (Integer.MAX_VALUE - 8) + " are supported");
        }
        return rdd.mapPartitionsWithIndex((p, it) -> Collections.singletonList(
                pack(p, starts[p], it, fi, li, ii, featuresCol, labelCol, features, classes)).iterator(), true);
    }

    private static Block pack(int p, long start, Iterator<Row> it, int fi, int li, int ii, String fc, String lc,
                              int features, int classes) {
        List<Row> rows = new ArrayList<>();
        it.forEachRemaining(rows::add);
        int n = rows.size();
        float[] x = new float[n * features];
        int[] labels = classes > 0 ? new int[n] : null;
        float[] targets = classes > 0 ? null : new float[n];
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            String where = ii >= 0 && !row.isNullAt(ii) ? RowValues.whereFromId(row.getLong(ii)) : RowValues.where(p, r);
            RowValues.features(row.get(fi), fc, features, x, r * features, where);
            if (classes > 0) {
                labels[r] = RowValues.label(row.get(li), lc, classes, where);
            } else {
                RowValues.features(row.get(li), lc, 1, targets, r, where);
            }
        }
        return new Block(p, start, n, features, x, labels, targets, classes > 0 ? 0 : 1);
    }

    /** The broadcasts behind each RDD made by {@link #fromDataset}, by RDD id, until {@link #release}. */
    private static final java.util.Map<Integer, List<Broadcast<Block>>> BROADCASTS = new java.util.HashMap<>();

    /**
     * A Soma data set cut into {@code partitions} contiguous ranges, read on the driver and sent to the executors as
     * one broadcast variable per partition: the tasks themselves stay small (a parallelized collection would put its
     * data into every task of every step), and a lost executor's partitions are rebuilt from the broadcasts.
     */
    public static JavaRDD<Block> fromDataset(JavaSparkContext sc, Dataset data, int partitions) {
        if (partitions <= 0) {
            throw new SomaException("partitions must be positive, got " + partitions);
        }
        int n = data.size();
        int f = data.features();
        int tw = data.isClassification() ? 0 : data.targetWidth();
        List<Broadcast<Block>> blocks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) n * p / partitions);
            int to = (int) ((long) n * (p + 1) / partitions);
            int rows = to - from;
            int[] idx = new int[rows];
            for (int i = 0; i < rows; i++) {
                idx[i] = from + i;
            }
            float[] x = new float[rows * f];
            data.inputs(idx, 0, rows, x);
            int[] labels = null;
            float[] targets = null;
            if (data.isClassification()) {
                labels = new int[rows];
                for (int i = 0; i < rows; i++) {
                    labels[i] = data.label(from + i);
                }
            } else {
                targets = new float[rows * tw];
                data.targets(idx, 0, rows, targets);
            }
            blocks.add(sc.broadcast(new Block(p, from, rows, f, x, labels, targets, tw)));
        }
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ids.add(p);
        }
        JavaRDD<Block> rdd = sc.parallelize(ids, partitions).map(p -> blocks.get(p).value());
        synchronized (BROADCASTS) {
            BROADCASTS.put(rdd.id(), blocks);
        }
        return rdd;
    }

    /**
     * Destroys the broadcast variables behind blocks made by {@link #fromDataset} (on the driver and the executors)
     * and unpersists them: call it when training on them is over, so that a long session (a notebook, a benchmark
     * running many fits) does not keep a copy of every data set it trained on. Blocks from elsewhere are only
     * unpersisted. The RDD is unusable afterwards.
     */
    public static void release(JavaRDD<Block> blocks) {
        List<Broadcast<Block>> b;
        synchronized (BROADCASTS) {
            b = BROADCASTS.remove(blocks.id());
        }
        if (!blocks.getStorageLevel().equals(org.apache.spark.storage.StorageLevel.NONE())) {
            blocks.unpersist(false); // DistributedTrainer unpersists what it persisted itself
        }
        if (b != null) {
            for (Broadcast<Block> x : b) {
                x.destroy();
            }
        }
    }

    /** Total rows. */
    public static long count(JavaRDD<Block> blocks) {
        return blocks.map(b -> (long) b.rows()).fold(0L, Long::sum);
    }

    private static int index(org.apache.spark.sql.Dataset<Row> rows, String col) {
        String[] names = rows.columns();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(col)) {
                return i;
            }
        }
        throw new SomaException("no column '" + col + "' in the data (columns: " + String.join(", ", names) + ")");
    }
}
