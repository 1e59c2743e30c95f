package dev.soma.spark.ml;

import dev.soma.spark.io.HadoopFiles;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLWriter;

/**
 * Saves a {@link SomaModel}: Spark ML's params metadata ({@code metadata/}, as every Spark ML model) and the network
 * as {@code data/model.safetensors}, a Soma model file.
 */
final class SomaModelWriter extends MLWriter {
    /** The network's file inside a saved model directory. */
    static final String MODEL_FILE = "data/model.safetensors";

    private final SomaModel<?> instance;

    SomaModelWriter(SomaModel<?> instance) {
        this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
        DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
        HadoopFiles.write(sc().hadoopConfiguration(), new Path(path, MODEL_FILE).toString(), instance.model.bytes);
    }
}
