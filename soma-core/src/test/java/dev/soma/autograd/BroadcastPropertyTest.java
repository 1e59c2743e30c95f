package dev.soma.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Fuzzing of broadcasting: random pairs of broadcastable shapes (rank 0–4, some dimensions 1 or missing on either
 * side, some operands transposed views), every binary operation. Values are compared with a naive index-by-index
 * reference, gradients with central differences (float64) and the float32 kernels with float64.
 */
class BroadcastPropertyTest {
    private static final String[] OPS = {"add", "sub", "mul", "div"};

    @Property(tries = 150, seed = "20261123")
    void binaryOpsBroadcastLikeNumpy(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int rank = rng.nextInt(5);
        int[] full = new int[rank];
        for (int i = 0; i < rank; i++) {
            full[i] = 1 + rng.nextInt(3);
        }
        int[] as = operandShape(full, rng);
        int[] bs = operandShape(full, rng);
        String op = OPS[rng.nextInt(OPS.length)];
        boolean transposeA = as.length >= 2 && rng.nextBoolean();
        Tensor a = GradTesting.randn(rng.nextLong(), transposeA ? swapLast(as) : as);
        Tensor b = GradTesting.uniform(rng.nextLong(), 0.5, 2, bs);
        BinaryOperator<Tensor> f = op(op);
        java.util.function.Function<Tensor, Tensor> viewA = t -> transposeA ? t.transpose(-1, -2) : t;

        Tensor out = f.apply(viewA.apply(a), b);
        int[] expectShape = Shapes.broadcast(op, as, bs);
        assertArrayEquals(expectShape, out.shape());
        double[] naive = naive(viewA.apply(a), b, expectShape, scalarOp(op));
        assertArrayEquals(naive, out.toDoubleArray(), 1e-12, op + " " + Shapes.str(as) + " " + Shapes.str(bs));
        GradTesting.check(op + Shapes.str(as) + Shapes.str(bs) + (transposeA ? "T" : ""),
                t -> f.apply(viewA.apply(t[0]), t[1]), a, b);
    }

    @Property(tries = 40, seed = "7")
    void float32AndFloat64AgreeOnBroadcastGradients(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int rows = 1 + rng.nextInt(40);
        int cols = 1 + rng.nextInt(40);
        Tensor x = GradTesting.randn(rng.nextLong(), rows, cols);
        Tensor row = GradTesting.randn(rng.nextLong(), cols);
        Tensor col = GradTesting.randn(rng.nextLong(), rows, 1);
        double[][] grads = new double[2][];
        for (DType type : DType.values()) {
            Tensor r = row.to(type).requiresGrad(true);
            Tensor c = col.to(type).requiresGrad(true);
            x.to(type).add(r).mul(c).sum().backward();
            assertEquals(cols, r.grad().numel());
            grads[type.ordinal()] = concat(r.grad().toDoubleArray(), c.grad().toDoubleArray());
        }
        GradTesting.assertClose("row/column gradients", grads[1], grads[0], 1e-6);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The full shape with some leading dimensions dropped and some others set to 1. */
    private static int[] operandShape(int[] full, SplittableRandom rng) {
        int drop = rng.nextInt(full.length + 1);
        int[] s = java.util.Arrays.copyOfRange(full, drop, full.length);
        for (int i = 0; i < s.length; i++) {
            if (rng.nextInt(3) == 0) {
                s[i] = 1;
            }
        }
        return s;
    }

    private static int[] swapLast(int[] s) {
        int[] r = s.clone();
        int n = r.length;
        int t = r[n - 1];
        r[n - 1] = r[n - 2];
        r[n - 2] = t;
        return r;
    }

    private static BinaryOperator<Tensor> op(String name) {
        switch (name) {
            case "add": return Tensor::add;
            case "sub": return Tensor::sub;
            case "mul": return Tensor::mul;
            default: return Tensor::div;
        }
    }

    private static DoubleBinaryOperator scalarOp(String name) {
        switch (name) {
            case "add": return (x, y) -> x + y;
            case "sub": return (x, y) -> x - y;
            case "mul": return (x, y) -> x * y;
            default: return (x, y) -> x / y;
        }
    }

    /** out[idx] = f(a[idx mapped into a], b[idx mapped into b]) with multi-indices and get(int...). */
    private static double[] naive(Tensor a, Tensor b, int[] shape, DoubleBinaryOperator f) {
        int n = Shapes.numel(shape);
        double[] out = new double[n];
        int[] idx = new int[shape.length];
        for (int i = 0; i < n; i++) {
            int rem = i;
            for (int ax = shape.length - 1; ax >= 0; ax--) {
                idx[ax] = rem % shape[ax];
                rem /= shape[ax];
            }
            out[i] = f.applyAsDouble(a.get(project(idx, a.shape())), b.get(project(idx, b.shape())));
        }
        return out;
    }

    private static int[] project(int[] idx, int[] shape) {
        int[] r = new int[shape.length];
        int lead = idx.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            r[i] = shape[i] == 1 ? 0 : idx[lead + i];
        }
        return r;
    }
}
