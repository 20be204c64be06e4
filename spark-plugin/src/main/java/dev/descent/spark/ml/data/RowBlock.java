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

  /** Dot product of row {@code row}'s features with {@code vector[offset, offset + numFeatures)}. */
  public abstract double dot(int row, double[] vector, int offset);

  /** {@code target[offset + j] += a * x[row][j]} for every feature j. */
  public abstract void axpy(int row, double a, double[] target, int offset);

  /** Bytes held by the feature values and indices, for memory accounting. */
  public abstract long featureBytes();
}
