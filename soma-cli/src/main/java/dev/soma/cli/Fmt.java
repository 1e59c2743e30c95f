package dev.soma.cli;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formatting for reports. */
final class Fmt {
    private Fmt() {
    }

    /** A short exact-looking form: integers without decimals (−2, 5), others with up to 9 significant digits. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.9g", v)).stripTrailingZeros().toPlainString();
    }
}
