package dev.descent.spark.ml.loss;

/**
 * A binary classification loss of the margin m and the label y in {0, 1}, written, as in
 * scikit-learn, through the signed label s = 2y - 1 and the functional margin z = s * m.
 */
public abstract class BinaryLoss extends ScalarLoss implements ClassificationLoss {

  @Override
  public final double lossAndDerivative(double margin, double label, double[] out, int offset) {
    double sign = label > 0.5 ? 1.0 : -1.0;
    double z = sign * margin;
    out[offset] = sign * derivativeOfZ(z);
    return lossOfZ(z);
  }

  /** The loss as a function of the functional margin z = s * m. */
  protected abstract double lossOfZ(double z);

  /** d loss / dz. */
  protected abstract double derivativeOfZ(double z);

  /** Probability of the positive class given the margin; only called if {@link #hasProbabilities()}. */
  public double positiveProbability(double margin) {
    throw new UnsupportedOperationException(
        "loss '" + name() + "' does not estimate probabilities; use 'log' or 'modified_huber'");
  }

  @Override
  public final void probabilities(double[] margins, double[] out) {
    double p = positiveProbability(margins[0]);
    out[0] = 1.0 - p;
    out[1] = p;
  }

  @Override
  public String labelError(double label) {
    return label == 0.0 || label == 1.0 ? null : "a binary loss takes labels 0 and 1";
  }
}
