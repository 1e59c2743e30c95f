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
        ExportOptions o = ExportOptions.defaults().withOpset(opset).withInfo(info).withRawInputs(rawInputs)
                .withProbabilities(info.isClassification() && !noProbabilities);
        Onnx.export(m, onnx, o);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s (%,d bytes, opset %d): input 'input' %s, output%s%s%n", onnx,
                Files.size(onnx), opset, shape(info, m), o.probabilities() ? "s 'logits', 'probabilities'" : " 'logits'",
                info.standardizer() == null ? "" : rawInputs ? "; inputs must be standardized by the caller"
                        : "; standardization included");
        out.flush();
        return 0;
    }

    private static String shape(ModelInfo info, SavedModel m) {
        int[] s = info.inputShape() != null ? info.inputShape() : m.model().inputShape();
        StringBuilder b = new StringBuilder("[batch");
        for (int d : s) {
            b.append(", ").append(d);
        }
        return b.append(']').toString();
    }
}
