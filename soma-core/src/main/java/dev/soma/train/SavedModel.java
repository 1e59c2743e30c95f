package dev.soma.train;

import dev.soma.SomaException;
import dev.soma.data.Standardizer;
import dev.soma.io.Json;
import dev.soma.io.MetadataKeys;
import dev.soma.io.SafeTensors;
import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model on disk: one safetensors file whose tensors are the state dict under PyTorch's names
 * ({@code 0.weight}, {@code 0.bias}, …, so {@code torch.nn.Sequential.load_state_dict} takes it as is) and whose
 * metadata (all strings, keys in io.MetadataKeys) says how to rebuild and use it; see docs/FORMAT.md:
 * <pre>
 *   soma.kind            "model"
 *   soma.architecture    the model's spec(), e.g. "linear:784:256,relu,linear:256:10"
 *   soma.task            "classification" | "regression"
 *   soma.classes         JSON array of the class names in label order (classification only)
 *   soma.standardization JSON {"mean": [...], "std": [...]} (absent: raw inputs)
 *   soma.version         the Soma version that wrote the file
 *   soma.loss            the training loss name (optional)
 *   x.*                  extra entries of ModelInfo.extra(), with the "x." prefix
 * </pre>
 * Written atomically (io.SafeTensors → io.AtomicFile).
 */
public final class SavedModel {
    /** The value of {@code soma.kind} for a model file. */
    public static final String KIND = "model";
    /** Metadata key of the training loss name. */
    public static final String LOSS_KEY = "soma.loss";
    /** Metadata key of the shape of one input example, a JSON array ([1, 28, 28]). */
    public static final String INPUT_SHAPE_KEY = "soma.input_shape";

    private final Module model;
    private final ModelInfo info;

    private SavedModel(Module model, ModelInfo info) {
        this.model = model;
        this.info = info;
    }

    public Module model() {
        return model;
    }

    public ModelInfo info() {
        return info;
    }

    /** Writes {@code model} and {@code info} to {@code path}. */
    public static void save(Path path, Module model, ModelInfo info) {
        SafeTensors.write(path, model.stateDict(), metadata(model, info));
    }

    /**
     * The bytes {@link #save} would write, for stores that are not a local path (a Hadoop file system, a Spark ML
     * model directory); {@link #fromBytes} reads them back.
     */
    public static byte[] toBytes(Module model, ModelInfo info) {
        return SafeTensors.toBytes(model.stateDict(), metadata(model, info));
    }

