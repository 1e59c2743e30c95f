package dev.soma.train;

import dev.soma.data.Standardizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a saved model needs besides its weights to be used: the task, the class names (label order), the input
 * standardization (null when the inputs are used raw), the loss it was trained with, the Soma version that wrote it,
 * and free-form extra metadata.
 */
public final class ModelInfo {
    /** The version of this Soma build ("0.1.0-SNAPSHOT" when not run from a jar). */
    public static final String SOMA_VERSION = version();

    private final String task;
    private final List<String> classNames;
    private final Standardizer standardizer;
    private final String loss;
    private final String somaVersion;
    private final Map<String, String> extra;
    private final int[] inputShape;

    public ModelInfo(String task, List<String> classNames, Standardizer standardizer, String loss, String somaVersion,
                     Map<String, String> extra) {
        this(task, classNames, standardizer, loss, somaVersion, extra, null);
    }

    private ModelInfo(String task, List<String> classNames, Standardizer standardizer, String loss, String somaVersion,
                      Map<String, String> extra, int[] inputShape) {
        this.inputShape = inputShape == null ? null : inputShape.clone();
        this.task = task;
        this.classNames = List.copyOf(classNames);
        this.standardizer = standardizer;
        this.loss = loss;
        this.somaVersion = somaVersion;
        this.extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** A classifier's info with the current Soma version. */
    public static ModelInfo classification(List<String> classNames) {
        return new ModelInfo("classification", classNames, null, null, SOMA_VERSION, Map.of());
    }

    /** A regressor's info with the current Soma version. */
    public static ModelInfo regression() {
        return new ModelInfo("regression", List.of(), null, null, SOMA_VERSION, Map.of());
    }

    /** A copy with the given input standardization (null: none). */
    public ModelInfo withStandardizer(Standardizer s) {
        return new ModelInfo(task, classNames, s, loss, somaVersion, extra, inputShape);
    }

    /** A copy recording the loss name. */
    public ModelInfo withLoss(String name) {
        return new ModelInfo(task, classNames, standardizer, name, somaVersion, extra, inputShape);
    }

    /** A copy with one more extra metadata entry. */
    public ModelInfo with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(extra);
        m.put(key, value);
        return new ModelInfo(task, classNames, standardizer, loss, somaVersion, m, inputShape);
    }

    /** A copy recording the shape of one input example ({@code [1, 28, 28]}), saved as {@code soma.input_shape}. */
    public ModelInfo withInputShape(int[] shape) {
        return new ModelInfo(task, classNames, standardizer, loss, somaVersion, extra, shape);
    }

    /** The shape of one input example, or null when not recorded. */
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /** "classification" or "regression". */
    public String task() {
        return task;
    }

    public boolean isClassification() {
        return "classification".equals(task);
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The input standardization, or null. */
    public Standardizer standardizer() {
        return standardizer;
    }

    /** The training loss name, or null when not recorded. */
    public String loss() {
        return loss;
    }

    public String somaVersion() {
        return somaVersion;
    }

    public Map<String, String> extra() {
        return extra;
    }

    private static String version() {
        String v = ModelInfo.class.getPackage() == null ? null : ModelInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
