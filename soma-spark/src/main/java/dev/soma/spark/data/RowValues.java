package dev.soma.spark.data;

import dev.soma.SomaException;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Reads one row's features and label into floats, checking each value; failures name the row by partition and
 * offset ({@code partition 1, row 37: features has 783 values, expected 784}).
 */
public final class RowValues {
    private RowValues() {
    }

    /** "partition P, row R": the row's Spark partition and its offset in it (0-based). */
    public static String where(int partition, long row) {
        return "partition " + partition + ", row " + row;
    }

    /**
     * Where a row came from, read from a {@code monotonically_increasing_id()} taken before any repartitioning:
     * the input partition (the id's upper 31 bits) and the offset in it (the lower 33 bits).
     */
    public static String whereFromId(long id) {
        return "input partition " + (id >>> 33) + ", row " + (id & ((1L << 33) - 1));
    }

    /**
     * Copies the features of {@code value} (an ml Vector, or an array of numbers) to {@code dst[offset…]}, exactly
     * {@code width} finite values.
     */
    public static void features(Object value, String column, int width, float[] dst, int offset, String where) {
        if (value == null) {
            throw new SomaException(where + ": column '" + column + "' is null (a corrupt or empty row)");
        }
        if (value instanceof Vector v) {
            if (v.size() != width) {
                throw new SomaException(where + ": column '" + column + "' has " + v.size()
                        + " values, expected " + width);
            }
            for (int i = 0; i < width; i++) {
                dst[offset + i] = finite(v.apply(i), column, i, where);
            }
            return;
        }
        List<?> list = asList(value);
        if (list == null) {
            throw new SomaException(where + ": column '" + column + "' is a "
                    + value.getClass().getSimpleName() + ", expected a vector or an array of numbers");
        }
        if (list.size() != width) {
            throw new SomaException(where + ": column '" + column + "' has " + list.size()
                    + " values, expected " + width);
        }
        for (int i = 0; i < width; i++) {
            Object o = list.get(i);
            if (!(o instanceof Number num)) {
                throw new SomaException(where + ": column '" + column + "' value " + i + " is "
                        + (o == null ? "null" : "'" + o + "'") + ", expected a number");
            }
            dst[offset + i] = finite(num.doubleValue(), column, i, where);
        }
    }

    /** The class label of {@code value}: an integer-valued number in [0, classes). */
    public static int label(Object value, String column, int classes, String where) {
        if (!(value instanceof Number num)) {
            throw new SomaException(where + ": label column '" + column + "' is "
                    + (value == null ? "null (a corrupt or empty row)" : "'" + value + "'") + ", expected a class index");
        }
        double d = num.doubleValue();
        if (!(d >= 0 && d < classes) || d != Math.rint(d)) {
            throw new SomaException(where + ": label " + num + " is out of range, expected an integer in [0, "
                    + classes + ")");
        }
        return (int) d;
    }

    private static float finite(double v, String column, int i, String where) {
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new SomaException(where + ": column '" + column + "' value " + i + " is " + v
                    + ", expected a finite float");
        }
        return (float) v;
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> l) {
            return l;
        }
        if (value instanceof scala.collection.Seq<?> s) {
            return scala.jdk.javaapi.CollectionConverters.asJava(s);
        }
        if (value instanceof Number) {
            return List.of(value);
        }
        return null;
    }
}
