package dev.descent.spark.ml.data;

import java.io.Serializable;

/**
 * A block of training rows as they are cached for a fit: labels, weights and (standardized)
 * features stacked into primitive arrays, so that a step touches only the rows of its mini-batch
 * and allocates nothing per row. Each block knows its place (partition, index) so that a step's
 * plan can name the rows it needs.
 */
public abstract class RowBlock implements Serializable {

  private final int partition;
  private final int index;
  private final double[] labels;
  private final double[] weights;

  protected RowBlock(int partition, int index, double[] labels, double[] weights) {
    this.partition = partition;
    this.index = index;
    this.labels = labels;
    this.weights = weights;
  }

  public final int partition() {
    return partition;
  }

  public final int index() {
    return index;
  }

  public final int numRows() {
    return labels.length;
  }

  public final double label(int row) {
    return labels[row];
  }

  public final double weight(int row) {
    return weights[row];
  }

  /**
   * The products of selected rows with {@code vector[offset, offset + numFeatures)}:
   * {@code out[outOffset + i] = x[r_i] . vector[offset...]} for {@code i < to - from}, where the
   * selected rows are {@code r_i = order[from + i]}, or {@code from + i} when {@code order} is
   * null (a contiguous run, which dense blocks read as one matrix-vector product).
   */
  public abstract void dotRows(int[] order, int from, int to, double[] vector, int offset,
      double[] out, int outOffset);

  /**
   * Adds a weighted sum of the same selected rows to {@code target[offset, offset + numFeatures)}:
   * {@code target[offset + j] += sum_i coefficients[coefficientOffset + i] * x[r_i][j]}.
   */
  public abstract void addRows(int[] order, int from, int to, double[] coefficients,
      int coefficientOffset, double[] target, int offset);

  /** Adds every row of positive weight, in order, to {@code statistics}. */
  abstract void addTo(FeatureStatistics statistics);

  /** The {@link RowDigest} of its rows. */
  abstract long digest();

  /** Bytes held by the feature values and indices, for memory accounting. */
  public abstract long featureBytes();
}
