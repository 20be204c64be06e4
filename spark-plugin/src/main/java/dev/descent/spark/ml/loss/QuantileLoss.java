package dev.descent.spark.ml.loss;

/**
 * Quantile (pinball) loss for quantile q: q * (y - m) when y >= m, (1 - q) * (m - y) otherwise.
 * Its minimiser is the conditional q-quantile of the label.
 */
public final class QuantileLoss extends RegressionLoss {

  private final double quantile;

  public QuantileLoss(double quantile) {
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1), got " + quantile);
    }
    this.quantile = quantile;
  }

  @Override
  public String name() {
    return "quantile";
  }

  @Override
  public double lossAndDerivative(double margin, double label, double[] out, int offset) {
    double r = label - margin;
    if (r > 0) {
      out[offset] = -quantile;
      return quantile * r;
    }
    out[offset] = r < 0 ? 1.0 - quantile : 0.0;
    return (quantile - 1.0) * r;
  }
}
