package dev.soma.train;

import dev.soma.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The parameter values before the latest update, for the divergence guard. Either {@link #save()} copies them all
 * before an update, or the optimizer writes them during its step ({@link #copiesFor}): Adam copies each value in
 * the pass that reads it anyway, instead of a pass of its own over all parameters (1.6 million in a 784-2048-10
 * network: ~0.45 ms per step).
 */
final class WeightBackup {
    private final List<Tensor> params;
    private final Tensor[] copies;
    private List<Tensor> alignedOrder;
    private Tensor[] aligned;

    WeightBackup(List<Tensor> params) {
        this.params = params;
        this.copies = new Tensor[params.size()];
        save();
    }

    void save() {
        for (int i = 0; i < copies.length; i++) {
            Tensor p = params.get(i);
            if (copies[i] == null || copies[i].dtype() != p.dtype()) {
                copies[i] = p.copy();
                aligned = null;
            } else {
                copies[i].copyFrom(p);
            }
        }
    }

    /**
     * The copies in the order of {@code order} (an optimizer's parameters, all of them among this backup's), for
     * {@code Optimizer.step(Tensor[])}: after that step the backup holds every parameter as it was before it
     * (parameters the optimizer skips do not change, so their copies stay valid). Reused from call to call.
     */
    Tensor[] copiesFor(List<Tensor> order) {
        if (aligned == null || alignedOrder != order) {
            IdentityHashMap<Tensor, Tensor> byParam = new IdentityHashMap<>();
            for (int i = 0; i < copies.length; i++) {
                byParam.put(params.get(i), copies[i]);
            }
            Tensor[] a = new Tensor[order.size()];
            for (int i = 0; i < a.length; i++) {
                Tensor p = order.get(i);
                a[i] = byParam.get(p);
                if (a[i] == null || a[i].dtype() != p.dtype()) {
                    return null;
                }
            }
            aligned = a;
            alignedOrder = order;
        }
        return aligned;
    }

    void restore() {
        for (int i = 0; i < copies.length; i++) {
            params.get(i).copyFrom(copies[i]);
        }
    }
}
