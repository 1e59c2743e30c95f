package dev.soma.nn;

/**
 * The stages of a {@link Sequential}'s children, run one after the other; backward stops after the first stage
 * that needs no input gradient (nothing before it trains).
 */
final class SequentialStage extends Stage {
    private final Stage[] stages;
    private final boolean[] inputGrad;
    private final boolean wantsInputGrad;

    /** {@code inputGrad[i]}: whether stage i was compiled to write its input gradient. */
    SequentialStage(Stage[] stages, boolean[] inputGrad) {
        this.stages = stages;
        this.inputGrad = inputGrad;
        this.wantsInputGrad = inputGrad.length > 0 && inputGrad[0];
    }

    @Override
    public void forward(float[] x, int rows) {
        float[] h = x;
        for (Stage s : stages) {
            s.forward(h, rows);
            h = s.output();
        }
        y = h;
    }

    @Override
    public void backward(float[] x, float[] gy, int rows) {
        float[] g = gy;
        for (int i = stages.length - 1; i >= 0; i--) {
            Stage s = stages[i];
            if (!s.trainsParameters() && !inputGrad[i]) {
                break; // nothing at or before this stage trains
            }
            s.backward(i == 0 ? x : stages[i - 1].output(), g, rows);
            if (!inputGrad[i]) {
                break;
            }
            g = s.inputGradient();
        }
        gIn = wantsInputGrad ? g : null;
    }

    @Override
    public boolean trainsParameters() {
        for (Stage s : stages) {
            if (s.trainsParameters()) {
                return true;
            }
        }
        return false;
    }
}
