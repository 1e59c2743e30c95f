package dev.soma.autograd;

import dev.soma.kernel.KernelProvider;
import dev.soma.tensor.Tensor;

/** Elementwise functions of one tensor: neg, exp, log, pow, sqrt, abs, and their gradients. */
public final class Unary {
    private Unary() {
    }

    /** −x; dx = −g. */
    public static Tensor neg(Tensor x) {
        Tensor out;
        if (Elementwise.flatF32(x)) {
            out = Tensor.zeros(x.shape());
            KernelProvider.get().scale(-1f, x.floats(), 0, out.floats(), 0, x.numel());
        } else {
            out = Elementwise.map(x, v -> -v);
        }
        return Graph.record(out, new GradFn("neg", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {neg(g)};
            }
        });
    }

    /** eˣ; dx = g·eˣ (the output is reused). */
    public static Tensor exp(Tensor x) {
        Tensor out;
        if (Elementwise.flatF32(x)) {
            out = Tensor.zeros(x.shape());
            KernelProvider.get().exp(x.floats(), 0, out.floats(), 0, x.numel());
        } else {
            out = Elementwise.map(x, Math::exp);
        }
        Tensor y = out.detach();
        return Graph.record(out, new GradFn("exp", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {Arithmetic.mul(g, y)};
            }
        });
    }

    /** ln x; dx = g/x. */
    public static Tensor log(Tensor x) {
        Tensor out = Elementwise.map(x, Math::log);
        Tensor xd = x.detach();
        return Graph.record(out, new GradFn("log", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {Arithmetic.div(g, xd)};
            }
        });
    }

    /** xᵖ for a constant p; dx = g·p·xᵖ⁻¹. */
    public static Tensor pow(Tensor x, double p) {
        Tensor out = Elementwise.map(x, v -> Math.pow(v, p));
        Tensor xd = x.detach();
        return Graph.record(out, new GradFn("pow", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {Arithmetic.mul(g, Elementwise.map(xd, v -> p * Math.pow(v, p - 1)))};
            }
        });
    }

    /** √x; dx = g/(2√x). */
    public static Tensor sqrt(Tensor x) {
        Tensor out = Elementwise.map(x, Math::sqrt);
        Tensor y = out.detach();
        return Graph.record(out, new GradFn("sqrt", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {Arithmetic.mul(g, Elementwise.map(y, v -> 0.5 / v))};
            }
        });
    }

    /** |x|; dx = g·sign(x) (0 at 0, as PyTorch). */
    public static Tensor abs(Tensor x) {
        Tensor out = Elementwise.map(x, Math::abs);
        Tensor xd = x.detach();
        return Graph.record(out, new GradFn("abs", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {Arithmetic.mul(g, Elementwise.map(xd, Math::signum))};
            }
        });
    }
}
