package dev.soma.nn;

import dev.soma.autograd.NoGrad;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * {@link Module#predict}: the module's compiled inference stage, kept per thread for the last few models and per
 * input shape (recompiled when a larger batch comes), so predicting allocates only the result and many threads may predict with one model
 * at once (they share only the read-only weights). float64 models, and every call when
 * {@code -Dsoma.fastPredict=false} (benchmark comparisons), go through the graph in evaluation mode instead; both
 * give the same numbers.
 */
final class Inference {
    private static final boolean ENABLED = !"false".equals(System.getProperty("soma.fastPredict"));
    /** Per thread, the stages of the last few models predicted with (a bounded cache: stages hold their modules). */
    private static final int MODELS_PER_THREAD = 4;
    private static final ThreadLocal<Map<Module, Compiled>> CACHE = ThreadLocal.withInitial(() ->
            new LinkedHashMap<Module, Compiled>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Module, Compiled> eldest) {
                    return size() > MODELS_PER_THREAD;
                }
            });

    private Inference() {
    }

    /** A compiled inference stage for one input shape, valid while no tensor of the process was converted. */
    private static final class Compiled {
        final int[] shape;
        final int[] outShape;
        final int outSize;
        final int capacity;
        final int conversions;
        final Stage stage;

        Compiled(int[] shape, int[] outShape, int capacity, int conversions, Stage stage) {
            this.shape = shape;
            this.outShape = outShape;
            this.outSize = dev.soma.tensor.Shapes.numel(outShape);
            this.capacity = capacity;
            this.conversions = conversions;
            this.stage = stage;
        }

        boolean fits(int[] s, int rows) {
            return capacity >= rows && conversions == Module.CONVERSIONS.get() && Arrays.equals(shape, s);
        }
    }

    static Tensor predict(Module model, Tensor batch) {
        if (!ENABLED || batch.dtype() != DType.F32 || batch.rank() < 1) {
            return graph(model, batch);
        }
        int rows = batch.size(0);
        int[] shape = Module.exampleShape(batch.shape());
        Map<Module, Compiled> cache = CACHE.get();
        Compiled c = cache.get(model);
        if (c == null || !c.fits(shape, rows)) {
            int conversions = Module.CONVERSIONS.get();
            if (model.dtype() != DType.F32) {
                return graph(model, batch);
            }
            int capacity = Math.max(rows, 1);
            int[] outShape = model.outputShape(shape);
            c = new Compiled(shape, outShape, capacity, conversions, model.compile(StageSpec.inference(shape, capacity)));
            cache.put(model, c);
        }
        Stage s = c.stage;
        s.forward(batch.contiguous().floats(), rows);
        int n = rows * c.outSize;
        float[] result = new float[n];
        System.arraycopy(s.output(), 0, result, 0, n);
        return Tensor.of(result, Module.prepend(rows, c.outShape));
    }

    private static Tensor graph(Module model, Tensor batch) {
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor in = batch.dtype() == model.dtype() ? batch : batch.to(model.dtype());
            return model.forward(in.detach(), false);
        }
    }
}
