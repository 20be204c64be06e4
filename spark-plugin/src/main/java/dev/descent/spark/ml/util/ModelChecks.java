package dev.descent.spark.ml.util;

import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SparseMatrix;

/**
 * Checks of a saved model's values as they are read back, so that a tampered or damaged file
 * fails its load naming the path, instead of loading a model that predicts NaN or 0.0, or fails
 * later with an index error.
 */
final class ModelChecks {

  private ModelChecks() {}

  /** Every value is finite: a fitted model never holds NaN or an infinity. */
  static void requireFinite(double[] values, String field, String path) {
    int i = NonFinite.firstIndex(values);
    if (i >= 0) {
      throw new IllegalArgumentException("model data at " + path + " is damaged: " + field
          + " holds " + values[i] + " at index " + i + ", which no fit gives");
    }
  }

  static void requireLength(int length, int expected, String field, String path) {
    if (length != expected) {
      throw new IllegalArgumentException("model data at " + path + " is inconsistent: " + field
          + " has " + length + " entries for " + expected + " features");
    }
  }

  /**
   * A sparse matrix's column pointers rise from 0 to its number of values, and its row indices
   * lie within its rows (Spark's constructor checks only the arrays' lengths).
   */
  static void requireValidMatrix(Matrix matrix, String field, String path) {
    if (!(matrix instanceof SparseMatrix sparse)) {
      return;
    }
    int[] pointers = sparse.colPtrs();
    int[] indices = sparse.rowIndices();
    int inner = sparse.isTransposed() ? sparse.numCols() : sparse.numRows();
    boolean valid = pointers.length > 0 && pointers[0] == 0
        && pointers[pointers.length - 1] == indices.length;
    for (int k = 1; valid && k < pointers.length; k++) {
      valid = pointers[k - 1] <= pointers[k];
    }
    for (int k = 0; valid && k < indices.length; k++) {
      valid = indices[k] >= 0 && indices[k] < inner;
    }
    if (!valid) {
      throw new IllegalArgumentException("model data at " + path + " is damaged: " + field
          + " is a sparse matrix whose indices do not fit its " + sparse.numRows() + " x "
          + sparse.numCols() + " shape");
    }
  }
}
