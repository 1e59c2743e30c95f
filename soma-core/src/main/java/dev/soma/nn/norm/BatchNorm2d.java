package dev.soma.nn.norm;

import dev.soma.nn.LayerFactory;
import dev.soma.nn.LayerToken;
import dev.soma.nn.Module;
import dev.soma.nn.SpecContext;
import java.util.List;

/**
 * Batch normalization over a 4-d batch (images), as torch.nn.BatchNorm2d:
 * y = (x − E[x]) / √(Var[x] + eps) · γ + β, per channel.
 *
 * <p>In training the mean and the biased variance are the batch's (over N, H and W), and the running estimates
 * are updated as running = (1 − momentum)·running + momentum·batch, the variance unbiased (× m/(m − 1) for m values
 * per channel); in evaluation the running estimates are used. With {@code momentum} null the running estimates are
 * cumulative averages. Without track_running_stats the batch statistics are used in both modes.
 *
 * <p>Args: num_features C; eps (1e-5); momentum (0.1, or null); affine (true: learned γ starting at 1 and β at 0);
 * track_running_stats (true).
 *
 * <p>Shape: input [N, C, H, W]; output the same. State dict: weight, bias, running_mean, running_var,
 * num_batches_tracked (see {@link BatchNorm}).
 *
 * <p>Example: {@code Sequential.fromSpec("conv:1:16:3:pad=1,batchnorm2d,relu")}, or
 * {@code new BatchNorm2d(64).forward(x)} for x of shape [32, 64, 28, 28].
 */
public final class BatchNorm2d extends BatchNorm {
    /** Defaults as torch: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm2d(int features) {
        this(features, 1e-5, 0.1, true, true);
    }

    public BatchNorm2d(int features, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(features, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected String kind() {
        return "BatchNorm2d";
    }

    @Override
    protected String token() {
        return "batchnorm2d";
    }

    @Override
    protected boolean acceptsRank(int rank) {
        return rank == 3;
    }

    @Override
    protected String expectedShapes() {
        return "[C, H, W]";
    }

    /**
     * Reads {@code batchnorm2d:<C>[:eps=..][:momentum=..|none][:noaffine][:nostats]}; C may be left out when the
     * input shape is known.
     */
    public static final class Spec implements LayerFactory {
        @Override
        public List<String> names() {
            return List.of("batchnorm2d");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            BatchNorm.Options o = new BatchNorm.Options(t, ctx.shape());
            return new BatchNorm2d(o.features, o.eps, o.momentum, o.affine, o.track);
        }

        @Override
        public boolean passesActivation() {
            return true;
        }
    }
}
