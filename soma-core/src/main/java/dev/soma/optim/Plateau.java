package dev.soma.optim;

/**
 * Reduce-on-plateau (torch.optim.lr_scheduler.ReduceLROnPlateau, mode min, relative threshold 1e-4): after
 * {@code patience} epochs without improvement of the monitored loss the rate is multiplied by {@code factor}.
 */
final class Plateau implements Schedule {
    private final int patience;
    private final double factor;
    private final double min;
    private double best = Double.POSITIVE_INFINITY;
    private int bad;
    private int reductions;

    Plateau(int patience, double factor, double min) {
        this.patience = patience;
        this.factor = factor;
        this.min = min;
    }

    @Override
    public double rate(int epoch, int epochs, double base) {
        return Math.max(min, base * Math.pow(factor, reductions));
    }

    @Override
    public void observe(double loss) {
        if (loss < best * (1 - 1e-4)) {
            best = loss;
            bad = 0;
        } else if (++bad > patience) {
            reductions++;
            bad = 0;
        }
    }

    @Override
    public double[] state() {
        return new double[] {best, bad, reductions};
    }

    @Override
    public void loadState(double[] s) {
        best = s[0];
        bad = (int) s[1];
        reductions = (int) s[2];
    }

    @Override
    public String spec() {
        return "plateau:" + patience + ":" + factor + (min == 0 ? "" : ":" + min);
    }
}
