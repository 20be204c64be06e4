package dev.descent.spark.ml.data;

import java.io.Serializable;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Checks one (label, weight, features) row against the input spec. Both passes over the data use
 * it, so a row skipped with {@code handleInvalid=skip} is skipped consistently.
 */
final class RowValidator implements Serializable {

  private final InputSpec spec;
  private final int numFeatures;

  RowValidator(InputSpec spec, int numFeatures) {
    this.spec = spec;
    this.numFeatures = numFeatures;
  }

  /** The reason {@code row} (label, weight, features) cannot be used, or null if it can. */
  String problem(Row row) {
    if (row.isNullAt(0)) {
      return "label column '" + spec.labelCol() + "' is null";
    }
    double label = row.getDouble(0);
    if (!Double.isFinite(label)) {
      return "label column '" + spec.labelCol() + "' has value " + label;
    }
    String labelError = spec.labelRule().error(label);
    if (labelError != null) {
      return "label " + label + " in column '" + spec.labelCol() + "' is invalid: " + labelError;
    }
    if (row.isNullAt(1)) {
      return "weight column '" + spec.weightCol() + "' is null";
    }
    double weight = row.getDouble(1);
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      return "weight column '" + spec.weightCol() + "' has value " + weight
          + "; weights must be non-negative and finite";
    }
    if (row.isNullAt(2)) {
      return "features column '" + spec.featuresCol() + "' is null";
    }
    Vector features = (Vector) row.get(2);
    if (features.size() != numFeatures) {
      return "features column '" + spec.featuresCol() + "' has a vector of size "
          + features.size() + " where " + numFeatures + " features are expected";
    }
    double[] values = features instanceof SparseVector sparse
        ? sparse.values()
        : ((DenseVector) features).values();
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        int feature = features instanceof SparseVector sparse ? sparse.indices()[i] : i;
        return "features column '" + spec.featuresCol() + "' has value " + values[i]
            + " at index " + feature;
      }
    }
    return null;
  }

  /** True if {@code row} is usable; throws {@link InvalidRowException} for a bad row unless skipping. */
  boolean accept(Row row) {
    String problem = problem(row);
    if (problem == null) {
      return true;
    }
    reject(problem);
    return false;
  }

  /**
   * Fails the fit with {@code problem}, a bad row's, unless invalid rows are skipped.
   *
   * @throws InvalidRowException unless skipping
   */
  void reject(String problem) {
    if (!spec.skipInvalid()) {
      throw new InvalidRowException(problem + " (set handleInvalid=skip to drop such rows)");
    }
  }
}
