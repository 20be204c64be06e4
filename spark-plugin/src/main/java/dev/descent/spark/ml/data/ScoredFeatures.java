package dev.descent.spark.ml.data;

import org.apache.spark.ml.linalg.Vector;

/** The check every model makes of a features vector before it scores it. */
public final class ScoredFeatures {

  private ScoredFeatures() {}

  /**
   * Throws, naming {@code column}, unless {@code features} is a vector of {@code numFeatures}
   * entries: a null or a vector of another size is an error, not a prediction.
   */
  public static void require(Vector features, int numFeatures, String column) {
    if (features == null) {
      throw new IllegalArgumentException("features column '" + column + "' has a null value;"
          + " drop or fill such rows before transform");
    }
    if (features.size() != numFeatures) {
      throw new IllegalArgumentException("features column '" + column + "' has a vector of size "
          + features.size() + " but the model has " + numFeatures + " features");
    }
  }
}
