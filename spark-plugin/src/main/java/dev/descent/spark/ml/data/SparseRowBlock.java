package dev.descent.spark.ml.data;

/** Rows stored in compressed sparse row (CSR) form: only non-zeros are kept and visited. */
public final class SparseRowBlock extends RowBlock {

  private final int[] rowStarts;
  private final int[] indices;
  private final double[] values;

  public SparseRowBlock(int partition, int index, double[] labels, double[] weights,
      int[] rowStarts, int[] indices, double[] values) {
    super(partition, index, labels, weights);
    if (rowStarts.length != labels.length + 1 || indices.length != values.length
        || rowStarts[labels.length] != values.length) {
      throw new IllegalArgumentException("inconsistent CSR block: " + labels.length + " rows, "
          + rowStarts.length + " row starts, " + indices.length + " indices, "
          + values.length + " values");
    }
    this.rowStarts = rowStarts;
    this.indices = indices;
    this.values = values;
  }

  @Override
  public void dotRows(int[] order, int from, int to, double[] vector, int offset, double[] out,
      int outOffset) {
    for (int i = from; i < to; i++) {
      int row = order == null ? i : order[i];
      double sum = 0.0;
      for (int p = rowStarts[row]; p < rowStarts[row + 1]; p++) {
        sum += values[p] * vector[offset + indices[p]];
      }
      out[outOffset + i - from] = sum;
    }
  }

  @Override
  public void addRows(int[] order, int from, int to, double[] coefficients, int coefficientOffset,
      double[] target, int offset) {
    for (int i = from; i < to; i++) {
      double a = coefficients[coefficientOffset + i - from];
      if (a == 0) {
        continue;
      }
      int row = order == null ? i : order[i];
      for (int p = rowStarts[row]; p < rowStarts[row + 1]; p++) {
        target[offset + indices[p]] += a * values[p];
      }
    }
  }

  @Override
  void addTo(FeatureStatistics statistics) {
    for (int row = 0; row < numRows(); row++) {
      if (weight(row) > 0) {
        statistics.add(weight(row), indices, values, rowStarts[row], rowStarts[row + 1]);
      }
    }
  }

  @Override
  long digest() {
    long digest = 0;
    for (int row = 0; row < numRows(); row++) {
      digest += RowDigest.row(label(row), weight(row), indices, values, rowStarts[row],
          rowStarts[row + 1]);
    }
    return digest;
  }

  @Override
  public long featureBytes() {
    return 12L * values.length + 4L * rowStarts.length;
  }
}
