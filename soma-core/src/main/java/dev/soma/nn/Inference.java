package dev.soma.nn;

import dev.soma.autograd.NoGrad;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@link Module#predict}: the module's compiled inference stage, kept per thread and per input shape (recompiled
 * when a larger batch comes), so predicting allocates only the result and many threads may predict with one model
 * at once (they share only the read-only weights). float64 models, and every call when
 * {@code -Dsoma.fastPredict=false} (benchmark comparisons), go through the graph in evaluation mode instead; both
 * give the same numbers.
 */
final class Inference {
    private static final boolean ENABLED = !"false".equals(System.getProperty("soma.fastPredict"));
    private static final ThreadLocal<Map<Module, Compiled>> CACHE = ThreadLocal.withInitial(WeakHashMap::new);

    private Inference() {
    }

    private static final class Compiled {
        final int[] shape;
        final int capacity;
        final Stage stage;

        Compiled(int[] shape, int capacity, Stage stage) {
            this.shape = shape;
            this.capacity = capacity;
            this.stage = stage;
        }
    }

    static Tensor predict(Module model, Tensor batch) {
        if (!ENABLED || batch.dtype() != DType.F32 || model.dtype() != DType.F32 || batch.rank() < 1) {
            try (NoGrad ignored = NoGrad.enter()) {
                Tensor in = batch.dtype() == model.dtype() ? batch : batch.to(model.dtype());
                return model.forward(in.detach(), false);
            }
        }
        int rows = batch.size(0);
        int[] shape = Module.exampleShape(batch.shape());
        Map<Module, Compiled> cache = CACHE.get();
        Compiled c = cache.get(model);
        if (c == null || !Arrays.equals(c.shape, shape) || c.capacity < rows) {
            int capacity = Math.max(rows, 1);
            c = new Compiled(shape, capacity, model.compile(StageSpec.inference(shape, capacity)));
            cache.put(model, c);
        }
        int[] outShape = model.outputShape(shape);
        Stage s = c.stage;
        s.forward(batch.contiguous().floats(), rows);
        int n = rows * dev.soma.tensor.Shapes.numel(outShape);
        float[] result = new float[n];
        System.arraycopy(s.output(), 0, result, 0, n);
        return Tensor.of(result, Module.prepend(rows, outShape));
    }
}
