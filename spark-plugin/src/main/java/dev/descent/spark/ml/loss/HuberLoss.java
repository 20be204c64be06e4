package dev.descent.spark.ml.loss;

/**
 * Huber loss with threshold delta, as PyTorch's {@code HuberLoss}: {@code r^2 / 2} for {@code |r| <= delta} and
 * delta * (|r| - delta / 2) beyond, where r = m - y. Unlike Spark's LinearRegression with
 * {@code loss=huber}, the scale is not estimated jointly.
 */
public final class HuberLoss extends RegressionLoss {

  private final double delta;

  public HuberLoss(double delta) {
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("huberDelta must be positive and finite, got " + delta);
    }
    this.delta = delta;
  }

  @Override
  public String name() {
    return "huber";
  }

  @Override
  public double lossAndDerivative(double margin, double label, double[] out, int offset) {
    double r = margin - label;
    if (Math.abs(r) <= delta) {
      out[offset] = r;
      return 0.5 * r * r;
    }
    out[offset] = Math.signum(r) * delta;
    return delta * (Math.abs(r) - 0.5 * delta);
  }
}
