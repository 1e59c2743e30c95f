package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text of {@link Module#summary()}, in the manner of Keras's model.summary(): one row per child. */
final class Summary {
    private Summary() {
    }

    static String of(Module model, int[] inputShape) {
        StringBuilder sb = new StringBuilder();
        String line = "-".repeat(72) + "\n";
        sb.append(String.format("%-4s %-32s %-20s %12s%n", "#", "Layer (type)", "Output shape", "Param #"));
        sb.append(line);
        LinkedHashMap<String, Module> rows = model.namedChildren();
        if (rows.isEmpty()) {
            rows.put("0", model);
        }
        List<Module> layers = new ArrayList<>(rows.values());
        int[] shape = inputShape;
        long trainable = 0;
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (shape == null) {
                shape = m.inputShape();
            }
            if (shape != null) {
                try {
                    shape = m.outputShape(shape);
                } catch (SomaException e) {
                    shape = null;
                }
            }
            long n = 0;
            for (Tensor p : m.namedParameters().values()) {
                n += p.numel();
                if (p.requiresGrad()) {
                    trainable += p.numel();
                }
            }
            total += n;
            sb.append(String.format("%-4d %-32s %-20s %12s%n", i, m.describe(), shapeText(shape), String.format("%,d", n)));
        }
        sb.append(line);
        sb.append(String.format("Total params: %,d%n", total));
        sb.append(String.format("Trainable params: %,d%n", trainable));
        sb.append(String.format("Non-trainable params: %,d%n", total - trainable));
        long buffers = 0;
        for (Tensor b : model.namedBuffers().values()) {
            buffers += b.numel();
        }
        if (buffers > 0) {
            sb.append(String.format("Buffers (running statistics): %,d values%n", buffers));
        }
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            if (!e.getValue().requiresGrad()) {
                sb.append("Frozen: ").append(e.getKey()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String shapeText(int[] shape) {
        if (shape == null) {
            return "[N, ?]";
        }
        String s = Shapes.str(shape);
        return "[N" + (shape.length == 0 ? "" : ", " + s.substring(1, s.length() - 1)) + "]";
    }
}
