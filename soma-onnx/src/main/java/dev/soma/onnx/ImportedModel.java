package dev.soma.onnx;

import dev.soma.nn.Sequential;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import java.nio.file.Path;

/**
 * A model read from an ONNX file: a Soma {@link Sequential} (predicts, trains and saves like any Soma model) and
 * its information (task, class names, standardization, input shape) from the graph and the file's metadata.
 *
 * @param model the network
 * @param info  its information
 */
public record ImportedModel(Sequential model, ModelInfo info) {
    /** Saves it as a Soma model file (safetensors with Soma's metadata). */
    public void save(Path path) {
        SavedModel.save(path, model, info);
    }
}
