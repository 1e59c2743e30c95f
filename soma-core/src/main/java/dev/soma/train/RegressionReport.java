package dev.soma.train;

/**
 * Regression metrics over a data set: MSE and MAE over all target values, and R² = 1 − SS_res/SS_tot computed per
 * target column and averaged (scikit-learn's uniform average).
 */
public final class RegressionReport {
    private final double mse;
    private final double mae;
    private final double r2;
    private final float[] predictions;

    public RegressionReport(double mse, double mae, double r2, float[] predictions) {
        this.mse = mse;
        this.mae = mae;
        this.r2 = r2;
        this.predictions = predictions;
    }

    public double mse() {
        return mse;
    }

    public double mae() {
        return mae;
    }

    public double r2() {
        return r2;
    }

    /** The predictions row after row, in data-set order. */
    public float[] predictions() {
        return predictions.clone();
    }

    @Override
    public String toString() {
        return String.format("mse %.6f, mae %.6f, r2 %.4f", mse, mae, r2);
    }
}
