package dev.soma.spark.ml;

import dev.soma.spark.io.HadoopFiles;
import java.util.function.BiFunction;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import scala.Option;

/** Loads what {@link SomaModelWriter} saved: the params, then the network from {@code data/model.safetensors}. */
final class SomaModelReader<M extends SomaModel<M>> extends MLReader<M> {
    private final Class<M> type;
    private final BiFunction<String, byte[], M> make;

    SomaModelReader(Class<M> type, BiFunction<String, byte[], M> make) {
        this.type = type;
        this.make = make;
    }

    @Override
    public M load(String path) {
        DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, sparkSession(), type.getName());
        byte[] bytes = HadoopFiles.read(sc().hadoopConfiguration(), new Path(path, SomaModelWriter.MODEL_FILE).toString());
        M model = make.apply(meta.uid(), bytes);
        meta.getAndSetParams(model, Option.empty());
        return model;
    }
}
