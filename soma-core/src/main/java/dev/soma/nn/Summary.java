package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The text of {@link Sequential#summary()}, in the manner of Keras's model.summary(). */
final class Summary {
    private Summary() {
    }

    static String of(Sequential model) {
        StringBuilder sb = new StringBuilder();
        String line = "-".repeat(64) + "\n";
        sb.append(String.format("%-4s %-28s %-16s %12s%n", "#", "Layer (type)", "Output shape", "Param #"));
        sb.append(line);
        List<Module> layers = model.layers();
        int width = -1;
        long trainable = 0;
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (m.expectedInputs() > 0) {
                width = m.expectedInputs();
            }
            width = m.outputSize(width);
            long n = 0;
            for (Tensor p : m.namedParameters().values()) {
                n += p.numel();
                if (p.requiresGrad()) {
                    trainable += p.numel();
                }
            }
            total += n;
            sb.append(String.format("%-4d %-28s %-16s %12s%n", i, m.describe(),
                    "[N, " + (width < 0 ? "?" : width) + "]", String.format("%,d", n)));
        }
        sb.append(line);
        sb.append(String.format("Total params: %,d%n", total));
        sb.append(String.format("Trainable params: %,d%n", trainable));
        sb.append(String.format("Non-trainable params: %,d%n", total - trainable));
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            if (!e.getValue().requiresGrad()) {
                sb.append("Frozen: ").append(e.getKey()).append('\n');
            }
        }
        return sb.toString();
    }
}
