package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records operations into the graph and runs reverse-mode differentiation over it. */
public final class Graph {
    private Graph() {
    }

    /**
     * Attaches {@code fn} to {@code out} when the graph is being recorded and some input requires a gradient.
     * Returns {@code out}.
     */
    public static Tensor record(Tensor out, GradFn fn) {
        if (!NoGrad.isRecording()) {
            return out;
        }
        for (Tensor in : fn.inputs()) {
            if (in.requiresGrad()) {
                out.setGradFn(fn);
                return out;
            }
        }
        return out;
    }

    /** True when an operation on these inputs will be recorded (lets an operation skip saving what backward needs). */
    public static boolean willRecord(Tensor... inputs) {
        if (!NoGrad.isRecording()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Back-propagates from a one-element tensor (its gradient seed is 1). */
    public static void backward(Tensor root) {
        if (root.numel() != 1) {
            throw new SomaException("backward: expected a scalar (one element), got shape " + Shapes.str(root.shape())
                    + "; pass the upstream gradient explicitly");
        }
        backward(root, Tensor.full(root.dtype(), 1.0, root.shape()));
    }

    /** Back-propagates from {@code root} with upstream gradient {@code seed} (same shape). */
    @SuppressWarnings("try") // NoGrad is used for its scope only
    public static void backward(Tensor root, Tensor seed) {
        if (!Arrays.equals(root.shape(), seed.shape())) {
            throw new SomaException("backward: gradient of shape " + Shapes.str(seed.shape())
                    + " does not match tensor of shape " + Shapes.str(root.shape()));
        }
        if (!root.requiresGrad()) {
            throw new SomaException("backward: the tensor does not require a gradient (no input of it does)");
        }
        if (root.dtype() != seed.dtype()) {
            throw new SomaException("backward: gradient is " + seed.dtype() + ", tensor is " + root.dtype());
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> pending = new IdentityHashMap<>();
        // Sums this pass allocated itself: nobody else holds them, so further contributions are added in place and a
        // leaf may adopt one as its gradient without a copy. A tensor leaves the set once handed to a backward rule
        // (which may return it as the gradient of several inputs).
        Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        pending.put(root, seed);
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = pending.remove(t);
                if (g == null) {
                    continue;
                }
                boolean mine = owned.remove(g);
                GradFn fn = t.gradFn();
                if (t.keepsGrad()) {
                    accumulate(t, g, mine && fn == null);
                }
                if (fn == null) {
                    continue;
                }
                Tensor[] grads = fn.backward(g);
                List<Tensor> inputs = fn.inputs();
                if (grads == null || grads.length != inputs.size()) {
                    throw new IllegalStateException(fn.name() + ": backward returned "
                            + (grads == null ? "null" : grads.length + " gradients") + " for " + inputs.size() + " inputs");
                }
                for (int k = 0; k < inputs.size(); k++) {
                    Tensor in = inputs.get(k);
                    if (!in.requiresGrad() || grads[k] == null) {
                        continue;
                    }
                    checkShape(fn, k, in, grads[k]);
                    Tensor prev = pending.get(in);
                    if (prev == null) {
                        pending.put(in, grads[k]);
                    } else if (owned.contains(prev)) {
                        Arithmetic.addInPlace(prev, grads[k]);
                    } else {
                        Tensor sum = Arithmetic.add(prev, grads[k]);
                        owned.add(sum);
                        pending.put(in, sum);
                    }
                }
            }
        }
    }

    private static void checkShape(GradFn fn, int k, Tensor in, Tensor g) {
        if (!Arrays.equals(in.shape(), g.shape())) {
            throw new IllegalStateException(fn.name() + ": backward produced a gradient of shape "
                    + Shapes.str(g.shape()) + " for input " + k + " of shape " + Shapes.str(in.shape()));
        }
    }

    /**
     * Adds g into t.grad, creating the buffer the first time (gradients of leaves accumulate across calls). A
     * gradient this pass owns is adopted as is when it is a flat buffer of the right type.
     */
    private static void accumulate(Tensor t, Tensor g, boolean adopt) {
        Tensor cur = t.grad();
        if (cur == null && adopt && g.dtype() == t.dtype() && g.isContiguous() && g.offset() == 0) {
            t.setGrad(g);
        } else if (cur == null) {
            Tensor fresh = Tensor.zeros(t.dtype(), t.shape());
            fresh.copyFrom(g);
            t.setGrad(fresh);
        } else {
            Arithmetic.addInPlace(cur, g);
        }
    }

    /** Every tensor {@code root} depends on through recorded operations, inputs before outputs. */
    public static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        // Iterative post-order DFS: deep networks must not overflow the stack.
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            List<Tensor> inputs = t.gradFn() == null ? Collections.emptyList() : t.gradFn().inputs();
            if (next < inputs.size()) {
                frame[1] = next + 1;
                Tensor in = inputs.get(next);
                if (in.requiresGrad() && seen.put(in, Boolean.TRUE) == null) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
