package dev.soma.spark.ml;

import dev.soma.SomaException;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema checks and output columns shared by the estimators and models. */
final class ColumnTypes {
    private ColumnTypes() {
    }

    /** The features column must be an ml Vector or an array of numbers. */
    static void checkFeatures(StructType schema, String col) {
        DataType t = field(schema, col).dataType();
        boolean ok = t.equals(SQLDataTypes.VectorType())
                || (t instanceof ArrayType a && a.elementType() instanceof NumericType);
        if (!ok) {
            throw new SomaException("features column '" + col + "' is " + t.simpleString()
                    + ", expected vector or array<float> (array<double> too)");
        }
    }

    /** The label column must be numeric. */
    static void checkLabel(StructType schema, String col) {
        DataType t = field(schema, col).dataType();
        if (!(t instanceof NumericType)) {
            throw new SomaException("label column '" + col + "' is " + t.simpleString() + ", expected a number");
        }
    }

    /** {@code schema} plus {@code col} of {@code type}; fails when the column exists already. */
    static StructType append(StructType schema, String col, DataType type) {
        if (col == null || col.isEmpty()) {
            return schema;
        }
        for (String name : schema.fieldNames()) {
            if (name.equals(col)) {
                throw new SomaException("output column '" + col + "' already exists in the data");
            }
        }
        return schema.add(new StructField(col, type, false, org.apache.spark.sql.types.Metadata.empty()));
    }

    private static StructField field(StructType schema, String col) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(col)) {
                return f;
            }
        }
        throw new SomaException("no column '" + col + "' in the data (columns: " + String.join(", ", schema.fieldNames())
                + ")");
    }
}
