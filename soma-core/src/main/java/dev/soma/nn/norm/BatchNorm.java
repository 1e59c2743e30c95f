package dev.soma.nn.norm;

import java.util.Map;
import java.util.List;
import dev.soma.nn.ExportGraph;
import dev.soma.SomaException;
import dev.soma.autograd.BatchNormalization;
import dev.soma.nn.LayerToken;
import dev.soma.nn.Module;
import dev.soma.nn.Stage;
import dev.soma.nn.StageSpec;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share, as torch's _BatchNorm: per-channel normalization of
 * [N, C, *] by the batch's mean and biased variance in training (updating running statistics with the unbiased
 * variance) and by the running statistics in evaluation.
 *
 * <p>State dict, as torch: {@code weight} and {@code bias} (with affine), {@code running_mean},
 * {@code running_var} and {@code num_batches_tracked} (with track_running_stats). {@code num_batches_tracked} is a
 * 0-dimensional float64 tensor here (torch's is int64; exact to 2⁵³ batches, and torch's load_state_dict converts
 * it); it stays float64 when the module is converted with {@link #to}.
 */
public abstract class BatchNorm extends Module {
    private final int features;
    private final double eps;
    private final Double momentum;
    private final boolean affine;
    private final boolean track;
    private Tensor weight;
    private Tensor bias;
    private Tensor runningMean;
    private Tensor runningVar;
    private final Tensor numBatches;

    /**
     * A layer over {@code features} channels; {@code momentum} null means a cumulative moving average (torch's
     * momentum=None).
     */
    protected BatchNorm(int features, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        if (features <= 0) {
            throw new SomaException(kind() + ": num_features must be positive, got " + features);
        }
        if (!(eps > 0)) {
            throw new SomaException(kind() + ": eps must be positive, got " + eps);
        }
        if (momentum != null && !(momentum >= 0 && momentum <= 1)) {
            throw new SomaException(kind() + ": momentum must be in [0, 1], got " + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.track = trackRunningStats;
        if (affine) {
            weight = Tensor.full(DType.F32, 1.0, features).requiresGrad(true);
            bias = Tensor.zeros(DType.F32, features).requiresGrad(true);
        }
        if (track) {
            runningMean = Tensor.zeros(DType.F32, features);
            runningVar = Tensor.full(DType.F32, 1.0, features);
            numBatches = Tensor.scalar(DType.F64, 0);
        } else {
            numBatches = null;
        }
    }

    /** "BatchNorm1d" or "BatchNorm2d". */
    protected abstract String kind();

    /** The spec token's name, "batchnorm1d" or "batchnorm2d". */
    protected abstract String token();

    /** True when examples of this rank (no batch dimension) fit, e.g. 1 or 2 for BatchNorm1d. */
    protected abstract boolean acceptsRank(int rank);

    /** The example shapes accepted, for errors: "[C] or [C, L]". */
    protected abstract String expectedShapes();

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rank() < 2) {
            throw new SomaException(describe() + " expects a batch of examples " + expectedShapes().replace("C",
                    Integer.toString(features)) + ", got " + Shapes.str(x.shape()));
        }
        outputShape(exampleShape(x.shape()));
        boolean batchStats = training || !track;
        if (batchStats) {
            checkValuesPerChannel(x.numel() / features, x.shape());
        }
        double factor = 0;
        boolean update = training && track;
        if (update) {
            factor = advanceBatchCount();
        }
        return BatchNormalization.apply(x, weight, bias, update || !batchStats ? runningMean : null,
                update || !batchStats ? runningVar : null, batchStats, factor, eps);
    }

    /** Counts one more training batch and returns the momentum of its running-statistics update. */
    final double advanceBatchCount() {
        double[] nb = numBatches.doubles();
        nb[0] += 1;
        return momentum == null ? 1.0 / nb[0] : momentum;
    }

    /** torch's "Expected more than 1 value per channel when training". */
    final void checkValuesPerChannel(int perChannel, int[] batchShape) {
        if (perChannel <= 1) {
            throw new SomaException(describe() + ": expected more than 1 value per channel when training, got input "
                    + Shapes.str(batchShape) + (batchShape[0] == 1 ? " (a batch of one example; with a training set"
                    + " whose size leaves a last batch of one, pick another batch size)" : ""));
        }
    }

    @Override
    public int[] outputShape(int[] in) {
        if (!acceptsRank(in.length)) {
            throw new SomaException(describe() + " expects examples " + expectedShapes().replace("C",
                    Integer.toString(features)) + ", got " + Shapes.str(in));
        }
        if (in[0] != features) {
            throw new SomaException(describe() + " expects " + features + " channels, got " + in[0]
                    + " (examples of shape " + Shapes.str(in) + ")");
        }
        return in.clone();
    }

    @Override
    public Stage compile(StageSpec spec) {
        outputShape(spec.inputShape());
        if ((weight != null && !flatF32(weight)) || (track && !flatF32(runningMean))) {
            return super.compile(spec);
        }
        return new BatchNormStage(this, spec);
    }

    /**
     * ONNX BatchNormalization (evaluation: the running statistics; scale 1 and bias 0 without affine). A layer
     * without running statistics normalizes by the batch's even in evaluation, which ONNX inference cannot express.
     */
    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        outputShape(inputShape);
        if (!track) {
            throw new SomaException(describe() + " cannot be exported: without running statistics it normalizes by "
                    + "the batch's statistics in evaluation too");
        }
        String scale = g.constant("scale", affine ? weight : Tensor.full(runningMean.dtype(), 1.0, features));
        String shift = g.constant("bias", affine ? bias : Tensor.zeros(runningMean.dtype(), features));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("epsilon", eps);
        a.put("momentum", 1 - (momentum == null ? 0.1 : momentum)); // ONNX's momentum weighs the running value
        return g.node("BatchNormalization", List.of(input, scale, shift, g.constant("running_mean", runningMean),
                g.constant("running_var", runningVar)), a);
    }

    private static boolean flatF32(Tensor t) {
        return t.dtype() == DType.F32 && t.isContiguous() && t.offset() == 0;
    }

    public int numFeatures() {
        return features;
    }

    public double eps() {
        return eps;
    }

    /** The momentum of the running statistics, or null for a cumulative average. */
    public Double momentum() {
        return momentum;
    }

    public boolean affine() {
        return affine;
    }

    public boolean tracksRunningStats() {
        return track;
    }

    /** The scale γ ([C]), or null without affine. */
    public Tensor weight() {
        return weight;
    }

    /** The shift β ([C]), or null without affine. */
    public Tensor bias() {
        return bias;
    }

    /** The running mean ([C]), or null without track_running_stats. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance ([C]), or null without track_running_stats. */
    public Tensor runningVar() {
        return runningVar;
    }

    /** The number of training batches seen (a 0-d float64 tensor), or null without track_running_stats. */
    public Tensor numBatchesTracked() {
        return numBatches;
    }

    @Override
    protected LinkedHashMap<String, Tensor> ownParameters() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        if (affine) {
            m.put("weight", weight);
            m.put("bias", bias);
        }
        return m;
    }

    @Override
    protected LinkedHashMap<String, Tensor> ownBuffers() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        if (track) {
            m.put("running_mean", runningMean);
            m.put("running_var", runningVar);
            m.put("num_batches_tracked", numBatches);
        }
        return m;
    }

    @Override
    public void to(DType dtype) {
        if (affine) {
            weight = convert(weight, dtype);
            bias = convert(bias, dtype);
        }
        if (track) {
            runningMean = convert(runningMean, dtype);
            runningVar = convert(runningVar, dtype);
        }
    }

    @Override
    public String spec() {
        return token() + ":" + features + (eps != 1e-5 ? ":eps=" + eps : "")
                + (momentum == null ? ":momentum=none" : momentum != 0.1 ? ":momentum=" + momentum : "")
                + (affine ? "" : ":noaffine") + (track ? "" : ":nostats");
    }

    @Override
    public String describe() {
        return kind() + "(" + features + (eps != 1e-5 ? ", eps=" + eps : "")
                + (momentum == null ? ", momentum=None" : momentum != 0.1 ? ", momentum=" + momentum : "")
                + (affine ? "" : ", affine=False") + (track ? "" : ", track_running_stats=False") + ")";
    }

    /** The options every batch-norm token takes: eps, momentum (a number or "none"), noaffine, nostats. */
    static final class Options {
        final int features;
        final double eps;
        final Double momentum;
        final boolean affine;
        final boolean track;

        Options(LayerToken t, int[] shape) {
            t.allowOnly("eps", "momentum", "noaffine", "nostats");
            if (t.args() == 1) {
                features = t.intArg(0, "num_features");
            } else if (t.args() == 0 && shape != null && shape.length >= 1) {
                features = shape[0];
            } else {
                throw t.error("expected " + t.name() + ":<channels>" + (t.args() == 0
                        ? " (the channels can be left out only when the input shape is known)" : ""));
            }
            eps = t.doubleOption("eps", 1e-5);
            String mo = t.option("momentum", "0.1");
            momentum = mo.equals("none") ? null : t.doubleOption("momentum", 0.1);
            affine = !t.has("noaffine");
            track = !t.has("nostats");
        }
    }
}
