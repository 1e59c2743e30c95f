package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.kernel.KernelProvider;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Inverted dropout, as torch.nn.Dropout: in training each value is kept with probability 1 − p and scaled by
 * 1/(1 − p) (so the expected activation is unchanged), otherwise zeroed; in evaluation it is the identity.
 *
 * <p>The masks are seeded: call number k uses a generator seeded from (seed, k), so the only state is the call
 * counter ({@link #calls()}), which checkpoints save and restore for an exact resume.
 */
public final class Dropout extends Module implements Stochastic {
    private final double p;
    private long seed;
    private long calls;

    public Dropout(double p) {
        this(p, 0L);
    }

    public Dropout(double p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new SomaException("Dropout: p must be in [0, 1), got " + p);
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
    public Tensor forward(Tensor x, boolean training) {
        if (!training || p == 0) {
            return x;
        }
        Tensor mask = Tensor.zeros(x.dtype(), x.shape());
        if (mask.dtype() == DType.F32) {
            nextMask(mask.floats(), mask.numel());
        } else {
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + calls++);
            double scale = 1.0 / (1.0 - p);
            double[] m = mask.doubles();
            for (int i = 0; i < m.length; i++) {
                m[i] = rng.nextDouble() >= p ? scale : 0.0;
            }
        }
        return x.mul(mask);
    }

    /**
     * Writes the next training mask into m[0, n): 1/(1 − p) where kept, 0 where dropped, and advances the call
     * counter, exactly as a float32 training {@link #forward} does (compiled training steps use it).
     */
    public void nextMask(float[] m, int n) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + calls++);
        float scale = (float) (1.0 / (1.0 - p));
        for (int i = 0; i < n; i++) {
            m[i] = rng.nextDouble() >= p ? scale : 0f;
        }
    }

    @Override
    public Stage compile(StageSpec spec) {
        return spec.training() && p > 0 ? new DropStage(spec) : new IdentityStage(spec.inputGrad());
    }

    /** y = x·mask with the layer's own seeded masks ({@code Arithmetic.mul}'s kernel call); backward g·mask. */
    private final class DropStage extends Stage {
        private final int width;
        private final float[] mask;

        DropStage(StageSpec spec) {
            this.width = spec.inputSize();
            this.mask = new float[spec.capacity() * width];
            this.y = new float[spec.capacity() * width];
            this.gIn = spec.inputGrad() ? new float[spec.capacity() * width] : null;
        }

        @Override
        public void forward(float[] x, int rows) {
            nextMask(mask, rows * width);
            KernelProvider.get().mul(x, 0, mask, 0, y, 0, rows * width);
        }

        @Override
        public void backward(float[] x, float[] g, int rows) {
            KernelProvider.get().mul(g, 0, mask, 0, gIn, 0, rows * width);
        }
    }

    /** Reads {@code dropout[:p]} (p the drop probability, default 0.5). */
    public static final class Spec implements LayerFactory {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("dropout");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            return new Dropout(t.args() > 0 ? t.doubleArg(0, "p") : 0.5, ctx.seed());
        }

        @Override
        public boolean passesActivation() {
            return true;
        }
    }

    /** Evaluation is the identity: no node. */
    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        return input;
    }

    @Override
    public String spec() {
        return "dropout:" + p;
    }

    @Override
    public String describe() {
        return "Dropout(" + p + ")";
    }
}
