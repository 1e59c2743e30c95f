package dev.soma.cli;

import dev.soma.onnx.ImportedModel;
import dev.soma.onnx.Onnx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code soma import}: an ONNX file as a Soma model. */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = {
    "Import an ONNX file as a Soma model file that predicts, trains and saves like any other.",
    "Reads graphs of Gemm/MatMul+Add, the activations, Conv, pooling, Batch/LayerNormalization,",
    "Flatten/Reshape, residual Add, Identity, Dropout and Cast+Gather (an embedding table): what",
    "torch.onnx.export writes for an nn.Sequential of Soma's layers, and what 'soma export' writes.",
    "Any other operator is refused."})
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--onnx", required = true, paramLabel = "FILE.onnx", description = "The ONNX file.")
    Path onnx;

    @Option(names = "--out", required = true, paramLabel = "MODEL.safetensors", description = "The model to write.")
    Path out;

    @Option(names = "--force", description = "Overwrite the model file if it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Outputs.checkReadable(onnx, "--onnx");
        Outputs.checkWritable(out, "--out", force);
        ImportedModel m = Onnx.load(onnx);
        m.save(out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %s: %s (%s%s, %,d parameters)%n", out, m.model().spec(), m.info().task(),
                m.info().isClassification() ? ", " + m.info().classNames().size() + " classes" : "",
                m.model().parameterCount());
        w.flush();
        return 0;
    }
}
