package dev.soma.onnx;

import dev.soma.SomaException;
import dev.soma.data.Standardizer;
import dev.soma.io.Json;
import dev.soma.io.MetadataKeys;
import dev.soma.nn.Module;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the ONNX model of a Soma module: input {@code input} [batch, example shape…] (float32, dynamic batch),
 * the standardization as {@code Sub}/{@code Div} (unless raw inputs are asked for), the module's own nodes (each
 * layer writes them, {@link Module#export}), output {@code logits} and optionally {@code probabilities}, Soma's
 * metadata in metadata_props.
 */
final class Exporter {
    /** metadata_props key: "graph" when the graph standardizes its inputs, "caller" when the caller must. */
    static final String STANDARDIZATION_WHERE = "soma.onnx.standardization";

    private Exporter() {
    }

    static OnnxModel build(Module model, ExportOptions o) {
        ModelInfo info = o.info();
        int[] shape = o.inputShape() != null ? o.inputShape()
                : info != null && info.inputShape() != null ? info.inputShape() : model.inputShape();
        if (shape == null) {
            throw new SomaException("cannot export " + model.describe() + ": the shape of its input examples is not"
                    + " known (give it with ExportOptions.withInputShape or soma export --input-shape)");
        }
        int[] outShape = model.outputShape(shape);
        GraphBuilder g = new GraphBuilder(o.opset());
        String x = "input";
        Standardizer std = info == null ? null : info.standardizer();
        if (std != null && !o.rawInputs()) {
            if (std.features() != Shapes.numel(shape)) {
                throw new SomaException("cannot export: the standardization has " + std.features()
                        + " features, the model's examples " + Shapes.str(shape) + " have " + Shapes.numel(shape));
            }
            String mean = g.constant("mean", Tensor.of(std.mean().clone(), shape));
            String sd = g.constant("std", Tensor.of(std.std().clone(), shape));
            x = g.node("Div", List.of(g.node("Sub", List.of(x, mean), Map.of()), sd), Map.of());
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        String out;
        try {
            out = model.export(g, x, shape);
        } finally {
            model.train(wasTraining);
        }
        g.rename(out, "logits");
        LinkedHashMap<String, long[]> outputs = new LinkedHashMap<>();
        outputs.put("logits", batched(outShape));
        if (o.probabilities()) {
            String kind = model.outputKind();
            if (kind == null && Shapes.numel(outShape) == 1) {
                // one logit of a binary classifier: the probability of the second class, as Soma predicts it
                g.namedNode("Sigmoid", List.of("logits"), Map.of(), "probabilities");
            } else if (kind == null) {
                g.namedNode("Softmax", List.of("logits"), Map.of("axis", 1L), "probabilities");
            } else {
                g.namedNode("Identity", List.of("logits"), Map.of(), "probabilities");
            }
            outputs.put("probabilities", batched(outShape));
        }
        LinkedHashMap<String, long[]> inputs = new LinkedHashMap<>();
        inputs.put("input", batched(shape));
        String doc = o.docString() != null ? o.docString() : "Soma model " + model.spec() + " ("
                + (info == null ? "regression" : info.task()) + "), exported by Soma " + ModelInfo.SOMA_VERSION;
        return new OnnxModel(irVersion(o.opset()), o.opset(), "soma", doc, g.nodes(), g.initializers(), inputs,
                outputs, metadata(model, info, shape, o));
    }

    private static long[] batched(int[] shape) {
        long[] d = new long[shape.length + 1];
        d[0] = -1;
        for (int i = 0; i < shape.length; i++) {
            d[i + 1] = shape[i];
        }
        return d;
    }

    /** The IR version that goes with an opset (ONNX's versioning table: 13-14 → 7, 15-18 → 8, 19-20 → 9, 21+ → 10). */
    static long irVersion(int opset) {
        return opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
    }

    private static Map<String, String> metadata(Module model, ModelInfo info, int[] shape, ExportOptions o) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MetadataKeys.KIND, SavedModel.KIND);
        m.put(MetadataKeys.ARCHITECTURE, model.spec());
        m.put(MetadataKeys.TASK, info == null ? "regression" : info.task());
        if (info != null && info.isClassification()) {
            m.put(MetadataKeys.CLASSES, Json.write(new ArrayList<Object>(info.classNames())));
        }
        if (info != null && info.standardizer() != null) {
            m.put(MetadataKeys.STANDARDIZATION, info.standardizer().toJson());
            m.put(STANDARDIZATION_WHERE, o.rawInputs() ? "caller" : "graph");
        }
        m.put(MetadataKeys.VERSION, info == null ? ModelInfo.SOMA_VERSION : info.somaVersion());
        if (info != null && info.loss() != null) {
            m.put(SavedModel.LOSS_KEY, info.loss());
        }
        List<Object> dims = new ArrayList<>();
        for (int d : shape) {
            dims.add((double) d);
        }
        m.put(SavedModel.INPUT_SHAPE_KEY, Json.write(dims));
        if (info != null) {
            info.extra().forEach((k, v) -> m.put("x." + k, v));
        }
        return m;
    }
}
