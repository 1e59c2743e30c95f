package dev.soma.web;

import dev.soma.SomaException;
import dev.soma.kernel.Activation;
import dev.soma.optim.Optimizers;
import dev.soma.optim.Schedules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a playground session is set up from, as the page's URL and the JSON API carry it. {@link #parse}
 * validates a JSON object field by field (unknown fields, wrong types and out-of-range values are refused with a
 * {@link BadRequest} naming the field, the allowed range and the value found); missing fields keep their defaults.
 */
public final class PlaygroundSettings {
    /** Data sets: four classification sets, two regression sets, and "csv" (the user's upload). */
    public static final List<String> DATASETS = List.of("circles", "xor", "gaussians", "spiral", "plane", "multigauss",
            "csv");
    /** Input features, in the order the network sees them. */
    public static final List<String> FEATURES = List.of("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2");
    /** Hidden-layer activations offered by the page (any name {@link Activation#parse} reads is accepted). */
    public static final List<String> ACTIVATIONS = List.of("tanh", "relu", "sigmoid", "linear", "leaky_relu", "elu",
            "gelu", "silu");
    public static final int MAX_LAYERS = 10;
    public static final int MAX_NEURONS = 32;
    public static final int MAX_POINTS = 10_000;

    String dataset = "circles";
    String problem = "classification";
    int classes = 2;
    int noise = 0;
    int trainRatio = 50;
    int points = 500;
    int batchSize = 10;
    List<String> features = List.of("x1", "x2");
    List<Integer> layers = List.of(4, 2);
    List<String> activations = List.of("tanh", "tanh");
    double learningRate = 0.03;
    String regularization = "none";
    double regularizationRate = 0;
    String optimizer = "sgd";
    String schedule = "constant";
    double dropout = 0;
    String loss = "mse";
    long seed = 1;

    /** The defaults: TensorFlow Playground's opening set-up (circles, x1 and x2, 4-2 tanh, learning rate 0.03). */
    public PlaygroundSettings() {
    }

    /** A copy of {@code base} with the fields present in {@code json} replaced (after validating every one). */
    public static PlaygroundSettings parse(Map<String, Object> json, PlaygroundSettings base) {
        PlaygroundSettings s = base.copy();
        List<String> acts = null;
        String activation = null;
        for (Map.Entry<String, Object> e : json.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            switch (k) {
                case "dataset": s.dataset = Fields.oneOf(k, v, DATASETS); break;
                case "problem": s.problem = Fields.oneOf(k, v, List.of("classification", "regression")); break;
                case "classes": s.classes = Fields.integer(k, v, 2, 6); break;
                case "noise": s.noise = Fields.integer(k, v, 0, 50); break;
                case "trainRatio": s.trainRatio = Fields.integer(k, v, 10, 90); break;
                case "points": s.points = Fields.integer(k, v, 20, MAX_POINTS); break;
                case "batchSize": s.batchSize = Fields.integer(k, v, 1, MAX_POINTS); break;
                case "features": s.features = features(v); break;
                case "layers": s.layers = layers(v); break;
                case "activation": activation = activation(k, v); break;
                case "activations": acts = activations(v); break;
                case "learningRate": s.learningRate = Fields.number(k, v, 1e-6, 1000, false); break;
                case "regularization": s.regularization = Fields.oneOf(k, v, List.of("none", "l1", "l2")); break;
                case "regularizationRate": s.regularizationRate = Fields.number(k, v, 0, 10, true); break;
                case "optimizer": s.optimizer = Fields.oneOf(k, v, Optimizers.NAMES); break;
                case "schedule": s.schedule = schedule(v); break;
                case "dropout": s.dropout = Fields.number(k, v, 0, 0.9, true); break;
                case "loss": s.loss = Fields.oneOf(k, v, List.of("mse", "cross_entropy", "mae", "huber")); break;
                case "seed": s.seed = Fields.integer(k, v, 0, Integer.MAX_VALUE); break;
                default:
                    throw new BadRequest("unknown field '" + k + "'; expected one of " + fieldNames());
            }
        }
        if (acts != null) {
            s.activations = acts;
        } else if (activation != null) {
            s.activations = repeat(activation, s.layers.size());
        }
        if (s.activations.size() != s.layers.size()) {
            if (acts != null) {
                throw new BadRequest("field 'activations': expected " + s.layers.size() + " names (one per hidden layer), found "
                        + acts.size());
            }
            s.activations = repeat(s.activations.isEmpty() ? "tanh" : s.activations.get(0), s.layers.size());
        }
        s.checkConsistent();
        return s;
    }

