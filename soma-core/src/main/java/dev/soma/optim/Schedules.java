package dev.soma.optim;

import dev.soma.SomaException;
import java.util.Locale;

/**
 * Learning-rate schedules (t is the epoch, from 0; lr₀ the base rate):
 * <ul>
 * <li>{@code constant}: lr₀;</li>
 * <li>{@code step:S:γ}: lr₀·γ^⌊t/S⌋ (StepLR);</li>
 * <li>{@code exp:γ}: lr₀·γᵗ (ExponentialLR);</li>
 * <li>{@code inverse:k}: lr₀/(1 + k·t) (inverse-time decay);</li>
 * <li>{@code sqrt}: lr₀/√(t + 1);</li>
 * <li>{@code cosine[:T[:min]]}: min + (lr₀ − min)·(1 + cos(π·t/T))/2, T = the number of epochs by default;</li>
 * <li>{@code warmup:W}: lr₀·(t + 1)/W for t &lt; W, then lr₀ (linear warm-up);</li>
 * <li>the tutorials' decay laws (Andrew Ng's), with n = t + 1 the epoch counted from 1 as there:
 *     {@code tutorial_inverse:r}: lr₀/(1 + r·n); {@code tutorial_exp:γ}: γⁿ·lr₀ (γ = 0.95 by default);
 *     {@code tutorial_sqrt:k}: k/√n·lr₀;</li>
 * <li>{@code plateau:P:f[:min]}: multiplies the rate by f when the monitored loss has not improved (by a relative
 *     1e-4, as torch's ReduceLROnPlateau) for P epochs; never below min.</li>
 * </ul>
 * With {@code TrainConfig.schedulePerIteration(true)} the trainer asks for the rate before every batch instead,
 * with t the iteration (from 0; n = t + 1 from 1) and the run's iterations in place of its epochs.
 */
public final class Schedules {
    private Schedules() {
    }

    private abstract static class Simple implements Schedule {
        private final String spec;

        Simple(String spec) {
            this.spec = spec;
        }

        @Override
        public String spec() {
            return spec;
        }

        @Override
        public String toString() {
            return spec;
        }
    }

    public static Schedule constant() {
        return new Simple("constant") {
            @Override
            public double rate(int t, int epochs, double base) {
                return base;
            }
        };
    }

    public static Schedule step(int every, double gamma) {
        positive("step", every);
        return new Simple("step:" + every + ":" + gamma) {
            @Override
            public double rate(int t, int epochs, double base) {
                return base * Math.pow(gamma, t / every);
            }
        };
    }

    public static Schedule exponential(double gamma) {
        return new Simple("exp:" + gamma) {
            @Override
            public double rate(int t, int epochs, double base) {
                return base * Math.pow(gamma, t);
            }
        };
    }

    public static Schedule inverseTime(double k) {
        return new Simple("inverse:" + k) {
            @Override
            public double rate(int t, int epochs, double base) {
                return base / (1 + k * t);
            }
        };
    }

    public static Schedule inverseSqrt() {
        return new Simple("sqrt") {
            @Override
            public double rate(int t, int epochs, double base) {
                return base / Math.sqrt(t + 1.0);
            }
        };
    }

    /** The tutorials' α = α₀/(1 + decay_rate·epoch_num), epoch_num = t + 1. */
    public static Schedule tutorialInverse(double decayRate) {
        nonNegative("tutorial_inverse", decayRate);
        return new Simple("tutorial_inverse:" + decayRate) {
            @Override
            public double rate(int t, int epochs, double base) {
                return base / (1 + decayRate * (t + 1.0));
            }
        };
    }

    /** The tutorials' α = γ^epoch_num·α₀ (γ = 0.95 there), epoch_num = t + 1. */
    public static Schedule tutorialExponential(double gamma) {
        nonNegative("tutorial_exp", gamma);
        return new Simple("tutorial_exp:" + gamma) {
            @Override
            public double rate(int t, int epochs, double base) {
                return base * Math.pow(gamma, t + 1.0);
            }
        };
    }

