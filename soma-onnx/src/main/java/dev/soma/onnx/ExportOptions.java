package dev.soma.onnx;

import dev.soma.SomaException;
import dev.soma.train.ModelInfo;

/**
 * How {@link Onnx#export} writes a model: the opset, the model's information (task, class names, input shape,
 * standardization), whether the standardization becomes {@code Sub}/{@code Div} nodes at the start of the graph or
 * is left to the caller (raw inputs), whether a {@code probabilities} output is added, and the doc string.
 * Immutable; each {@code with…} returns a copy.
 *
 * <p>Example:
 * <pre>{@code
 * Onnx.export(model, Path.of("digits.onnx"), ExportOptions.defaults().withInfo(info).withProbabilities(true));
 * }</pre>
 */
public final class ExportOptions {
    /** The opset written when none is asked for: opset 17 (ONNX 1.12, 2022), the first with LayerNormalization. */
    public static final int DEFAULT_OPSET = 17;
    /** The oldest opset Soma writes (Softmax over one axis needs 13). */
    public static final int MIN_OPSET = 13;
    /** The newest opset Soma writes. */
    public static final int MAX_OPSET = 22;

    private final int opset;
    private final ModelInfo info;
    private final boolean rawInputs;
    private final boolean probabilities;
    private final String docString;
    private final int[] inputShape;

    private ExportOptions(int opset, ModelInfo info, boolean rawInputs, boolean probabilities, String docString,
                          int[] inputShape) {
        this.opset = opset;
        this.info = info;
        this.rawInputs = rawInputs;
        this.probabilities = probabilities;
        this.docString = docString;
        this.inputShape = inputShape;
    }

    /** Opset 17, no model information (a regression model's metadata), standardization in the graph, logits only. */
    public static ExportOptions defaults() {
        return new ExportOptions(DEFAULT_OPSET, null, false, false, null, null);
    }

    /** The opset to write, in [{@value #MIN_OPSET}, {@value #MAX_OPSET}]. */
    public ExportOptions withOpset(int v) {
        if (v < MIN_OPSET || v > MAX_OPSET) {
            throw new SomaException("ONNX opset " + v + " is not supported: Soma writes opsets " + MIN_OPSET + " to "
                    + MAX_OPSET);
        }
        return new ExportOptions(v, info, rawInputs, probabilities, docString, inputShape);
    }

    /** The model's task, classes, standardization and input shape (as saved with it). */
    public ExportOptions withInfo(ModelInfo v) {
        return new ExportOptions(opset, v, rawInputs, probabilities, docString, inputShape);
    }

    /** True: the graph takes standardized inputs (the standardization is only recorded in the metadata). */
    public ExportOptions withRawInputs(boolean v) {
        return new ExportOptions(opset, info, v, probabilities, docString, inputShape);
    }

    /** True: a second output {@code probabilities} (softmax of the logits; the logits when already probabilities). */
    public ExportOptions withProbabilities(boolean v) {
        return new ExportOptions(opset, info, rawInputs, v, docString, inputShape);
    }

    /** The model's doc string (default: one line naming the architecture and the task). */
    public ExportOptions withDocString(String v) {
        return new ExportOptions(opset, info, rawInputs, probabilities, v, inputShape);
    }

    /** The shape of one input example, when neither the model nor its information knows it. */
    public ExportOptions withInputShape(int... v) {
        return new ExportOptions(opset, info, rawInputs, probabilities, docString, v.clone());
    }

    public int opset() {
        return opset;
    }

    /** The model information, or null. */
    public ModelInfo info() {
        return info;
    }

    public boolean rawInputs() {
        return rawInputs;
    }

    public boolean probabilities() {
        return probabilities;
    }

    /** The doc string, or null for the default. */
    public String docString() {
        return docString;
    }

    /** The input shape given explicitly, or null. */
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }
}
