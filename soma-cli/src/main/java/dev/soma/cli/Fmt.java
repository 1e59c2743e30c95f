package dev.soma.cli;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formatting for reports. */
final class Fmt {
    private Fmt() {
    }

    /**
     * A short exact-looking form: integers without decimals (−2, 5), others with up to 9 significant digits,
     * scientific below 1e-4 (1e-6).
     */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        BigDecimal d = new BigDecimal(String.format(Locale.ROOT, "%.9g", v)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a < 1e-4 || a >= 1e15) {
            String[] me = String.format(Locale.ROOT, "%.8e", v).split("e");
            String mantissa = new BigDecimal(me[0]).stripTrailingZeros().toPlainString();
            return mantissa + "e" + Integer.parseInt(me[1]);
        }
        return d.toPlainString();
    }

    /** Split ratios as typed: 0.8,0.1,0.1. */
    static String ratios(double[] r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
            sb.append(i == 0 ? "" : ",").append(dev.soma.Numbers.human(r[i]));
        }
        return sb.toString();
    }
}