    /** The tutorials' α = k/√epoch_num·α₀, epoch_num = t + 1. */
    public static Schedule tutorialSqrt(double k) {
        nonNegative("tutorial_sqrt", k);
        return new Simple("tutorial_sqrt:" + k) {
            @Override
            public double rate(int t, int epochs, double base) {
                return k / Math.sqrt(t + 1.0) * base;
            }
        };
    }

    /** Cosine annealing over {@code period} epochs (0: the run's epochs) down to {@code min}. */
    public static Schedule cosine(int period, double min) {
        String spec = period == 0 && min == 0 ? "cosine" : "cosine:" + period + (min == 0 ? "" : ":" + min);
        return new Simple(spec) {
            @Override
            public double rate(int t, int epochs, double base) {
                int T = period > 0 ? period : Math.max(epochs, 1);
                double x = Math.min(t, T);
                return min + (base - min) * (1 + Math.cos(Math.PI * x / T)) / 2;
            }
        };
    }

    public static Schedule warmup(int epochs) {
        positive("warmup", epochs);
        return new Simple("warmup:" + epochs) {
            @Override
            public double rate(int t, int total, double base) {
                return t < epochs ? base * (t + 1) / epochs : base;
            }
        };
    }

    public static Schedule plateau(int patience, double factor, double min) {
        return new Plateau(patience, factor, min);
    }

    /** Parses the forms listed in the class comment ("step:10:0.5", "exp:0.95", "cosine", "plateau:3:0.5", …). */
    public static Schedule parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        String[] p = s.split(":");
        p[0] = p[0].replace('-', '_');
        try {
            switch (p[0]) {
                case "constant": case "none": return constant();
                case "step": return step(p.length > 1 ? Integer.parseInt(p[1]) : 10, p.length > 2 ? Double.parseDouble(p[2]) : 0.1);
                case "exp": case "exponential": return exponential(p.length > 1 ? Double.parseDouble(p[1]) : 0.95);
                case "inverse": case "inverse_time": case "inv": return inverseTime(p.length > 1 ? Double.parseDouble(p[1]) : 1.0);
                case "sqrt": case "inverse_sqrt": return inverseSqrt();
                case "tutorial_inverse": return tutorialInverse(p.length > 1 ? Double.parseDouble(p[1]) : 1.0);
                case "tutorial_exp": return tutorialExponential(p.length > 1 ? Double.parseDouble(p[1]) : 0.95);
                case "tutorial_sqrt": return tutorialSqrt(p.length > 1 ? Double.parseDouble(p[1]) : 1.0);
                case "cosine": return cosine(p.length > 1 ? Integer.parseInt(p[1]) : 0, p.length > 2 ? Double.parseDouble(p[2]) : 0);
                case "warmup": return warmup(p.length > 1 ? Integer.parseInt(p[1]) : 5);
                case "plateau": return plateau(p.length > 1 ? Integer.parseInt(p[1]) : 10, p.length > 2 ? Double.parseDouble(p[2]) : 0.1,
                        p.length > 3 ? Double.parseDouble(p[3]) : 0);
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            throw new SomaException("schedule '" + spec + "': " + e.getMessage() + " is not a number");
        }
        throw new SomaException("unknown schedule '" + spec + "'; expected constant, step:S:g, exp:g, inverse:k, sqrt, "
                + "tutorial_inverse:r, tutorial_exp:g, tutorial_sqrt:k, cosine[:T[:min]], warmup:W or plateau:P:f[:min]");
    }

    private static void nonNegative(String what, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new SomaException(what + ": expected a finite number ≥ 0, got " + v);
        }
    }

    private static void positive(String what, int v) {
        if (v <= 0) {
            throw new SomaException(what + ": period must be positive, got " + v);
        }
    }
}
