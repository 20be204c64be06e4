package dev.descent.spark.ml.loss;

/**
 * Poisson negative log-likelihood with log link, dropping the constant log(y!): exp(m) - y * m.
 * Predictions are exp(m). Labels are counts or rates: non-negative.
 */
public final class PoissonLoss extends RegressionLoss {

  @Override
  public String name() {
    return "poisson";
  }

  @Override
  public double lossAndDerivative(double margin, double label, double[] out, int offset) {
    double mean = Math.exp(margin);
    out[offset] = mean - label;
    return mean - label * margin;
  }

  @Override
  public double predict(double margin) {
    return Math.exp(margin);
  }

  @Override
  public String labelError(double label) {
    return label >= 0 ? null : "the poisson loss takes non-negative labels";
  }
}
