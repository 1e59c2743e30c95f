package dev.soma.spark.cli;

import java.util.List;

/** The default network of {@code soma train}: a multilayer perceptron from {@code --hidden} widths. */
final class Architectures {
    private Architectures() {
    }

    /** "linear:IN:W1,ACT,linear:W1:W2,ACT,…,linear:Wn:OUT". */
    static String mlp(int inputs, List<Integer> hidden, String activation, int outputs) {
        StringBuilder sb = new StringBuilder();
        int in = inputs;
        for (int w : hidden) {
            sb.append("linear:").append(in).append(':').append(w).append(',').append(activation).append(',');
            in = w;
        }
        return sb.append("linear:").append(in).append(':').append(outputs).toString();
    }
}
