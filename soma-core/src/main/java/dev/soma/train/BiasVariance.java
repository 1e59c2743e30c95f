package dev.soma.train;

import dev.soma.SomaException;
import java.util.Locale;

/**
 * Tutorial 004's bias/variance diagnosis from the training and dev errors (1 − accuracy): high bias (underfitting)
 * when the training error is more than {@link #THRESHOLD} above the base error (0 unless given: what a person or
 * the best model could reach), high variance (overfitting) when the dev error is more than {@link #THRESHOLD} above
 * the training error; both, or neither ("fine"). Andrew Ng's four examples (train/dev error 1 %/11 %: high
 * variance; 15 %/16 %: high bias; 15 %/30 %: both; 0.5 %/1 %: fine) come out as in the course.
 */
public final class BiasVariance {
    /** Gap, in error (a fraction), above which bias or variance counts as high: 0.05 = 5 percentage points. */
    public static final double THRESHOLD = 0.05;

    /** The four outcomes. */
    public enum Verdict {
        FINE, HIGH_BIAS, HIGH_VARIANCE, BOTH
    }

    private BiasVariance() {
    }

    /** The verdict for training and dev errors in [0, 1] against a base error (0 for "none"). */
    public static Verdict diagnose(double trainError, double devError, double baseError) {
        for (double e : new double[] {trainError, devError, baseError}) {
            if (!(e >= 0 && e <= 1)) {
                throw new SomaException("bias/variance: errors must be fractions in [0, 1], got " + e);
            }
        }
        boolean bias = trainError - baseError > THRESHOLD;
        boolean variance = devError - trainError > THRESHOLD;
        return bias && variance ? Verdict.BOTH : bias ? Verdict.HIGH_BIAS : variance ? Verdict.HIGH_VARIANCE
                : Verdict.FINE;
    }

    /** The tutorial's remedies for a verdict. */
    public static String remedy(Verdict v) {
        switch (v) {
            case HIGH_BIAS:
                return "a bigger network (more units or layers), training longer, another architecture";
            case HIGH_VARIANCE:
                return "more data, regularization (--l2, --dropout), another architecture";
            case BOTH:
                return "first the bias (bigger network, longer training), then the variance (more data, regularization)";
            default:
                return "nothing to fix";
        }
    }

    /** One line: "bias/variance: train error 15.0 %, dev error 16.0 %: high bias (underfitting); try …". */
    public static String line(double trainError, double devError) {
        Verdict v = diagnose(trainError, devError, 0);
        String what;
        switch (v) {
            case HIGH_BIAS: what = "high bias (underfitting)"; break;
            case HIGH_VARIANCE: what = "high variance (overfitting)"; break;
            case BOTH: what = "high bias and high variance"; break;
            default: what = "neither bias nor variance is high"; break;
        }
        return String.format(Locale.ROOT, "bias/variance: train error %.1f %%, dev error %.1f %%: %s; %s", 100 * trainError,
                100 * devError, what, v == Verdict.FINE ? remedy(v) : "try " + remedy(v));
    }
}