    private static Map<String, String> metadata(Module model, ModelInfo info) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(MetadataKeys.KIND, KIND);
        meta.put(MetadataKeys.ARCHITECTURE, model.spec());
        meta.put(MetadataKeys.TASK, info.task());
        if (info.isClassification()) {
            meta.put(MetadataKeys.CLASSES, Json.write(new ArrayList<Object>(info.classNames())));
        }
        if (info.standardizer() != null) {
            meta.put(MetadataKeys.STANDARDIZATION, info.standardizer().toJson());
        }
        meta.put(MetadataKeys.VERSION, info.somaVersion());
        if (info.loss() != null) {
            meta.put(LOSS_KEY, info.loss());
        }
        int[] shape = info.inputShape() != null ? info.inputShape() : model.inputShape();
        if (shape != null) {
            List<Object> dims = new ArrayList<>();
            for (int d : shape) {
                dims.add((double) d);
            }
            meta.put(INPUT_SHAPE_KEY, Json.write(dims));
        }
        info.extra().forEach((k, v) -> meta.put("x." + k, v));
        return meta;
    }

    /** Reads a model written by {@link #save} (or any safetensors file with the same metadata). */
    public static SavedModel load(Path path) {
        return load(SafeTensors.read(path), path);
    }

    /** Reads the bytes of {@link #toBytes}; {@code sourceName} names them in error messages. */
    public static SavedModel fromBytes(byte[] bytes, String sourceName) {
        return load(SafeTensors.fromBytes(bytes, sourceName), sourceName);
    }

    private static SavedModel load(SafeTensors.Contents c, Object path) { // path: a file, or the name of bytes
        Map<String, String> meta = c.metadata();
        if (!KIND.equals(meta.get(MetadataKeys.KIND))) {
            throw new SomaException(path + ": not a Soma model (metadata " + MetadataKeys.KIND + " is "
                    + meta.get(MetadataKeys.KIND) + ", expected " + KIND
                    + "); use SavedModel.loadWeights(path, architecture) for a bare state dict");
        }
        String arch = meta.get(MetadataKeys.ARCHITECTURE);
        if (arch == null) {
            throw new SomaException(path + ": metadata has no '" + MetadataKeys.ARCHITECTURE + "'");
        }
        int[] inputShape = null;
        if (meta.containsKey(INPUT_SHAPE_KEY)) {
            List<Object> dims = Json.asArray(Json.parse(meta.get(INPUT_SHAPE_KEY), path + " " + INPUT_SHAPE_KEY), INPUT_SHAPE_KEY);
            inputShape = new int[dims.size()];
            for (int i = 0; i < inputShape.length; i++) {
                Object d = dims.get(i);
                if (!(d instanceof Number) || ((Number) d).doubleValue() < 1 || ((Number) d).doubleValue() > 1 << 24) {
                    throw new SomaException(path + ": metadata " + INPUT_SHAPE_KEY + " must be positive integers, got "
                            + meta.get(INPUT_SHAPE_KEY));
                }
                inputShape[i] = ((Number) d).intValue();
            }
        }
        Module model = build(arch, c.tensors(), path, inputShape, false);
        List<String> names = new ArrayList<>();
        if (meta.containsKey(MetadataKeys.CLASSES)) {
            String key = MetadataKeys.CLASSES;
            for (Object o : Json.asArray(Json.parse(meta.get(key), path + " " + key), key)) {
                names.add(String.valueOf(o));
            }
        }
        String stdJson = meta.get(MetadataKeys.STANDARDIZATION);
        Standardizer std = stdJson != null ? Standardizer.fromJson(stdJson) : null;
        Map<String, String> extra = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith("x.")) {
                extra.put(k.substring(2), v);
            }
        });
        String task = meta.getOrDefault(MetadataKeys.TASK, names.isEmpty() ? "regression" : "classification");
        ModelInfo info = new ModelInfo(task, names, std, meta.get(LOSS_KEY),
                meta.getOrDefault(MetadataKeys.VERSION, "unknown"), extra).withInputShape(inputShape);
        return new SavedModel(model, info);
    }

    /** Builds {@code architecture} and loads the weights of a bare state-dict file (e.g. saved by PyTorch). */
    public static Sequential loadWeights(Path path, String architecture) {
        return build(architecture, SafeTensors.read(path).tensors(), path, null);
    }

    /** Same for examples of {@code inputShape} (widths left out of the spec follow from it). */
    public static Sequential loadWeights(Path path, String architecture, int[] inputShape) {
        return build(architecture, SafeTensors.read(path).tensors(), path, inputShape);
    }

    private static Sequential build(String arch, LinkedHashMap<String, Tensor> tensors, Object path, int[] inputShape) {
        return (Sequential) build(arch, tensors, path, inputShape, true);
    }

    /**
     * The module of {@code arch} with the file's tensors. A spec always reads as a Sequential; a model saved as a
     * single module (a Residual, a lone Linear) has its state dict without the "0." prefix, and is that module.
     */
    private static Module build(String arch, LinkedHashMap<String, Tensor> tensors, Object path, int[] inputShape,
                                boolean sequential) {
        Sequential seq;
        try {
            seq = Sequential.fromSpec(arch, null, 42L, inputShape);
        } catch (SomaException e) {
            throw new SomaException(path + ": " + e.getMessage(), e);
        }
        Module model = seq;
        if (!sequential && seq.layers().size() == 1 && !seq.stateDict().keySet().equals(tensors.keySet())
                && seq.layers().get(0).stateDict().keySet().equals(tensors.keySet())) {
            model = seq.layers().get(0);
        }
        boolean f64 = !tensors.isEmpty() && tensors.values().iterator().next().dtype() == DType.F64;
        if (f64) {
            model.to(DType.F64);
        }
        try {
            model.loadStateDict(tensors);
        } catch (SomaException e) {
            throw new SomaException(path + ": " + e.getMessage(), e);
        }
        model.eval();
        return model;
    }
}
