package dev.soma.cli;

import dev.soma.onnx.ExportOptions;
import dev.soma.onnx.Onnx;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code soma export}: a saved model as an ONNX file. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = {
    "Export a saved model as an ONNX file (for ONNX Runtime and other ONNX tools).",
    "Input 'input' [batch, example shape] float32 (the batch size may vary); output 'logits' and,",
    "for classifiers, 'probabilities'. The input standardization is part of the graph unless",
    "--raw-inputs; class names and Soma's metadata go into the file's metadata_props."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.safetensors", description = "The saved model.")
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "FILE.onnx", description = "The ONNX file to write.")
    Path onnx;

    @Option(names = "--opset", paramLabel = "N", defaultValue = "" + ExportOptions.DEFAULT_OPSET,
            description = "The ONNX opset, " + ExportOptions.MIN_OPSET + " to " + ExportOptions.MAX_OPSET + ".")
    int opset;

    @Option(names = "--raw-inputs", description = "Leave the input standardization to the caller (it is recorded "
            + "in the metadata only): the graph takes standardized inputs.")
    boolean rawInputs;

    @Option(names = "--no-probabilities", negatable = false, description = "Only the 'logits' output, also for a "
            + "classifier.")
    boolean noProbabilities;

    @Option(names = "--input-shape", paramLabel = "D,D,...", split = ",", description = "The shape of one input "
            + "example (e.g. 1,28,28), for a model file that does not record it.")
    int[] inputShape;

    @Option(names = "--force", description = "Overwrite the ONNX file if it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Outputs.checkReadable(model, "--model");
        Outputs.checkWritable(onnx, "--onnx", force);
        if (opset < ExportOptions.MIN_OPSET || opset > ExportOptions.MAX_OPSET) {
            throw new UsageException("--opset " + opset + ": Soma writes opsets " + ExportOptions.MIN_OPSET + " to "
                    + ExportOptions.MAX_OPSET);
        }
        SavedModel m = SavedModel.load(model);
        ModelInfo info = m.info();
        if (inputShape != null) {
            for (int d : inputShape) {
                if (d < 1) {
                    throw new UsageException("--input-shape " + java.util.Arrays.toString(inputShape)
                            + ": dimensions must be positive");
                }
            }
            info = info.withInputShape(inputShape);
        }
        ExportOptions o = ExportOptions.defaults().withOpset(opset).withInfo(info).withRawInputs(rawInputs)
                .withProbabilities(info.isClassification() && !noProbabilities);
        Onnx.export(m, onnx, o);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s (%,d bytes, opset %d): input 'input' %s, output%s%s%n", onnx,
                Files.size(onnx), opset, shape(info, m.model()), o.probabilities() ? "s 'logits', 'probabilities'" : " 'logits'",
                info.standardizer() == null ? "" : rawInputs ? "; inputs must be standardized by the caller"
                        : "; standardization included");
        out.flush();
        return 0;
    }

    private static String shape(ModelInfo info, dev.soma.nn.Module m) {
        int[] s = info.inputShape() != null ? info.inputShape() : m.inputShape();
        StringBuilder b = new StringBuilder("[batch");
        for (int d : s) {
            b.append(", ").append(d);
        }
        return b.append(']').toString();
    }
}
