package dev.descent.spark.ml.data;

import dev.ludovic.netlib.blas.BLAS;

/** Rows stored densely, row-major, one contiguous array per block; products go through BLAS. */
public final class DenseRowBlock extends RowBlock {

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
  public double dot(int row, double[] vector, int offset) {
    return BLAS.getInstance().ddot(numFeatures, values, row * numFeatures, 1, vector, offset, 1);
  }

  @Override
  public void axpy(int row, double a, double[] target, int offset) {
    BLAS.getInstance().daxpy(numFeatures, a, values, row * numFeatures, 1, target, offset, 1);
  }

  @Override
  public long featureBytes() {
    return 8L * values.length;
  }
}