    private void checkConsistent() {
        boolean regressionSet = dataset.equals("plane") || dataset.equals("multigauss");
        if (!dataset.equals("csv")) {
            String want = regressionSet ? "regression" : "classification";
            if (!problem.equals(want)) {
                throw new BadRequest("field 'problem': data set '" + dataset + "' is a " + want + " problem, found '" + problem + "'");
            }
        }
        boolean multi = dataset.equals("gaussians") || dataset.equals("spiral") || dataset.equals("csv");
        if (classes != 2 && !multi) {
            throw new BadRequest("field 'classes': data set '" + dataset + "' has 2 classes, found " + classes);
        }
        boolean classification = problem.equals("classification");
        if (classification && !(loss.equals("mse") || loss.equals("cross_entropy"))) {
            throw new BadRequest("field 'loss': a classification problem takes mse or cross_entropy, found '" + loss + "'");
        }
        if (!classification && loss.equals("cross_entropy")) {
            throw new BadRequest("field 'loss': a regression problem takes mse, mae or huber, found 'cross_entropy'");
        }
        if (classification && classes > 2 && loss.equals("mse")) {
            loss = "cross_entropy"; // softmax + cross-entropy is the only loss offered for 3+ classes
        }
    }

    private static List<String> features(Object v) {
        List<String> out = new ArrayList<>();
        for (Object o : Fields.array("features", v)) {
            String f = Fields.oneOf("features", o, FEATURES);
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        if (out.isEmpty()) {
            throw new BadRequest("field 'features': expected at least one of " + FEATURES + ", found none");
        }
        List<String> ordered = new ArrayList<>(FEATURES);
        ordered.retainAll(out);
        return List.copyOf(ordered);
    }

    private static List<Integer> layers(Object v) {
        List<Object> a = Fields.array("layers", v);
        if (a.size() > MAX_LAYERS) {
            throw new BadRequest("field 'layers': at most " + MAX_LAYERS + " hidden layers, found " + a.size());
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : a) {
            out.add(Fields.integer("layers", o, 1, MAX_NEURONS));
        }
        return List.copyOf(out);
    }

    private static List<String> activations(Object v) {
        List<String> out = new ArrayList<>();
        for (Object o : Fields.array("activations", v)) {
            out.add(activation("activations", o));
        }
        return List.copyOf(out);
    }

    private static String activation(String field, Object v) {
        String name = Fields.string(field, v);
        try {
            Activation.parse(name);
        } catch (SomaException e) {
            throw new BadRequest("field '" + field + "': " + e.getMessage());
        }
        return name;
    }

    private static String schedule(Object v) {
        String spec = Fields.string("schedule", v);
        try {
            Schedules.parse(spec);
        } catch (SomaException | IllegalArgumentException e) {
            throw new BadRequest("field 'schedule': " + e.getMessage());
        }
        return spec;
    }

    private static List<String> repeat(String name, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(name);
        }
        return List.copyOf(out);
    }

    static Set<String> fieldNames() {
        return new PlaygroundSettings().toJson().keySet();
    }

    /** The settings as the JSON object {@link #parse} reads. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("problem", problem);
        m.put("classes", classes);
        m.put("noise", noise);
        m.put("trainRatio", trainRatio);
        m.put("points", points);
        m.put("batchSize", batchSize);
        m.put("features", new ArrayList<Object>(features));
        m.put("layers", new ArrayList<Object>(layers));
        m.put("activations", new ArrayList<Object>(activations));
        m.put("learningRate", learningRate);
        m.put("regularization", regularization);
        m.put("regularizationRate", regularizationRate);
        m.put("optimizer", optimizer);
        m.put("schedule", schedule);
        m.put("dropout", dropout);
        m.put("loss", loss);
        m.put("seed", seed);
        return m;
    }

    /** True when going from {@code this} to {@code next} needs new data (otherwise the same points are kept). */
    boolean dataDiffers(PlaygroundSettings next) {
        return !dataset.equals(next.dataset) || classes != next.classes || noise != next.noise
                || trainRatio != next.trainRatio || points != next.points || seed != next.seed;
    }

    /** True when only the values an optimizer step reads changed (the network is kept and training continues). */
    boolean onlyRatesDiffer(PlaygroundSettings next) {
        Map<String, Object> a = toJson();
        Map<String, Object> b = next.toJson();
        for (String k : List.of("learningRate", "regularizationRate", "batchSize")) {
            a.remove(k);
            b.remove(k);
        }
        return a.equals(b);
    }

    PlaygroundSettings copy() {
        PlaygroundSettings c = new PlaygroundSettings();
        c.dataset = dataset;
        c.problem = problem;
        c.classes = classes;
        c.noise = noise;
        c.trainRatio = trainRatio;
        c.points = points;
        c.batchSize = batchSize;
        c.features = features;
        c.layers = layers;
        c.activations = activations;
        c.learningRate = learningRate;
        c.regularization = regularization;
        c.regularizationRate = regularizationRate;
        c.optimizer = optimizer;
        c.schedule = schedule;
        c.dropout = dropout;
        c.loss = loss;
        c.seed = seed;
        return c;
    }

    public boolean isClassification() {
        return problem.equals("classification");
    }
}
