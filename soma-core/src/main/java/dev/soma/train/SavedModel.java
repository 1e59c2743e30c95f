package dev.soma.train;

import dev.soma.SomaException;
import dev.soma.data.Standardizer;
import dev.soma.io.Json;
import dev.soma.io.SafeTensors;
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
 * metadata (all strings) says how to rebuild and use it; see docs/FORMAT.md:
 * <pre>
 *   format          "soma.model"          format_version  "1"
 *   soma_version    e.g. "0.1.0"          architecture    Sequential.spec(), e.g. "linear:784:256,relu,linear:256:10"
 *   task            "classification" | "regression"
 *   class_names     JSON array of strings (label order)
 *   standardizer    JSON {"mean": [...], "std": [...]} (absent: raw inputs)
 *   loss            the training loss name (optional)
 *   x.*             extra entries of ModelInfo.extra(), with the "x." prefix
 * </pre>
 * Written atomically (io.SafeTensors → io.AtomicFile).
 */
public final class SavedModel {
    public static final String FORMAT = "soma.model";
    public static final String FORMAT_VERSION = "1";

    private final Sequential model;
    private final ModelInfo info;

    private SavedModel(Sequential model, ModelInfo info) {
        this.model = model;
        this.info = info;
    }

    public Sequential model() {
        return model;
    }

    public ModelInfo info() {
        return info;
    }

    /** Writes {@code model} and {@code info} to {@code path}. */
    public static void save(Path path, Sequential model, ModelInfo info) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", FORMAT_VERSION);
        meta.put("soma_version", info.somaVersion());
        meta.put("architecture", model.spec());
        meta.put("task", info.task());
        meta.put("class_names", Json.write(new ArrayList<Object>(info.classNames())));
        if (info.standardizer() != null) {
            meta.put("standardizer", info.standardizer().toJson());
        }
        if (info.loss() != null) {
            meta.put("loss", info.loss());
        }
        info.extra().forEach((k, v) -> meta.put("x." + k, v));
        SafeTensors.write(path, model.stateDict(), meta);
    }

    /** Reads a model written by {@link #save} (or any safetensors file with the same metadata). */
    public static SavedModel load(Path path) {
        SafeTensors.Contents c = SafeTensors.read(path);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new SomaException(path + ": not a Soma model (metadata format is " + meta.get("format")
                    + ", expected " + FORMAT + "); use SavedModel.loadWeights(path, architecture) for a bare state dict");
        }
        String version = meta.get("format_version");
        if (!FORMAT_VERSION.equals(version)) {
            throw new SomaException(path + ": model format version " + version + ", this Soma reads " + FORMAT_VERSION);
        }
        String arch = meta.get("architecture");
        if (arch == null) {
            throw new SomaException(path + ": metadata has no 'architecture'");
        }
        Sequential model = build(arch, c.tensors(), path);
        List<String> names = new ArrayList<>();
        if (meta.containsKey("class_names")) {
            for (Object o : Json.asArray(Json.parse(meta.get("class_names"), path + " class_names"), "class_names")) {
                names.add(String.valueOf(o));
            }
        }
        Standardizer std = meta.containsKey("standardizer") ? Standardizer.fromJson(meta.get("standardizer")) : null;
        Map<String, String> extra = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith("x.")) {
                extra.put(k.substring(2), v);
            }
        });
        String task = meta.getOrDefault("task", names.isEmpty() ? "regression" : "classification");
        ModelInfo info = new ModelInfo(task, names, std, meta.get("loss"),
                meta.getOrDefault("soma_version", "unknown"), extra);
        return new SavedModel(model, info);
    }

    /** Builds {@code architecture} and loads the weights of a bare state-dict file (e.g. saved by PyTorch). */
    public static Sequential loadWeights(Path path, String architecture) {
        return build(architecture, SafeTensors.read(path).tensors(), path);
    }

    private static Sequential build(String arch, LinkedHashMap<String, Tensor> tensors, Path path) {
        Sequential model = Sequential.fromSpec(arch);
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
