package dev.soma.autograd;

import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A node of the computation graph: the operation that produced a tensor, its inputs, and its local backward rule.
 * Like micrograd's {@code _backward}, each operation knows only its own derivative; {@link Graph} chains them.
 */
public abstract class GradFn {
    private final String name;
    private final List<Tensor> inputs;

    protected GradFn(String name, Tensor... inputs) {
        this.name = name;
        this.inputs = Collections.unmodifiableList(Arrays.asList(inputs.clone()));
    }

    /** The operation's name, e.g. "matmul" or "relu". */
    public String name() {
        return name;
    }

    /** The tensors this operation read. */
    public List<Tensor> inputs() {
        return inputs;
    }

    /**
     * Given the gradient of the loss with respect to this node's output, returns the gradient with respect to each
     * input, in order (null where an input needs none). Runs with graph recording off.
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /** True when input i wants a gradient, so a backward rule can skip work for the others. */
    protected boolean needs(int i) {
        return inputs.get(i).requiresGrad();
    }

    @Override
    public String toString() {
        return name;
    }
}
