package dev.soma.train;

import dev.soma.tensor.Tensor;
import java.util.List;

/** The parameter values before the latest update, for the divergence guard. */
final class WeightBackup {
    private final List<Tensor> params;
    private final Tensor[] copies;

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
            } else {
                copies[i].copyFrom(p);
            }
        }
    }

    void restore() {
        for (int i = 0; i < copies.length; i++) {
            params.get(i).copyFrom(copies[i]);
        }
    }
}
