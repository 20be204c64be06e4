package dev.descent.spark.ml.engine;

import java.io.Serializable;

/**
 * Virtual centering, as in MLlib's LogisticRegression: with an intercept, training uses the
 * margin beta . (x - mean) + b, which is the same model family (b absorbs beta . mean) but is far
 * better conditioned when features have large means, and it keeps sparse rows sparse because the
 * centering enters as one constant per output, -beta . mean.
 */
final class Centering implements Serializable {

  private final ParameterLayout layout;
  private final double[] centers;

  /** @param centers the features' means as training sees them, or null not to center */
  Centering(ParameterLayout layout, double[] centers) {
    if (centers != null && (!layout.fitIntercept() || centers.length != layout.numFeatures())) {
      throw new IllegalArgumentException("centering needs an intercept and one mean per feature");
    }
    this.layout = layout;
    this.centers = centers;
  }

  /** The constant -beta_k . mean added to each output's margin, or null without centering. */
  double[] marginOffsets(double[] theta) {
    if (centers == null) {
      return null;
    }
    double[] offsets = new double[layout.numOutputs()];
    for (int k = 0; k < offsets.length; k++) {
      int offset = layout.coefficientOffset(k);
      for (int j = 0; j < centers.length; j++) {
        offsets[k] -= theta[offset + j] * centers[j];
      }
    }
    return offsets;
  }

  /**
   * Turns the aggregated coefficient gradient sum w g x into the centered sum w g (x - mean),
   * that is, subtracts mean times the intercept's gradient sum w g; in place.
   */
  void centerGradient(double[] gradient) {
    if (centers == null) {
      return;
    }
    for (int k = 0; k < layout.numOutputs(); k++) {
      int offset = layout.coefficientOffset(k);
      double interceptGradient = gradient[layout.numCoefficients() + k];
      for (int j = 0; j < centers.length; j++) {
        gradient[offset + j] -= centers[j] * interceptGradient;
      }
    }
  }
}
