package dev.soma;

import java.math.BigDecimal;
import java.util.Locale;

/** Numbers in messages as people write them: 0.001, 2.5, 1e29, 1e-7 (never 1.0000000000000001E29). */
public final class Numbers {
    private Numbers() {
    }

    /**
     * {@code v} rounded to 6 significant digits without trailing zeros; integers below 10⁶ without a decimal point;
     * scientific (mantissa "e" exponent, no plus sign or leading zeros) from 10⁶ up and below 10⁻⁴.
     */
    public static String human(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Infinity" : "-Infinity";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e6 || a < 1e-4) {
            String[] me = String.format(Locale.ROOT, "%.5e", v).split("e");
            String mantissa = new BigDecimal(me[0]).stripTrailingZeros().toPlainString();
            return mantissa + "e" + Integer.parseInt(me[1]);
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
    }
}
