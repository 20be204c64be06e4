package dev.descent.spark.ml.loss;

/** Squared loss (m - y)^2 / 2, as in Spark's LinearRegression objective. */
public final class SquaredLoss extends RegressionLoss {

  @Override
  public String name() {
    return "squared";
  }

  @Override
  public double lossAndDerivative(double margin, double label, double[] out, int offset) {
    double r = margin - label;
    out[offset] = r;
    return 0.5 * r * r;
  }
}
