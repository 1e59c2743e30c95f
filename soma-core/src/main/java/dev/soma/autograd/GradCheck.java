package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Compares analytic gradients with central differences (f(θ + ε) − f(θ − ε)) / 2ε in float64. For each parameter
 * tensor it reports the relative error ‖g − g_num‖ / (‖g‖ + ‖g_num‖), the measure of the tutorials (below 1e-7 is
 * excellent, above 1e-3 is a bug).
 */
public final class GradCheck {
    /** The ε of the central difference. */
    public static final double DEFAULT_EPSILON = 1e-6;

    private GradCheck() {
    }

    /** The outcome: relative error per parameter, in the order given, and over the whole parameter vector θ. */
    public static final class Report {
        private final Map<String, Double> errors;
        private final double whole;
        private final long count;

        Report(Map<String, Double> errors, double whole, long count) {
            this.errors = errors;
            this.whole = whole;
            this.count = count;
        }

        /**
         * The tutorials' check: every parameter reshaped into one vector θ, ‖dθ − dθ_approx‖ / (‖dθ‖ + ‖dθ_approx‖).
         */
        public double wholeVectorError() {
            return whole;
        }

        /** The number of values in θ. */
        public long parameterCount() {
            return count;
        }

        /** Parameter name → relative error. */
        public Map<String, Double> errors() {
            return errors;
        }

        /** The largest relative error over all parameters. */
        public double maxError() {
            return errors.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            errors.forEach((k, v) -> sb.append(String.format("%-20s %.3e%n", k, v)));
            return sb.toString();
        }
    }

    /**
     * Checks the gradients of {@code loss} (a function that builds a scalar from the parameters, freshly each call)
     * with respect to each named float64 parameter.
     */
    public static Report check(Supplier<Tensor> loss, Map<String, Tensor> params, double eps) {
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor p = e.getValue();
            if (p.dtype() != DType.F64) {
                throw new SomaException("gradcheck: parameter '" + e.getKey() + "' is " + p.dtype()
                        + "; central differences need float64");
            }
            p.requiresGrad(true);
            p.setGrad(null);
        }
        Tensor out = loss.get();
        out.backward();
        Map<String, Double> errors = new LinkedHashMap<>();
        double allDiff2 = 0;
        double allGa2 = 0;
        double allGn2 = 0;
        long count = 0;
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor p = e.getValue();
            Tensor g = p.grad();
            double[] data = p.doubles();
            double diff2 = 0;
            double ga2 = 0;
            double gn2 = 0;
            for (int i = 0; i < data.length; i++) {
                double keep = data[i];
                data[i] = keep + eps;
                double plus = value(loss);
                data[i] = keep - eps;
                double minus = value(loss);
                data[i] = keep;
                double numeric = (plus - minus) / (2 * eps);
                double analytic = g == null ? 0 : g.getFlat(i);
                diff2 += (analytic - numeric) * (analytic - numeric);
                ga2 += analytic * analytic;
                gn2 += numeric * numeric;
            }
            double denom = Math.sqrt(ga2) + Math.sqrt(gn2);
            errors.put(e.getKey(), denom == 0 ? 0 : Math.sqrt(diff2) / denom);
            allDiff2 += diff2;
            allGa2 += ga2;
            allGn2 += gn2;
            count += data.length;
        }
        double denom = Math.sqrt(allGa2) + Math.sqrt(allGn2);
        return new Report(errors, denom == 0 ? 0 : Math.sqrt(allDiff2) / denom, count);
    }

    /** Same, with parameters named by position ("p0", "p1", …) and ε = 1e-6. */
    public static Report check(Supplier<Tensor> loss, List<Tensor> params) {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            named.put("p" + i, params.get(i));
        }
        return check(loss, named, DEFAULT_EPSILON);
    }

    @SuppressWarnings("try") // NoGrad is used for its scope only
    private static double value(Supplier<Tensor> loss) {
        try (NoGrad ignored = NoGrad.enter()) {
            return loss.get().item();
        }
    }
}
