package dev.descent.spark.ml.data;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;

/**
 * Rows stored densely, row-major, one contiguous array per block. A contiguous run of rows is a
 * column-major features x rows matrix, read with BLAS level-2 {@code dgemv}; rows in a shuffled
 * order are read one by one with level-1 {@code ddot} and {@code daxpy}. As in Spark's own
 * {@code BLAS}, level 1 uses the pure-Java implementation (a native call costs more than it saves
 * on one row) and level 2 the best one available.
 */
public final class DenseRowBlock extends RowBlock {

  private static final BLAS LEVEL1 = JavaBLAS.getInstance();
  private static final BLAS LEVEL2 = BLAS.getInstance();

  private final int numFeatures;
  private final double[] values;

  public DenseRowBlock(int partition, int index, double[] labels, double[] weights,
      int numFeatures, double[] values) {
    super(partition, index, labels, weights);
    if (values.length != labels.length * numFeatures) {
      throw new IllegalArgumentException("dense block of " + labels.length + " rows x "
          + numFeatures + " features cannot hold " + values.length + " values");
    }
    this.numFeatures = numFeatures;
    this.values = values;
  }

  @Override
  public void dotRows(int[] order, int from, int to, double[] vector, int offset, double[] out,
      int outOffset) {
    if (order == null) {
      LEVEL2.dgemv("T", numFeatures, to - from, 1.0, values, from * numFeatures, numFeatures,
          vector, offset, 1, 0.0, out, outOffset, 1);
      return;
    }
    for (int i = from; i < to; i++) {
      out[outOffset + i - from] = LEVEL1.ddot(
          numFeatures, values, order[i] * numFeatures, 1, vector, offset, 1);
    }
  }

  @Override
  public void addRows(int[] order, int from, int to, double[] coefficients, int coefficientOffset,
      double[] target, int offset) {
    if (order == null) {
      LEVEL2.dgemv("N", numFeatures, to - from, 1.0, values, from * numFeatures, numFeatures,
          coefficients, coefficientOffset, 1, 1.0, target, offset, 1);
      return;
    }
    for (int i = from; i < to; i++) {
      double a = coefficients[coefficientOffset + i - from];
      if (a != 0) {
        LEVEL1.daxpy(numFeatures, a, values, order[i] * numFeatures, 1, target, offset, 1);
      }
    }
  }

  @Override
  void addTo(FeatureStatistics statistics) {
    for (int row = 0; row < numRows(); row++) {
      if (weight(row) > 0) {
        statistics.add(weight(row), null, values, row * numFeatures, (row + 1) * numFeatures);
      }
    }
  }

  @Override
  long digest() {
    long digest = 0;
    for (int row = 0; row < numRows(); row++) {
      digest += RowDigest.row(label(row), weight(row), null, values, row * numFeatures,
          (row + 1) * numFeatures);
    }
    return digest;
  }

  @Override
  public long featureBytes() {
    return 8L * values.length;
  }
}
