package dev.soma.nn;

import dev.soma.SomaException;
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
public final class Dropout extends Module {
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

    /** Number of training forward passes so far (the generator state). */
    public long calls() {
        return calls;
    }

    /** Restores the generator state. */
    public void setCalls(long calls) {
        this.calls = calls;
    }

    /** Re-seeds the masks and resets the call counter. */
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
    public String spec() {
        return "dropout:" + p;
    }

    @Override
    public String describe() {
        return "Dropout(" + p + ")";
    }
}
