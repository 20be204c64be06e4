package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.util.LinearModelData;
import org.apache.spark.ml.linalg.Matrix;

/**
 * Maps a fitted model's coefficients and intercepts (on the original feature scale) into the
 * training space of a new fit, the inverse of {@link LinearTrainer}'s mapping back: under
 * standardization the coefficient of feature j becomes c_j * std_j, and with centering each
 * intercept becomes b + sum_j beta_j * mean_j, so training starts from the model's predictions.
 * A feature that is constant in the new data (std 0) is dropped by training and starts at 0.
 */
final class WarmStart {

  private WarmStart() {}

  /**
   * The training-space parameters of {@code model} for a fit with {@code layout}.
   *
   * @param numClasses the classes of the fit (0 for regression), to compare with the model's
   * @param std the features' standard deviations, or null without standardization
   * @param centers the training-space means under centering, or null
   * @throws IllegalArgumentException if the model does not match the fit's dimensions
   */
  static double[] trainingParameters(LinearModelData model, int numClasses,
      ParameterLayout layout, double[] std, double[] centers) {
    Matrix c = model.coefficients();
    if (model.numClasses() != numClasses) {
      throw new IllegalArgumentException("initialModel has " + model.numClasses()
          + " classes but this fit has " + numClasses);
    }
    if (c.numCols() != layout.numFeatures() || c.numRows() != layout.numOutputs()) {
      throw new IllegalArgumentException("initialModel has " + c.numCols() + " features and "
          + c.numRows() + " coefficient rows, but this fit has " + layout.numFeatures()
          + " features and " + layout.numOutputs() + " outputs");
    }
    double[] theta = new double[layout.size()];
    for (int k = 0; k < layout.numOutputs(); k++) {
      double intercept = model.intercepts().apply(k);
      if (!layout.fitIntercept() && intercept != 0) {
        throw new IllegalArgumentException("initialModel has intercept " + intercept
            + " for output " + k + ", but fitIntercept is false");
      }
      for (int j = 0; j < layout.numFeatures(); j++) {
        double coefficient = c.apply(k, j);
        if (!Double.isFinite(coefficient) || !Double.isFinite(intercept)) {
          throw new IllegalArgumentException("initialModel has a non-finite coefficient or"
              + " intercept for output " + k);
        }
        double beta = std == null ? coefficient : (std[j] > 0 ? coefficient * std[j] : 0.0);
        theta[layout.coefficientOffset(k) + j] = beta;
        if (centers != null) {
          intercept += beta * centers[j];
        }
      }
      if (layout.fitIntercept()) {
        theta[layout.numCoefficients() + k] = intercept;
      }
    }
    return theta;
  }
}
