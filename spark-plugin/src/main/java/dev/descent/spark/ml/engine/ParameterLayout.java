package dev.descent.spark.ml.engine;

import java.io.Serializable;

/**
 * Where each model parameter sits in the flat parameter vector that is broadcast, optimised and
 * checkpointed: the coefficients of output k at [k * numFeatures, (k + 1) * numFeatures), then,
 * with an intercept, one intercept per output.
 */
public record ParameterLayout(int numFeatures, int numOutputs, boolean fitIntercept)
    implements Serializable {

  public ParameterLayout {
    if (numFeatures < 0 || numOutputs < 1) {
      throw new IllegalArgumentException(
          "bad layout: " + numFeatures + " features, " + numOutputs + " outputs");
    }
    if ((long) numFeatures * numOutputs + numOutputs > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many parameters: " + numFeatures + " features x "
          + numOutputs + " outputs does not fit in one Java array");
    }
  }

  /** Total number of parameters. */
  public int size() {
    return numCoefficients() + (fitIntercept ? numOutputs : 0);
  }

  /** Number of coefficients (penalised parameters); they come first. */
  public int numCoefficients() {
    return numFeatures * numOutputs;
  }

  /** Offset of output k's coefficients. */
  public int coefficientOffset(int output) {
    return output * numFeatures;
  }

  /** Output k's intercept, or 0 without an intercept. */
  public double intercept(double[] parameters, int output) {
    return fitIntercept ? parameters[numCoefficients() + output] : 0.0;
  }
}
