package dev.soma.cli;

import dev.soma.io.SafeTensors;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code soma inspect}: what a saved model holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = {
    "Show a saved model: layers, output shapes, parameter counts, tensors and metadata."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.safetensors", description = "The saved model.")
    Path model;

    @Override
    public Integer call() throws Exception {
        Outputs.checkReadable(model, "--model");
        ModelFiles.Loaded m = ModelFiles.load(model);
        SafeTensors.Contents c = SafeTensors.read(model);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %,d bytes, architecture %s%n%n", model, Files.size(model), m.model.spec());
        out.print(m.inputShape != null ? m.model.summary(m.inputShape) : m.model.summary());
        out.println();
        out.println("Tensors (PyTorch state_dict names):");
        int width = 12;
        for (String name : c.tensors().keySet()) {
            width = Math.max(width, name.length());
        }
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            out.printf(Locale.ROOT, "  %-" + width + "s %-8s %s%n", e.getKey(), e.getValue().dtype(), Shapes.str(e.getValue().shape()));
        }
        out.println();
        out.println("Metadata:");
        for (Map.Entry<String, String> e : c.metadata().entrySet()) {
            String v = e.getValue();
            if (v.length() > 200) {
                v = v.substring(0, 200) + "… (" + v.length() + " characters)";
            }
            out.printf(Locale.ROOT, "  %s: %s%n", e.getKey(), v);
        }
        out.flush();
        return 0;
    }
}
