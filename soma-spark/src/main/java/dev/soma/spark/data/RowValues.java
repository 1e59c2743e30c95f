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

    static String where(int partition, long row) {
        return "partition " + partition + ", row " + row;
    }

    /**
     * Copies the features of {@code value} (an ml Vector, or an array of numbers) to {@code dst[offset…]}, exactly
     * {@code width} finite values.
     */
    public static void features(Object value, String column, int width, float[] dst, int offset, int partition, long row) {
        if (value == null) {
            throw new SomaException(where(partition, row) + ": column '" + column + "' is null (a corrupt or empty row)");
        }
        if (value instanceof Vector v) {
            if (v.size() != width) {
                throw new SomaException(where(partition, row) + ": column '" + column + "' has " + v.size()
                        + " values, expected " + width);
            }
            for (int i = 0; i < width; i++) {
                dst[offset + i] = finite(v.apply(i), column, i, partition, row);
            }
            return;
        }
        List<?> list = asList(value);
        if (list == null) {
            throw new SomaException(where(partition, row) + ": column '" + column + "' is a "
                    + value.getClass().getSimpleName() + ", expected a vector or an array of numbers");
        }
        if (list.size() != width) {
            throw new SomaException(where(partition, row) + ": column '" + column + "' has " + list.size()
                    + " values, expected " + width);
        }
        for (int i = 0; i < width; i++) {
            Object o = list.get(i);
            if (!(o instanceof Number num)) {
                throw new SomaException(where(partition, row) + ": column '" + column + "' value " + i + " is "
                        + (o == null ? "null" : "'" + o + "'") + ", expected a number");
            }
            dst[offset + i] = finite(num.doubleValue(), column, i, partition, row);
        }
    }

    /** The class label of {@code value}: an integer-valued number in [0, classes). */
    public static int label(Object value, String column, int classes, int partition, long row) {
        if (!(value instanceof Number num)) {
            throw new SomaException(where(partition, row) + ": label column '" + column + "' is "
                    + (value == null ? "null (a corrupt or empty row)" : "'" + value + "'") + ", expected a class index");
        }
        double d = num.doubleValue();
        if (!(d >= 0 && d < classes) || d != Math.rint(d)) {
            throw new SomaException(where(partition, row) + ": label " + num + " is out of range, expected an integer in [0, "
                    + classes + ")");
        }
        return (int) d;
    }

    private static float finite(double v, String column, int i, int partition, long row) {
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new SomaException(where(partition, row) + ": column '" + column + "' value " + i + " is " + v
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
