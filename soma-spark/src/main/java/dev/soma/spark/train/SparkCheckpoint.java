package dev.soma.spark.train;

import dev.soma.SomaException;
import dev.soma.io.MetadataKeys;
import dev.soma.io.SafeTensors;
import dev.soma.nn.Module;
import dev.soma.spark.io.HadoopFiles;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The driver's state after an epoch, in a directory of any Hadoop file system ({@code file:}, {@code hdfs:},
 * {@code s3a:} …): one safetensors file with the model's state dict ({@code model.*}), the optimizer state
 * ({@code optim.*}) and metadata (epochs done, architecture, optimizer, mode, seed, batch size). Written to a
 * temporary name and renamed, so a crash mid-write leaves the previous checkpoint. A restarted driver given the same
 * directory continues after the last completed epoch; since each epoch's order depends only on (seed, epoch), it
 * reaches the same weights as an uninterrupted run.
 */
public final class SparkCheckpoint {
    /** The file name inside the checkpoint directory. */
    public static final String FILE = "checkpoint.safetensors";
    static final String KIND = "spark-checkpoint";

    private SparkCheckpoint() {
    }

    /** The state of a checkpoint: epochs completed, model weights, optimizer state bytes. */
    record State(int epoch, LinkedHashMap<String, Tensor> model, byte[] optimizer) {
    }

    static void save(Configuration conf, String dir, int epoch, TrainSpec spec, Module model, byte[] optimizer) {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> t.put("model." + k, v));
        if (optimizer != null) {
            OptimizerStates.fromBytes(optimizer).forEach((k, v) -> t.put("optim." + k, v));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(MetadataKeys.KIND, KIND);
        meta.put("epoch", Integer.toString(epoch));
        meta.put("spec", spec.architecture);
        meta.put("optimizer", spec.optimizer);
        meta.put("mode", spec.mode.cliName());
        meta.put("seed", Long.toString(spec.seed));
        meta.put("batch", Integer.toString(spec.batchSize));
        HadoopFiles.write(conf, new Path(dir, FILE).toString(), SafeTensors.toBytes(t, meta));
    }

    /** The checkpoint in {@code dir}, or null when there is none; checked against {@code spec}. */
    static State load(Configuration conf, String dir, TrainSpec spec) {
        Path target = new Path(dir, FILE);
        if (!HadoopFiles.exists(conf, target.toString())) {
            return null;
        }
        byte[] bytes = HadoopFiles.read(conf, target.toString());
        SafeTensors.Contents c = SafeTensors.fromBytes(bytes, target.toString());
        Map<String, String> meta = c.metadata();
        if (!KIND.equals(meta.get(MetadataKeys.KIND))) {
            throw new SomaException("checkpoint: " + target + " is not a Soma Spark checkpoint (kind "
                    + meta.get(MetadataKeys.KIND) + ")");
        }
        check(target, "architecture", meta.get("spec"), spec.architecture);
        check(target, "optimizer", meta.get("optimizer"), spec.optimizer);
        check(target, "mode", meta.get("mode"), spec.mode.cliName());
        LinkedHashMap<String, Tensor> model = new LinkedHashMap<>();
        LinkedHashMap<String, Tensor> optim = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith("model.")) {
                model.put(k.substring(6), v);
            } else if (k.startsWith("optim.")) {
                optim.put(k.substring(6), v);
            }
        });
        byte[] opt = optim.isEmpty() ? null : SafeTensors.toBytes(optim, Map.of());
        return new State(Integer.parseInt(meta.get("epoch")), model, opt);
    }

    private static void check(Path file, String what, String found, String expected) {
        if (!expected.equals(found)) {
            throw new SomaException("checkpoint: " + file + " was written with " + what + " " + found
                    + ", this run uses " + expected + " (use another --checkpoint-dir)");
        }
    }
}
