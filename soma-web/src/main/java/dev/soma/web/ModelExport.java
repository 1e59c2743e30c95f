package dev.soma.web;

import dev.soma.onnx.ExportOptions;
import dev.soma.onnx.Onnx;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A playground network as a Soma model file (docs/FORMAT.md), which {@code soma predict} and {@code soma inspect}
 * load, or as an ONNX file (input {@code input}, outputs {@code logits} and, for classes, {@code probabilities}).
 * Its inputs are the enabled features in the playground's order (metadata {@code x.features}); uploaded data was
 * scaled by {@code x.input_scale} first.
 */
final class ModelExport {
    private ModelExport() {
    }

    static byte[] onnx(Session.Export e) {
        return Onnx.toBytes(e.model, ExportOptions.defaults().withInfo(info(e))
                .withProbabilities(e.data.isClassification()));
    }

    static byte[] safetensors(Session.Export e) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("soma-playground-", ".safetensors");
            SavedModel.save(tmp, e.model, info(e));
            return Files.readAllBytes(tmp);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private static ModelInfo info(Session.Export e) {
        ModelInfo info;
        if (e.data.isClassification()) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < e.data.classes; i++) {
                names.add(Integer.toString(i));
            }
            info = ModelInfo.classification(names);
        } else {
            info = ModelInfo.regression();
        }
        info = info.withLoss(Network.loss(e.settings, e.data).name())
                .with("features", String.join(",", e.settings.features))
                .with("input_scale", Double.toString(e.scale))
                .with("source", "soma playground");
        return info.withInputShape(new int[] {e.settings.features.size()});
    }
}
