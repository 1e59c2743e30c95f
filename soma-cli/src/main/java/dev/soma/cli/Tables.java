package dev.soma.cli;

import java.util.List;
import java.util.Locale;

/** Text tables for reports: the confusion matrix and the per-class precision/recall/F1. */
final class Tables {
    private Tables() {
    }

    /**
     * The confusion matrix with true classes as rows and predicted classes as columns (m[true][predicted]), row
     * and column labels from {@code names} (cut to 8 characters).
     */
    static String confusion(int[][] m, List<String> names) {
        int k = m.length;
        int w = 4;
        for (int[] row : m) {
            for (int v : row) {
                w = Math.max(w, Integer.toString(v).length() + 1);
            }
        }
        int lw = 5;
        for (String n : names) {
            lw = Math.max(lw, Math.min(8, n.length()));
        }
        for (String n : names) {
            w = Math.max(w, Math.min(8, n.length()) + 1);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%" + lw + "s  predicted →%n", "true ↓"));
        sb.append(" ".repeat(lw));
        for (int j = 0; j < k; j++) {
            sb.append(String.format(Locale.ROOT, "%" + w + "s", cut(names.get(j))));
        }
        sb.append('\n');
        for (int i = 0; i < k; i++) {
            sb.append(String.format(Locale.ROOT, "%" + lw + "s", cut(names.get(i))));
            for (int j = 0; j < k; j++) {
                sb.append(String.format(Locale.ROOT, "%" + w + "d", m[i][j]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One row per class: precision, recall, F1 and support (the number of true examples of the class). */
    static String perClass(List<String> names, double[] precision, double[] recall, double[] f1, int[] support) {
        int lw = 5;
        for (String n : names) {
            lw = Math.max(lw, Math.min(20, n.length()));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + lw + "s  %9s  %9s  %9s  %7s%n", "class", "precision", "recall", "f1",
                "support"));
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i).length() > 20 ? names.get(i).substring(0, 20) : names.get(i);
            sb.append(String.format(Locale.ROOT, "%-" + lw + "s  %9.4f  %9.4f  %9.4f  %7d%n", n, precision[i], recall[i],
                    f1[i], support[i]));
        }
        return sb.toString();
    }

    private static String cut(String s) {
        return s.length() > 8 ? s.substring(0, 8) : s;
    }
}
