package dev.soma.nn.norm;

import dev.soma.kernel.BatchNormKernels;
import dev.soma.nn.Stage;
import dev.soma.nn.StageSpec;
import dev.soma.tensor.Tensor;

/**
 * The compiled batch normalization: {@link BatchNormKernels}' routines in the order of the graph's operation
 * (statistics, running update, normalization; backward through the same statistics), into buffers allocated once.
 */
final class BatchNormStage extends Stage {
    private final BatchNorm bn;
    private final int[] exampleShape;
    private final int c;
    private final int s;
    private final boolean batchStats;
    private final boolean update;
    private final float[] mean;
    private final float[] var;
    private final float[] invstd;
    private final double[] acc;

    BatchNormStage(BatchNorm bn, StageSpec spec) {
        this.bn = bn;
        this.exampleShape = spec.inputShape();
        this.c = exampleShape[0];
        this.s = spec.inputSize() / c;
        this.batchStats = spec.training() || !bn.tracksRunningStats();
        this.update = spec.training() && bn.tracksRunningStats();
        this.mean = new float[c];
        this.var = new float[c];
        this.invstd = new float[c];
        this.acc = new double[2 * c];
        this.y = new float[spec.capacity() * spec.inputSize()];
        this.gIn = spec.inputGrad() ? new float[spec.capacity() * spec.inputSize()] : null;
    }

    @Override
    public void forward(float[] x, int rows) {
        if (batchStats) {
            if (rows * s <= 1) {
                bn.checkValuesPerChannel(rows * s, dev.soma.nn.Module.prepend(rows, exampleShape));
            }
            BatchNormKernels.stats(x, rows, c, s, bn.eps(), mean, var, invstd, acc);
            if (update) {
                double factor = bn.advanceBatchCount();
                BatchNormKernels.updateRunning(bn.runningMean().floats(), bn.runningVar().floats(), mean, var, c,
                        rows * s, factor);
            }
        } else {
            System.arraycopy(bn.runningMean().floats(), 0, mean, 0, c);
            BatchNormKernels.invstd(bn.runningVar().floats(), c, bn.eps(), invstd);
        }
        BatchNormKernels.normalize(x, rows, c, s, mean, invstd, floats(bn.weight()), floats(bn.bias()), y);
    }

    @Override
    public void backward(float[] x, float[] g, int rows) {
        Tensor w = bn.weight();
        Tensor b = bn.bias();
        float[] gw = w != null && w.requiresGrad() ? gradBuffer(w) : null;
        float[] gb = b != null && b.requiresGrad() ? gradBuffer(b) : null;
        BatchNormKernels.backward(x, g, rows, c, s, mean, invstd, floats(w), batchStats, gIn, gw, gb, acc);
    }

    @Override
    public boolean trainsParameters() {
        Tensor w = bn.weight();
        Tensor b = bn.bias();
        return (w != null && w.requiresGrad()) || (b != null && b.requiresGrad());
    }

    private static float[] floats(Tensor t) {
        return t == null ? null : t.floats();
    }

    /** The parameter's gradient buffer, created on first use. */
    static float[] gradBuffer(Tensor p) {
        if (p.grad() == null) {
            p.setGrad(Tensor.zeros(p.dtype(), p.shape()));
        }
        return p.grad().floats();
    }
}
