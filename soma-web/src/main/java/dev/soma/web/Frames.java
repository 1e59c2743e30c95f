package dev.soma.web;

import dev.soma.autograd.NoGrad;
import dev.soma.io.Json;
import dev.soma.nn.Linear;
import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON a page draws from (docs/PLAYGROUND.md has every field). Heat maps are computed over a {@link #GRID}×GRID
 * grid covering [−6, 6]² (row 0 at x2 = +6), each cell a byte: value v ∈ [−1, 1] as round((v + 1)·127.5), values
 * beyond clamped, sent base64-encoded. The output map is 2p − 1 for two classes (p the probability of class 1), the
 * winning class's confidence for more (with the class of each cell beside it), and the prediction divided by the
 * largest |target| for regression. The neuron maps are, in order: each input feature (divided by its largest |value|
 * on the grid), each hidden neuron's activation, each output neuron (as the output map).
 */
final class Frames {
    static final int GRID = 48;
    static final double HALF = 6.0;

    private Frames() {
    }

    static String frame(Session s, Training t, Session.Status status, String message, double epochsPerSecond, long seq) {
        Map<String, Object> m = new LinkedHashMap<>();
        PlaygroundSettings set = t.settings();
        Points data = t.data();
        m.put("session", s.id);
        m.put("seq", seq);
        m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        m.put("message", message);
        m.put("epoch", t.epochCount());
        m.put("trainLoss", finite(t.trainLoss()));
        m.put("testLoss", finite(t.testLoss()));
        m.put("lr", finite(t.lr()));
        m.put("epochsPerSecond", Math.round(epochsPerSecond * 10) / 10.0);
        m.put("dataVersion", s.dataVersion());
        m.put("netVersion", s.netVersion());
        m.put("problem", set.problem);
        m.put("classes", data.isClassification() ? data.classes : 0);
        List<Object> shape = new ArrayList<>();
        shape.add(set.features.size());
        for (Linear l : t.linears()) {
            shape.add(l.outFeatures());
        }
        m.put("shape", shape);
        m.put("features", new ArrayList<Object>(set.features));
        m.put("activations", new ArrayList<Object>(set.activations));
        m.put("grid", GRID);
        render(t, m);
        List<Object> weights = new ArrayList<>();
        for (Linear l : t.linears()) {
            weights.add(Json.object("w", l.weight().toFloatArray(), "b", l.bias().toFloatArray()));
        }
        m.put("weights", weights);
        m.put("settings", set.toJson());
        return Json.write(m);
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }

    /** The grid's feature rows. */
    static Tensor gridFeatures(List<String> features) {
        int f = features.size();
        float[] x = new float[GRID * GRID * f];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                double px = -HALF + (j + 0.5) * 2 * HALF / GRID;
                double py = HALF - (i + 0.5) * 2 * HALF / GRID;
                for (int k = 0; k < f; k++) {
                    x[(i * GRID + j) * f + k] = (float) Network.feature(features.get(k), px, py);
                }
            }
        }
        return Tensor.of(x, GRID * GRID, f);
    }

    private static void render(Training t, Map<String, Object> m) {
        Sequential model = t.model();
        Points data = t.data();
        int cells = GRID * GRID;
        Tensor x = gridFeatures(t.settings().features);
        List<float[]> maps = new ArrayList<>();
        int f = x.size(1);
        float[] xs = x.floats();
        for (int k = 0; k < f; k++) {
            double max = 1e-12;
            for (int c = 0; c < cells; c++) {
                max = Math.max(max, Math.abs(xs[c * f + k]));
            }
            float[] map = new float[cells];
            for (int c = 0; c < cells; c++) {
                map[c] = (float) (xs[c * f + k] / max);
            }
            maps.add(map);
        }
        Tensor h = x;
        try (NoGrad ignored = NoGrad.enter()) {
            List<Module> layers = model.layers();
            for (int i = 0; i < layers.size(); i++) {
                h = layers.get(i).forward(h, false);
                if (t.hiddenActivations().contains(i)) {
                    columns(h, maps);
                }
            }
        }
        float[] out = h.toFloatArray();
        int k = h.size(1);
        float[] main = new float[cells];
        boolean logits = data.isClassification() && !Network.sigmoidOutput(t.settings(), data);
        if (!data.isClassification()) {
            double scale = 1e-6;
            for (float v : data.targets) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int c = 0; c < cells; c++) {
                main[c] = (float) (out[c] / scale);
            }
            maps.add(main);
        } else if (k == 1) {
            for (int c = 0; c < cells; c++) {
                double p = logits ? 1 / (1 + Math.exp(-out[c])) : out[c];
                main[c] = (float) (2 * p - 1);
            }
            maps.add(main);
        } else {
            byte[] winner = new byte[cells];
            float[][] probs = new float[k][cells];
            for (int c = 0; c < cells; c++) {
                double max = Double.NEGATIVE_INFINITY;
                int arg = 0;
                for (int j = 0; j < k; j++) {
                    if (out[c * k + j] > max) {
                        max = out[c * k + j];
                        arg = j;
                    }
                }
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += Math.exp(out[c * k + j] - max);
                }
                for (int j = 0; j < k; j++) {
                    probs[j][c] = (float) (2 * Math.exp(out[c * k + j] - max) / sum - 1);
                }
                winner[c] = (byte) arg;
                double conf = 1 / sum; // the winner's probability
                main[c] = (float) (2 * (conf - 1.0 / k) / (1 - 1.0 / k) - 1);
            }
            for (float[] p : probs) {
                maps.add(p);
            }
            m.put("outputClass", Base64.getEncoder().encodeToString(winner));
        }
        m.put("output", Base64.getEncoder().encodeToString(quantize(List.of(main))));
        m.put("neurons", Base64.getEncoder().encodeToString(quantize(maps)));
    }

    private static void columns(Tensor h, List<float[]> maps) {
        int cells = h.size(0);
        int n = h.size(1);
        float[] v = h.toFloatArray();
        for (int j = 0; j < n; j++) {
            float[] map = new float[cells];
            for (int c = 0; c < cells; c++) {
                map[c] = v[c * n + j];
            }
            maps.add(map);
        }
    }

    static byte[] quantize(List<float[]> maps) {
        int cells = maps.isEmpty() ? 0 : maps.get(0).length;
        byte[] out = new byte[maps.size() * cells];
        int i = 0;
        for (float[] map : maps) {
            for (float v : map) {
                double c = Float.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v));
                out[i++] = (byte) Math.round((c + 1) * 127.5);
            }
        }
        return out;
    }

    static Map<String, Object> points(Points d, int version, double scale) {
        int n = d.size();
        float[] train = new float[3 * d.trainCount];
        float[] test = new float[3 * (n - d.trainCount)];
        for (int i = 0; i < n; i++) {
            float[] dst = i < d.trainCount ? train : test;
            int j = i < d.trainCount ? i : i - d.trainCount;
            dst[3 * j] = d.xy[2 * i];
            dst[3 * j + 1] = d.xy[2 * i + 1];
            dst[3 * j + 2] = (float) d.value(i);
        }
        return Json.object("dataVersion", version, "problem", d.isClassification() ? "classification" : "regression",
                "classes", d.isClassification() ? d.classes : 0, "scale", scale, "train", train, "test", test);
    }
}
