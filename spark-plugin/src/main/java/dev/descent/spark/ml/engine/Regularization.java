package dev.descent.spark.ml.engine;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The elastic-net penalty regParam * ((1 - alpha) / 2 * ||beta||^2 + alpha * ||beta||_1) over the
 * coefficients or weights (never the intercepts or biases), as in Spark MLlib; they are given as
 * ranges of the flat parameter vector. The smooth L2 part enters the
 * gradient; the L1 part is applied after each optimizer step as its proximal operator, a
 * soft-threshold of each coordinate by the step the optimizer took on it per unit of gradient
 * times regParam * alpha, which is what makes coefficients exactly zero (as MLlib's L1Updater
 * and scikit-learn's truncated gradient do).
 *
 * <p>With plain SGD the step is the learning rate and this is proximal gradient descent. With
 * momentum or an adaptive optimizer each coordinate moves by its own multiple of the gradient
 * ({@link dev.descent.spark.ml.optim.Optimizer#proximalSteps}), and thresholding by that same
 * multiple keeps the update's fixed points the elastic-net optima, whatever the optimizer.
 */
public final class Regularization implements Serializable {

  private final double l1;
  private final double l2;
  /** Penalized ranges: parameters [starts[r], ends[r]) for each r. */
  private final int[] starts;
  private final int[] ends;

  /** A penalty on the first {@code numCoefficients} parameters (a linear model's layout). */
  public Regularization(double regParam, double elasticNetParam, int numCoefficients) {
    this(regParam, elasticNetParam, new int[] {0}, new int[] {numCoefficients});
  }

  /** A penalty on the parameters in [starts[r], ends[r]) for every r. */
  public Regularization(double regParam, double elasticNetParam, int[] starts, int[] ends) {
    if (starts.length != ends.length) {
      throw new IllegalArgumentException("ranges need as many starts as ends");
    }
    this.l1 = regParam * elasticNetParam;
    this.l2 = regParam * (1 - elasticNetParam);
    this.starts = starts.clone();
    this.ends = ends.clone();
  }

  /** The penalty's value at {@code parameters}. */
  public double penalty(double[] parameters) {
    if (l1 == 0 && l2 == 0) {
      return 0.0;
    }
    double squares = 0.0;
    double absolutes = 0.0;
    for (int r = 0; r < starts.length; r++) {
      for (int i = starts[r]; i < ends[r]; i++) {
        squares += parameters[i] * parameters[i];
        absolutes += Math.abs(parameters[i]);
      }
    }
    return 0.5 * l2 * squares + l1 * absolutes;
  }

  /** The L2 part's value at {@code parameters}: the penalty without its L1 part. */
  public double smoothPenalty(double[] parameters) {
    if (l2 == 0) {
      return 0.0;
    }
    double squares = 0.0;
    for (int r = 0; r < starts.length; r++) {
      for (int i = starts[r]; i < ends[r]; i++) {
        squares += parameters[i] * parameters[i];
      }
    }
    return 0.5 * l2 * squares;
  }

  /**
   * The L1 part's weight per parameter, regParam * elasticNetParam where a parameter is
   * penalized and 0 elsewhere, or null when there is no L1 part.
   */
  public double[] l1Weights(int numParameters) {
    if (l1 == 0) {
      return null;
    }
    double[] weights = new double[numParameters];
    for (int r = 0; r < starts.length; r++) {
      Arrays.fill(weights, starts[r], ends[r], l1);
    }
    return weights;
  }

  /** Adds the gradient of the L2 part to {@code gradient}. */
  public void addSmoothGradient(double[] parameters, double[] gradient) {
    if (l2 == 0) {
      return;
    }
    for (int r = 0; r < starts.length; r++) {
      for (int i = starts[r]; i < ends[r]; i++) {
        gradient[i] += l2 * parameters[i];
      }
    }
  }

  /** Whether the penalty has an L1 part, and so a proximal step. */
  public boolean hasL1() {
    return l1 != 0;
  }

  /**
   * Applies the L1 proximal step in place: each penalized coordinate i is soft-thresholded by
   * {@code steps[i] * regParam * elasticNetParam}, where steps[i] is the step the optimizer took
   * on it per unit of gradient.
   */
  public void applyProximal(double[] parameters, double[] steps) {
    if (l1 == 0) {
      return;
    }
    for (int r = 0; r < starts.length; r++) {
      for (int i = starts[r]; i < ends[r]; i++) {
        double p = parameters[i];
        parameters[i] = Math.signum(p) * Math.max(0.0, Math.abs(p) - steps[i] * l1);
      }
    }
  }
}
