package dev.soma.autograd;

import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Shows a computation graph: as indented text, or as Graphviz DOT ({@code dot -Tpng graph.dot > graph.png}). */
public final class GraphPrinter {
    private GraphPrinter() {
    }

    /** One line per tensor, inputs before the operations that read them, with values for small tensors. */
    public static String text(Tensor root) {
        List<Tensor> order = Graph.topologicalOrder(root);
        Map<Tensor, String> ids = ids(order);
        StringBuilder sb = new StringBuilder();
        for (Tensor t : order) {
            sb.append(ids.get(t)).append(" = ");
            if (t.gradFn() == null) {
                sb.append("leaf");
            } else {
                sb.append(t.gradFn().name()).append('(');
                List<Tensor> in = t.gradFn().inputs();
                for (int i = 0; i < in.size(); i++) {
                    sb.append(i > 0 ? ", " : "").append(ids.getOrDefault(in.get(i), "const"));
                }
                sb.append(')');
            }
            sb.append("  ").append(describe(t)).append('\n');
        }
        return sb.toString();
    }

    /** A Graphviz digraph: boxes for tensors, ellipses for operations, edges in the direction data flows. */
    public static String dot(Tensor root) {
        List<Tensor> order = Graph.topologicalOrder(root);
        Map<Tensor, String> ids = ids(order);
        StringBuilder sb = new StringBuilder("digraph soma {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        for (Tensor t : order) {
            String id = quote(ids.get(t));
            sb.append("  ").append(id).append(" [shape=box, label=").append(quote(ids.get(t) + "\n" + describe(t)))
                    .append("];\n");
            if (t.gradFn() != null) {
                String op = quote("op_" + ids.get(t));
                sb.append("  ").append(op).append(" [shape=ellipse, label=").append(quote(t.gradFn().name()))
                        .append("];\n");
                for (Tensor in : t.gradFn().inputs()) {
                    if (ids.containsKey(in)) {
                        sb.append("  ").append(quote(ids.get(in))).append(" -> ").append(op).append(";\n");
                    }
                }
                sb.append("  ").append(op).append(" -> ").append(id).append(";\n");
            }
        }
        return sb.append("}\n").toString();
    }

    /** A unique label per tensor: its name, or "t" and its position; a repeated label gets "#2", "#3", … */
    private static Map<Tensor, String> ids(List<Tensor> order) {
        Map<Tensor, String> ids = new IdentityHashMap<>();
        Set<String> used = new HashSet<>();
        int n = 0;
        for (Tensor t : order) {
            String base = t.name() != null ? t.name() : "t" + n;
            String id = base;
            for (int k = 2; !used.add(id); k++) {
                id = base + "#" + k;
            }
            ids.put(t, id);
            n++;
        }
        return ids;
    }

    private static String describe(Tensor t) {
        StringBuilder sb = new StringBuilder(Shapes.str(t.shape()));
        if (t.numel() <= 4) {
            sb.append(" value=");
            for (int i = 0; i < t.numel(); i++) {
                sb.append(i > 0 ? "," : "").append(number(t.getFlat(i)));
            }
            if (t.grad() != null) {
                sb.append(" grad=");
                for (int i = 0; i < t.grad().numel(); i++) {
                    sb.append(i > 0 ? "," : "").append(number(t.grad().getFlat(i)));
                }
            }
        }
        return sb.toString();
    }

    /** Six significant digits without trailing zeros: -2, 0.333333, 1.5e-07. */
    static String number(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + exponent;
    }

    /** A DOT string literal; a line break becomes DOT's "\\n". */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
