package dev.soma.autograd;

import dev.soma.kernel.Kernels;
import dev.soma.kernel.KernelProvider;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.Arrays;

/** Addition, subtraction, multiplication and division with numpy broadcasting, and their gradients. */
public final class Arithmetic {
    private Arithmetic() {
    }

    /** a + b with broadcasting; ∂/∂a = g and ∂/∂b = g, each summed over the dimensions it was broadcast along. */
    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = fastPath('+', a, b);
        if (out == null) {
            out = Elementwise.zip("add", a, b, Double::sum);
        }
        return Graph.record(out, new GradFn("add", a, b) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {
                    needs(0) ? Elementwise.sumTo(g, a.shape()) : null,
                    needs(1) ? Elementwise.sumTo(g, b.shape()) : null};
            }
        });
    }

    /** a − b with broadcasting; ∂/∂a = g, ∂/∂b = −g (summed back to each input's shape). */
    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = fastPath('-', a, b);
        if (out == null) {
            out = Elementwise.zip("sub", a, b, (x, y) -> x - y);
        }
        return Graph.record(out, new GradFn("sub", a, b) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {needs(0) ? Elementwise.sumTo(g, a.shape()) : null,
                        needs(1) ? Unary.neg(Elementwise.sumTo(g, b.shape())) : null};
            }
        });
    }

    /** a · b elementwise with broadcasting; ∂/∂a = g·b, ∂/∂b = g·a (summed back to each input's shape). */
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = fastPath('*', a, b);
        if (out == null) {
            out = Elementwise.zip("mul", a, b, (x, y) -> x * y);
        }
        Tensor ad = a.detach();
        Tensor bd = b.detach();
        return Graph.record(out, new GradFn("mul", a, b) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {
                    needs(0) ? Elementwise.sumTo(mul(g, bd), a.shape()) : null,
                    needs(1) ? Elementwise.sumTo(mul(g, ad), b.shape()) : null};
            }
        });
    }

    /** a / b elementwise with broadcasting; ∂/∂a = g/b, ∂/∂b = −g·a/b² (summed back to each input's shape). */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = fastPath('/', a, b);
        if (out == null) {
            out = Elementwise.zip("div", a, b, (x, y) -> x / y);
        }
        Tensor ad = a.detach();
        Tensor bd = b.detach();
        return Graph.record(out, new GradFn("div", a, b) {
            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor ga = needs(0) ? Elementwise.sumTo(div(g, bd), a.shape()) : null;
                Tensor gb = null;
                if (needs(1)) {
                    // d(a/b)/db = -a / b²
                    gb = Elementwise.sumTo(Unary.neg(div(mul(g, ad), mul(bd, bd))), b.shape());
                }
                return new Tensor[] {ga, gb};
            }
        });
    }

    /** acc += x in place (same shape), outside the graph: gradient accumulation. */
    public static void addInPlace(Tensor acc, Tensor x) {
        if (Elementwise.flatF32(acc, x) && Arrays.equals(acc.shape(), x.shape())) {
            KernelProvider.get().axpy(1f, x.floats(), 0, acc.floats(), 0, acc.numel());
            return;
        }
        if (acc.dtype() == DType.F64 && x.dtype() == DType.F64 && Elementwise.flat(acc) && Elementwise.flat(x)
                && Arrays.equals(acc.shape(), x.shape())) {
            double[] a = acc.doubles();
            double[] b = x.doubles();
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return;
        }
        Tensor sum = Elementwise.zip("add", acc, x, Double::sum);
        acc.copyFrom(sum);
    }

    /** The float32 contiguous cases the kernels do directly: same shapes, and a row vector over a matrix. */
    private static Tensor fastPath(char op, Tensor a, Tensor b) {
        if (!Elementwise.flatF32(a, b)) {
            return null;
        }
        Kernels k = KernelProvider.get();
        int[] as = a.shape();
        int[] bs = b.shape();
        int n = a.numel();
        if (Arrays.equals(as, bs)) {
            Tensor out = Tensor.zeros(as);
            float[] x = a.floats();
            float[] y = b.floats();
            float[] o = out.floats();
            switch (op) {
                case '+': k.add(x, 0, y, 0, o, 0, n); break;
                case '-': k.sub(x, 0, y, 0, o, 0, n); break;
                case '*': k.mul(x, 0, y, 0, o, 0, n); break;
                default: k.div(x, 0, y, 0, o, 0, n); break;
            }
            return out;
        }
        if (op == '+' && as.length == 2 && bs.length == 1 && bs[0] == as[1]) {
            Tensor out = Tensor.zeros(as);
            k.addRowVector(a.floats(), 0, as[0], as[1], b.floats(), 0, out.floats(), 0);
            return out;
        }
        if (op == '*' && b.numel() == 1 && bs.length == 0) {
            Tensor out = Tensor.zeros(as);
            k.scale(b.floats()[0], a.floats(), 0, out.floats(), 0, n);
            return out;
        }
        return null;
    }
}
