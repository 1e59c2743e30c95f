package dev.soma.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Shared machinery of the gradient tests. {@link #check} turns an operation with a tensor output into a scalar loss
 * Σ op(inputs)·R with a fixed random R (so that every output element matters with its own weight), runs
 * {@link GradCheck} on it in float64, and then replays the same operation in float32 (the kernel paths) and compares
 * values and gradients with the float64 ones.
 */
final class GradTesting {
    /** The bound of the issue: relative error per parameter tensor, ε = 1e-6 in float64. */
    static final double BOUND = 1e-6;
    /** Float32 results against float64 ones, relative norm error. */
    static final double F32_BOUND = 2e-5;

    private static double worst;
    private static String worstName = "";

    private GradTesting() {
    }

    /** Worst gradient-check error seen so far in this JVM, with the check's name. */
    static synchronized String worstSoFar() {
        return String.format("%.3e (%s)", worst, worstName);
    }

    static synchronized void record(String name, double err) {
        if (err > worst) {
            worst = err;
            worstName = name;
        }
    }

    /** Standard-normal float64 values from a seed. */
    static Tensor randn(long seed, int... shape) {
        return Tensor.randn(DType.F64, new SplittableRandom(seed), shape);
    }

    /** Uniform float64 values in [lo, hi). */
    static Tensor uniform(long seed, double lo, double hi, int... shape) {
        return Tensor.uniform(DType.F64, new SplittableRandom(seed), lo, hi, shape);
    }

    /** Values whose magnitude is at least {@code gap} from every point in {@code kinks} (kinks of relu, sqnl…). */
    static Tensor awayFrom(long seed, double gap, double[] kinks, int... shape) {
        return awayFrom(seed, 1.0, gap, kinks, shape);
    }

    /** Normal values with standard deviation {@code scale}, moved at least {@code gap} away from the kinks. */
    static Tensor awayFrom(long seed, double scale, double gap, double[] kinks, int... shape) {
        Tensor t = randn(seed, shape);
        double[] v = t.doubles();
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        for (int i = 0; i < v.length; i++) {
            for (double k : kinks) {
                if (Math.abs(v[i] - k) < gap) {
                    v[i] = k + (v[i] >= k ? gap : -gap);
                }
            }
        }
        return t;
    }

    /** Asserts the float64 gradient check of {@code op} at {@code inputs} (all float64, all get gradients). */
    @SuppressWarnings("try") // NoGrad is used for its scope only
    static double check(String name, Function<Tensor[], Tensor> op, Tensor... inputs) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            params.put(name + "#" + i, inputs[i]);
        }
        Tensor probe;
        try (NoGrad ignored = NoGrad.enter()) {
            probe = op.apply(inputs);
        }
        Tensor weights = randn(0x5EED ^ name.hashCode(), probe.shape());
        GradCheck.Report report = GradCheck.check(() -> op.apply(inputs).mul(weights).sum(), params,
                GradCheck.DEFAULT_EPSILON);
        record(name, report.maxError());
        assertTrue(report.maxError() < BOUND, name + ": gradient check failed:\n" + report);
        compareFloat32(name, op, weights, inputs);
        return report.maxError();
    }

    /** The same loss in float32: values and gradients must agree with float64 to {@link #F32_BOUND}. */
    private static void compareFloat32(String name, Function<Tensor[], Tensor> op, Tensor weights, Tensor[] inputs) {
        for (Tensor in : inputs) {
            in.setGrad(null);
        }
        Tensor loss64 = op.apply(inputs).mul(weights).sum();
        loss64.backward();
        List<Tensor> in32 = new ArrayList<>();
        for (Tensor in : inputs) {
            in32.add(in.to(DType.F32).requiresGrad(true));
        }
        Tensor[] args = in32.toArray(new Tensor[0]);
        Tensor out32 = op.apply(args);
        Tensor out64 = op.apply(inputs);
        assertArrayEquals(out64.shape(), out32.shape(), name + ": float32 output shape");
        assertClose(name + " value (float32 vs float64)", out64.toDoubleArray(), out32.toDoubleArray(), F32_BOUND);
        out32.mul(weights.to(DType.F32)).sum().backward();
        for (int i = 0; i < inputs.length; i++) {
            assertClose(name + " gradient " + i + " (float32 vs float64)", inputs[i].grad().toDoubleArray(),
                    args[i].grad().toDoubleArray(), F32_BOUND);
        }
    }

    /** ‖a − b‖ / (‖a‖ + ‖b‖) below {@code bound} (0 when both are zero). */
    static void assertClose(String what, double[] expected, double[] actual, double bound) {
        double err = relativeError(expected, actual);
        assertTrue(err < bound, what + ": relative error " + err + " ≥ " + bound);
    }

    static double relativeError(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double d2 = 0;
        double a2 = 0;
        double b2 = 0;
        for (int i = 0; i < a.length; i++) {
            d2 += (a[i] - b[i]) * (a[i] - b[i]);
            a2 += a[i] * a[i];
            b2 += b[i] * b[i];
        }
        double den = Math.sqrt(a2) + Math.sqrt(b2);
        return den == 0 ? 0 : Math.sqrt(d2) / den;
    }
}
