package dev.soma.autograd;

import dev.soma.tensor.Tensor;

/**
 * A graph node equal to its input: the start of a branch that reads a value also used elsewhere (the body of a
 * residual block). The graph sums every gradient arriving at the branch before passing the total to the input, so
 * the input's gradient is always a sum of two terms (the other use's and the branch's) whatever the nesting; the
 * compiled stages add the same two terms, which keeps their bits equal to the graph's.
 */
public final class Branch {
    private Branch() {
    }

    /** y = x (sharing x's storage), with ∂x = g. */
    public static Tensor of(Tensor x) {
        Tensor y = x.detach();
        return Graph.record(y, new GradFn("branch", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g};
            }
        });
    }
}
