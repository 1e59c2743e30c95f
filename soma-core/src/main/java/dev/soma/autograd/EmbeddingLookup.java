package dev.soma.autograd;

import dev.soma.kernel.EmbeddingKernels;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;

/**
 * An embedding lookup as a differentiable operation, as torch.nn.functional.embedding: for indices of shape [*]
 * (whole numbers held as floats) the output [*, dim] holds the table's rows. Only the table gets a gradient (the
 * indices are not differentiable); the row {@code paddingIdx} gets none.
 */
public final class EmbeddingLookup {
    private EmbeddingLookup() {
    }

    /**
     * Looks up {@code indices} in {@code table} [num, dim]; {@code who} names the layer in errors about an index,
     * {@code perRow} indices make one example (to name its row), {@code paddingIdx} is −1 for none.
     */
    public static Tensor apply(Tensor indices, Tensor table, int paddingIdx, int perRow, String who) {
        int num = table.size(0);
        int dim = table.size(1);
        int count = indices.numel();
        Tensor ic = indices.detach().contiguous();
        int[] idx = new int[count];
        if (ic.dtype() == DType.F32) {
            EmbeddingKernels.indices(ic.floats(), count, Math.max(perRow, 1), num, who, idx);
        } else {
            EmbeddingKernels.indices(ic.doubles(), count, Math.max(perRow, 1), num, who, idx);
        }
        int[] outShape = new int[indices.rank() + 1];
        System.arraycopy(indices.shape(), 0, outShape, 0, indices.rank());
        outShape[indices.rank()] = dim;
        Tensor t = table.detach().contiguous();
        Tensor y = Tensor.zeros(table.dtype(), outShape);
        if (t.dtype() == DType.F32) {
            EmbeddingKernels.gather(t.floats(), idx, count, dim, y.floats());
        } else {
            EmbeddingKernels.gather(t.doubles(), idx, count, dim, y.doubles());
        }
        return Graph.record(y, new GradFn("embedding", indices, table) {
            @Override
            protected Tensor[] backward(Tensor g) {
                if (!needs(1)) {
                    return new Tensor[] {null, null};
                }
                Tensor gc = g.contiguous();
                Tensor gt = Tensor.zeros(table.dtype(), num, dim);
                if (gt.dtype() == DType.F32) {
                    EmbeddingKernels.scatterAdd(gc.floats(), idx, count, dim, num, paddingIdx, gt.floats());
                } else {
                    EmbeddingKernels.scatterAdd(gc.doubles(), idx, count, dim, num, paddingIdx, gt.doubles());
                }
                return new Tensor[] {null, gt};
            }
        });
    }
}
