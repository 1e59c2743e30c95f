package dev.soma.cli;

import dev.soma.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code soma predict}: a saved model's prediction for a picture, an IDX file or a CSV file. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false, description = {
    "Predict with a saved model: the class and the probabilities.",
    "--input: a PNG/JPEG picture of a digit (grey-scaled, inverted if the background is light,",
    "cropped, scaled to 20 px and centred by mass in 28x28, as MNIST was made), an IDX file of",
    "images, or a CSV file of numbers (one example per line)."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.safetensors", description = "The saved model.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "What to predict.")
    Path input;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Examples printed (the JSON report has them all).")
    int limit;

    @Option(names = "--show", description = "Draw the (converted) input as text art before the prediction.")
    boolean show;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the predictions as JSON (see README).")
    Path json;

    @Option(names = "--force", description = "Overwrite an existing --json file.")
    boolean force;

    @Override
    public Integer call() {
        Outputs.checkReadable(model, "--model");
        Outputs.checkReadable(input, "--input");
        Outputs.checkWritable(json, "--json", force);
        ModelFiles.Loaded m = ModelFiles.load(model);
        ModelFiles.noteIfDiverged(m, model, spec.commandLine().getErr());
        if (m.inputShape == null) {
            throw new UsageException("--model " + model + ": the file records no input shape (metadata "
                    + dev.soma.train.SavedModel.INPUT_SHAPE_KEY + ") and the architecture does not fix one");
        }
        int features = dev.soma.tensor.Shapes.numel(m.inputShape);
        PredictInputs in = PredictInputs.read(input, features);
        float[] x = in.rows.clone();
        if (m.standardizer != null) {
            m.standardizer.apply(x, in.count);
        }
        Tensor y = m.model.predict(Tensor.of(x, dev.soma.nn.Module.prepend(in.count, m.inputShape)));
        y = y.reshape(in.count, y.numel() / Math.max(in.count, 1));
        float[][] outs = ModelFiles.outputs(m, y);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %s, %,d example%s%n", input, in.kind, in.count, in.count == 1 ? "" : "s");
        if (show && features == 784) {
            for (int i = 0; i < Math.min(in.count, limit); i++) {
                out.print(TextArt.render(in.rows, i * features, 28, 28).replaceAll(" +\n", "\n"));
            }
        }
        List<Object> preds = new ArrayList<>();
        for (int i = 0; i < in.count; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("index", i);
            float[] o = outs[i];
            if (m.classification) {
                int best = ModelFiles.argmax(o);
                String cls = m.classNames.get(best);
                p.put("class", cls);
                p.put("probability", (double) o[best]);
                List<Object> probs = new ArrayList<>();
                for (float v : o) {
                    probs.add((double) v);
                }
                p.put("probabilities", probs);
                if (i < limit) {
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < o.length; k++) {
                        sb.append(String.format(Locale.ROOT, "%s%s %.3f", k > 0 ? "  " : "", m.classNames.get(k), o[k]));
                    }
                    out.printf(Locale.ROOT, "%s%s  (probability %.4f)   %s%n", in.count > 1 ? "#" + i + ": " : "class ",
                            cls, o[best], sb);
                }
            } else {
                List<Object> vals = new ArrayList<>();
                StringBuilder sb = new StringBuilder();
                for (float v : o) {
                    vals.add((double) v);
                    sb.append(sb.length() > 0 ? ", " : "").append(Fmt.num(v));
                }
                p.put("values", vals);
                if (i < limit) {
                    out.printf(Locale.ROOT, "%s%s%n", in.count > 1 ? "#" + i + ": " : "prediction ", sb);
                }
            }
            preds.add(p);
        }
        if (in.count > limit) {
            out.printf(Locale.ROOT, "... %,d more (--limit, or --json FILE for all)%n", in.count - limit);
        }
        if (json != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("command", "predict");
            r.put("input", input.toString());
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("architecture", m.model.spec());
            mm.put("parameters", m.model.parameterCount());
            r.put("model", mm);
            r.put("classes", m.classification ? m.classNames : null);
            r.put("predictions", preds);
            JsonOutput.write(json, r);
            out.println("wrote " + json);
        }
        out.flush();
        return 0;
    }
}
