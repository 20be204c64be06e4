package dev.descent.spark.ml.engine;

import java.io.Serializable;

/**
 * The feature space a linear model trains in, applied to parameters and gradients rather than to
 * the cached rows, as in MLlib's aggregators. Two transformations, both optional:
 *
 * <ul>
 *   <li><b>Standardization</b>: training sees x_j * scale_j (scale_j = 1 / std_j), so a
 *       coefficient beta_j of the training space meets the cached value x_j as beta_j * scale_j,
 *       and the gradient of beta_j is scale_j times the gradient taken on the cached values. The
 *       rows stay as they were read, so the statistics and the blocks come from one pass.
 *   <li><b>Virtual centering</b>, as in MLlib's LogisticRegression: with an intercept, training
 *       uses the margin beta . (x - mean) + b, which is the same model family (b absorbs beta .
 *       mean) but far better conditioned when features have large means; it keeps sparse rows
 *       sparse because the centering enters as one constant per output, -beta . mean.
 * </ul>
 */
final class FeatureSpace implements Serializable {

  private final ParameterLayout layout;
  private final double[] scale;
  private final double[] centers;

  /**
   * @param scale what each cached feature is multiplied by, or null for the features as they are
   * @param centers the features' means as training sees them (after scaling), or null not to
   *     center
   */
  FeatureSpace(ParameterLayout layout, double[] scale, double[] centers) {
    if (centers != null && (!layout.fitIntercept() || centers.length != layout.numFeatures())) {
      throw new IllegalArgumentException("centering needs an intercept and one mean per feature");
    }
    if (scale != null && scale.length != layout.numFeatures()) {
      throw new IllegalArgumentException("standardization needs one scale per feature, got "
          + scale.length + " for " + layout.numFeatures() + " features");
    }
    this.layout = layout;
    this.scale = scale;
    this.centers = centers;
  }

  /**
   * The parameters that meet the cached rows: a copy of theta whose coefficients are multiplied
   * by their feature's scale under standardization (intercepts unchanged).
   */
  double[] marginParameters(double[] theta) {
    double[] result = theta.clone();
    if (scale == null) {
      return result;
    }
    for (int k = 0; k < layout.numOutputs(); k++) {
      int offset = layout.coefficientOffset(k);
      for (int j = 0; j < scale.length; j++) {
        result[offset + j] *= scale[j];
      }
    }
    return result;
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
   * Turns a gradient sum taken on the cached rows, sum w g x, into the training space's, sum w g
   * (x * scale - mean), in place: each coefficient's sum times its scale, less the mean times the
   * intercept's sum w g.
   */
  void toTrainingGradient(double[] gradient) {
    if (scale == null && centers == null) {
      return;
    }
    for (int k = 0; k < layout.numOutputs(); k++) {
      int offset = layout.coefficientOffset(k);
      double interceptGradient = centers == null ? 0.0 : gradient[layout.numCoefficients() + k];
      for (int j = 0; j < layout.numFeatures(); j++) {
        double g = scale == null ? gradient[offset + j] : gradient[offset + j] * scale[j];
        gradient[offset + j] = centers == null ? g : g - centers[j] * interceptGradient;
      }
    }
  }
}
