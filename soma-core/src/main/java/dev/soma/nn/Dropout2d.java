package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.kernel.KernelProvider;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Channel dropout, as torch.nn.Dropout2d: in training each channel of each example (a whole [H, W] map, or an
 * [L] row) is zeroed with probability p, and the kept channels are scaled by 1/(1 − p); in evaluation it is the
 * identity. Adjacent pixels of a feature map are strongly correlated, so dropping single values regularizes
 * little; dropping whole maps makes the channels independent.
 *
 * <p>Args: p, the probability of dropping a channel (0.5). Seeded like {@link Dropout}: training call number k draws
 * its N·C decisions from a generator seeded from (seed, k), so the state is the call counter.
 *
 * <p>Shape: input [N, C, H, W] (or [N, C, L], any [N, C, *]); output the same.
 *
 * <p>Example: {@code conv:1:32:3:pad=1,relu,dropout2d:0.2}.
 */
public final class Dropout2d extends Module implements Stochastic {
    private final double p;
    private long seed;
    private long calls;

    public Dropout2d(double p) {
        this(p, 0L);
    }

    public Dropout2d(double p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new SomaException("Dropout2d: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.seed = seed;
    }

    public double p() {
        return p;
    }

    @Override
    public long calls() {
        return calls;
    }

    @Override
    public void setCalls(long calls) {
        this.calls = calls;
    }

    @Override
    public void setSeed(long seed) {
        this.seed = seed;
        this.calls = 0;
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length < 2) {
            throw new SomaException(describe() + " expects examples [C, H, W] or [C, L], got " + Shapes.str(in));
        }
        return in.clone();
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        outputShape(exampleShape(x.shape()));
        if (!training || p == 0) {
            return x;
        }
        int channels = x.size(0) * x.size(1);
        int spatial = channels == 0 ? 0 : x.numel() / channels;
        Tensor mask = Tensor.zeros(x.dtype(), x.shape());
        if (mask.dtype() == DType.F32) {
            nextMask(new float[channels], channels, spatial, mask.floats());
        } else {
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + calls++);
            double scale = 1.0 / (1.0 - p);
            double[] m = mask.doubles();
            for (int ch = 0; ch < channels; ch++) {
                java.util.Arrays.fill(m, ch * spatial, (ch + 1) * spatial, rng.nextDouble() >= p ? scale : 0.0);
            }
        }
        return x.mul(mask);
    }

    /**
     * Draws the next training decisions for {@code channels} (example, channel) pairs into {@code keep}
     * (1/(1 − p) or 0) and spreads each over its {@code spatial} values of {@code mask}; advances the call counter.
     */
    void nextMask(float[] keep, int channels, int spatial, float[] mask) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + calls++);
        float scale = (float) (1.0 / (1.0 - p));
        for (int ch = 0; ch < channels; ch++) {
            keep[ch] = rng.nextDouble() >= p ? scale : 0f;
        }
        for (int ch = 0; ch < channels; ch++) {
            java.util.Arrays.fill(mask, ch * spatial, (ch + 1) * spatial, keep[ch]);
        }
    }

    @Override
    public Stage compile(StageSpec spec) {
        outputShape(spec.inputShape());
        return spec.training() && p > 0 ? new ChannelDropStage(spec) : new IdentityStage(spec.inputGrad());
    }

    /** y = x·mask with the channel masks of {@link #nextMask} ({@code Arithmetic.mul}'s kernel call); backward g·mask. */
    private final class ChannelDropStage extends Stage {
        private final int width;
        private final int c;
        private final float[] keep;
        private final float[] mask;

        ChannelDropStage(StageSpec spec) {
            this.width = spec.inputSize();
            this.c = spec.inputShape()[0];
            this.keep = new float[spec.capacity() * c];
            this.mask = new float[spec.capacity() * width];
            this.y = new float[spec.capacity() * width];
            this.gIn = spec.inputGrad() ? new float[spec.capacity() * width] : null;
        }

        @Override
        public void forward(float[] x, int rows) {
            nextMask(keep, rows * c, width / c, mask);
            KernelProvider.get().mul(x, 0, mask, 0, y, 0, rows * width);
        }

        @Override
        public void backward(float[] x, float[] g, int rows) {
            KernelProvider.get().mul(g, 0, mask, 0, gIn, 0, rows * width);
        }
    }

    /** Evaluation is the identity: no node. */
    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        outputShape(inputShape);
        return input;
    }

    /** Reads {@code dropout2d[:p]} (p the probability of dropping a channel, default 0.5). */
    public static final class Spec implements LayerFactory {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("dropout2d");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            return new Dropout2d(t.args() > 0 ? t.doubleArg(0, "p") : 0.5, ctx.seed());
        }

        @Override
        public boolean passesActivation() {
            return true;
        }
    }

    @Override
    public String spec() {
        return "dropout2d:" + p;
    }

    @Override
    public String describe() {
        return "Dropout2d(" + p + ")";
    }
}
