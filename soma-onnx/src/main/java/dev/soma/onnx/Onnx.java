package dev.soma.onnx;

import dev.soma.io.AtomicFile;
import dev.soma.nn.Module;
import dev.soma.train.SavedModel;
import java.nio.file.Path;

/**
 * ONNX export and import of Soma models.
 *
 * <p>Export writes the module's inference graph (evaluation mode: dropout removed, batch norm with its running
 * statistics) with input {@code input} of shape [batch, example…] (float32, dynamic batch), output {@code logits}
 * (and {@code probabilities} when asked for), the input standardization as {@code Sub}/{@code Div} nodes, class
 * names and Soma's metadata in metadata_props. Import reads graphs of Gemm/MatMul+Add, the activations, Conv,
 * pooling, BatchNormalization, LayerNormalization, Flatten/Reshape, residual Add, Identity, Dropout and Cast+Gather
 * (what torch.onnx.export writes for an nn.Sequential of Soma's layers, and what export writes; an Embedding comes
 * back without its padding_idx, which ONNX does not record) into a Soma model that predicts, trains and saves like
 * any other; any other operator is refused with one line naming it, its node and the opset.
 *
 * <p>Example:
 * <pre>{@code
 * SavedModel m = SavedModel.load(Path.of("model.safetensors"));
 * Onnx.export(m, Path.of("model.onnx"), ExportOptions.defaults());
 * ImportedModel back = Onnx.load(Path.of("model.onnx"));
 * back.save(Path.of("again.safetensors"));
 * }</pre>
 */
public final class Onnx {
    private Onnx() {
    }

    /** Writes {@code module} as an ONNX file (atomically). */
    public static void export(Module module, Path path, ExportOptions options) {
        AtomicFile.write(path, toBytes(module, options));
    }

    /** Writes a saved model (its information comes with it unless {@code options} carries other). */
    public static void export(SavedModel model, Path path, ExportOptions options) {
        export(model.model(), path, options.info() != null ? options : options.withInfo(model.info()));
    }

    /** The ONNX file's bytes for {@code module}. */
    public static byte[] toBytes(Module module, ExportOptions options) {
        return ModelEncoder.encode(Exporter.build(module, options));
    }

    /** Reads an ONNX file into a Soma model; every problem is one {@link dev.soma.SomaException} line. */
    public static ImportedModel load(Path path) {
        return Importer.load(ModelDecoder.decode(ModelDecoder.read(path), path.getFileName().toString()),
                path.getFileName().toString());
    }

    /** Same for the bytes of a file; {@code name} names it in messages. */
    public static ImportedModel load(byte[] bytes, String name) {
        return Importer.load(ModelDecoder.decode(bytes, name), name);
    }
}
