package dev.descent.spark.ml.loss;

/** A regression loss of one margin, with the inverse link that maps the margin to a prediction. */
public abstract class RegressionLoss extends ScalarLoss {

  /** The prediction for a margin: the margin itself, except for losses with a link function. */
  public double predict(double margin) {
    return margin;
  }

  @Override
  public String labelError(double label) {
    return null;
  }
}
