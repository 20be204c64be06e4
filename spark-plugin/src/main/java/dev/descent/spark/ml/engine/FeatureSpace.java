package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.nn.NetworkShape;
import java.io.Serializable;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;

/**
 * The feature space a model trains in, and the mapping between its parameters and the model's on
 * the original feature scale, both ways, for linear models and networks. The transformations are
 * applied to parameters and gradients rather than to the cached rows, as in MLlib's aggregators;
 * both are optional:
 *
 * <ul>
 *   <li><b>Standardization</b>: training sees x_j * scale_j (scale_j = 1 / std_j, 0 for a
 *       constant feature), so a coefficient beta_j of the training space meets the cached value
 *       x_j as beta_j * scale_j, and the gradient of beta_j is scale_j times the gradient taken on
 *       the cached values. The rows stay as they were read, so the statistics and the blocks come
 *       from one pass.
 *   <li><b>Centering</b>, as in MLlib's LogisticRegression: with an intercept, training uses the
 *       margin beta . (x * scale - mean) + b, which is the same model family (b absorbs beta .
 *       mean) but far better conditioned when features have large means; it keeps sparse rows
 *       sparse because the centering enters as one constant per output, -beta . mean. A network
 *       subtracts the means from its inputs instead.
 * </ul>
 */
public final class FeatureSpace implements Serializable {

  private final double[] std;
  private final double[] scale;
  private final double[] centers;

  private FeatureSpace(double[] std, double[] scale, double[] centers) {
    if (std != null && (scale == null || scale.length != std.length)
        || centers != null && scale != null && centers.length != scale.length) {
      throw new IllegalArgumentException("a feature space needs one scale and one center per"
          + " feature");
    }
    this.std = std;
    this.scale = scale;
    this.centers = centers;
  }

  /**
   * The space of {@code data} (standardized when it was loaded so), centered when {@code center}.
   */
  public static FeatureSpace of(TrainingData data, boolean center) {
    return new FeatureSpace(data.trainingStd(), data.featureScale(),
        center ? data.trainingMean() : null);
  }

  /** The features as they are. */
  public static FeatureSpace identity() {
    return new FeatureSpace(null, null, null);
  }

  /** What each cached feature is multiplied by, or null for the features as they are. */
  double[] scale() {
    return scale;
  }

  /** The features' means as training sees them (after scaling), or null not to center. */
  double[] centers() {
    return centers;
  }

  /** Checks that a linear model of {@code layout} can train in this space. */
  void requireFits(ParameterLayout layout) {
    if (centers != null && (!layout.fitIntercept() || centers.length != layout.numFeatures())) {
      throw new IllegalArgumentException("centering needs an intercept and one mean per feature");
    }
    if (scale != null && scale.length != layout.numFeatures()) {
      throw new IllegalArgumentException("standardization needs one scale per feature, got "
          + scale.length + " for " + layout.numFeatures() + " features");
    }
  }

  /**
   * The parameters that meet the cached rows: a copy of theta whose coefficients are multiplied
   * by their feature's scale under standardization (intercepts unchanged).
   */
  double[] marginParameters(ParameterLayout layout, double[] theta) {
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
  double[] marginOffsets(ParameterLayout layout, double[] theta) {
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
  void toTrainingGradient(ParameterLayout layout, double[] gradient) {
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

  /**
   * A linear model on the original scale: {@code coefficients[k * numFeatures + j]} and one
   * intercept per output.
   */
  public record LinearModel(double[] coefficients, double[] intercepts) {}

  /**
   * The original-scale model of training parameters theta: training saw feature j as
   * x_j / std_j, so its coefficient on the original scale is beta_j / std_j; a constant feature
   * (std 0) was zeroed and gets coefficient 0. With centering the training margin was
   * beta . (x / std - centers) + b, so the intercept on the original scale is b - beta . centers.
   */
  public LinearModel toOriginal(ParameterLayout layout, double[] theta) {
    int d = layout.numFeatures();
    int outputs = layout.numOutputs();
    double[] coefficients = new double[layout.numCoefficients()];
    double[] intercepts = new double[outputs];
    for (int k = 0; k < outputs; k++) {
      for (int j = 0; j < d; j++) {
        double beta = theta[layout.coefficientOffset(k) + j];
        coefficients[k * d + j] = std == null ? beta : (std[j] > 0 ? beta / std[j] : 0.0);
      }
      intercepts[k] = layout.intercept(theta, k);
      for (int j = 0; centers != null && j < d; j++) {
        intercepts[k] -= theta[layout.coefficientOffset(k) + j] * centers[j];
      }
    }
    return new LinearModel(coefficients, intercepts);
  }

  /**
   * The training parameters of an original-scale linear model (a warm start), the inverse of
   * {@link #toOriginal}: under standardization the coefficient of feature j becomes c_j * std_j,
   * and with centering each intercept becomes b + sum_j beta_j * mean_j, so training starts from
   * the model's predictions. A feature that is constant here (std 0) starts at 0.
   *
   * @param coefficients outputs x features
   * @throws IllegalArgumentException if the model does not match {@code layout} or is not finite
   */
  public double[] fromOriginal(ParameterLayout layout, Matrix coefficients, Vector intercepts) {
    if (coefficients.numCols() != layout.numFeatures()
        || coefficients.numRows() != layout.numOutputs()) {
      throw new IllegalArgumentException("initialModel has " + coefficients.numCols()
          + " features and " + coefficients.numRows() + " coefficient rows, but this fit has "
          + layout.numFeatures() + " features and " + layout.numOutputs() + " outputs");
    }
    double[] theta = new double[layout.size()];
    for (int k = 0; k < layout.numOutputs(); k++) {
      double intercept = intercepts.apply(k);
      if (!layout.fitIntercept() && intercept != 0) {
        throw new IllegalArgumentException("initialModel has intercept " + intercept
            + " for output " + k + ", but fitIntercept is false");
      }
      for (int j = 0; j < layout.numFeatures(); j++) {
        double coefficient = coefficients.apply(k, j);
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

  /**
   * A network's parameters on the original scale: training fed layer 1 with x_j / std_j -
   * centers_j, and layer 1 computes W z + b on that, which is (W / std) x + (b - W centers) on
   * the original features, so those become layer 1's weights and biases (a constant feature, std
   * 0, was zeroed and gets weight 0).
   */
  public double[] toOriginal(NetworkShape shape, double[] theta) {
    double[] out = theta.clone();
    int units = shape.size(1);
    int weights = shape.weightOffset(1);
    int biases = shape.biasOffset(1);
    for (int j = 0; j < shape.numInputs(); j++) {
      for (int i = 0; i < units; i++) {
        double w = theta[weights + j * units + i];
        if (centers != null) {
          out[biases + i] -= w * centers[j];
        }
        if (std != null) {
          out[weights + j * units + i] = std[j] > 0 ? w / std[j] : 0.0;
        }
      }
    }
    return out;
  }
}
