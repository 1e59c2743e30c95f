package dev.soma.nn.conv;

import dev.soma.kernel.PoolKernels;
import dev.soma.nn.Stage;
import dev.soma.nn.StageSpec;

/** The compiled stage of the average poolings: {@link PoolKernels#avgForward}/{@code avgBackward} as the graph calls them. */
final class AvgStage extends Stage {
    private final PoolKernels.Window w;
    private final int channels;
    private final boolean includePad;

    AvgStage(PoolKernels.Window w, int channels, StageSpec spec, boolean includePad) {
        this.w = w;
        this.channels = channels;
        this.includePad = includePad;
        this.y = new float[spec.capacity() * channels * w.outHeight() * w.outWidth()];
        this.gIn = spec.inputGrad() ? new float[spec.capacity() * spec.inputSize()] : null;
    }

    @Override
    public void forward(float[] x, int rows) {
        PoolKernels.avgForward(w, x, rows * channels, includePad, y);
    }

    @Override
    public void backward(float[] x, float[] g, int rows) {
        if (gIn != null) {
            PoolKernels.avgBackward(w, g, rows * channels, includePad, gIn);
        }
    }
}
