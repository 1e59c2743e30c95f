package dev.soma.nn;

/**
 * The stage of a module that passes its input through unchanged in memory (a flatten, dropout in evaluation
 * mode): the output is the input buffer and the input gradient the upstream gradient, nothing is copied.
 */
public final class IdentityStage extends Stage {
    private final boolean inputGrad;

    public IdentityStage(boolean inputGrad) {
        this.inputGrad = inputGrad;
    }

    @Override
    public void forward(float[] x, int rows) {
        y = x;
    }

    @Override
    public void backward(float[] x, float[] gy, int rows) {
        gIn = inputGrad ? gy : null;
    }
}
