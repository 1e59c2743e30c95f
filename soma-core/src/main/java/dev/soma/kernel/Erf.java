package dev.soma.kernel;

/** The error function to near double precision (GELU needs it; the JDK has none). */
public final class Erf {
    private static final double TWO_OVER_SQRT_PI = 1.12837916709551257390;

    private Erf() {
    }

    /** erf(x): Taylor series for |x| < 3, continued fraction of erfc beyond (relative error ~1e-14). */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < 3.0) {
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 1; n < 100; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return TWO_OVER_SQRT_PI * sum;
        }
        double r = 1.0 - erfcLarge(ax);
        return x < 0 ? -r : r;
    }

    /** erfc(x) for x ≥ 3 by Lentz's continued fraction. */
    private static double erfcLarge(double x) {
        if (x > 27) {
            return 0.0;
        }
        // erfc(x) = exp(-x²)/sqrt(pi) · 1/(x + 1/2/(x + 1/(x + 3/2/(x + 2/(x + ...)))))
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 200; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
    }
}
