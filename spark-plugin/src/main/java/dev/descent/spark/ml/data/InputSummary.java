package dev.descent.spark.ml.data;

import java.io.Serializable;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Row;

/**
 * What the pass over the input learns besides the blocks, per partition and then merged: the row
 * counts, the largest label, and weighted {@link FeatureStatistics} (the same unbiased weighted
 * variance that MLlib standardizes with).
 */
final class InputSummary implements Serializable {

  private final RowValidator validator;
  private final int partition;
  private final FeatureStatistics features;
  private long rows;
  private long skipped;
  private double maxLabel = Double.NEGATIVE_INFINITY;

  /** @param partition the partition summarized, or -1 for a merge of several */
  InputSummary(RowValidator validator, int numFeatures, int partition) {
    this.validator = validator;
    this.features = new FeatureStatistics(numFeatures);
    this.partition = partition;
  }

  /**
   * Counts {@code row} and, if it is valid, adds it to the statistics.
   *
   * @return whether the row is valid and goes into training
   * @throws InvalidRowException for an invalid row, unless invalid rows are skipped
   */
  boolean add(Row row) {
    if (!validator.accept(row)) {
      skipped++;
      return false;
    }
    rows++;
    maxLabel = Math.max(maxLabel, row.getDouble(0));
    double weight = row.getDouble(1);
    if (weight > 0) {
      if (row.get(2) instanceof SparseVector sparse) {
        features.add(weight, sparse.indices(), sparse.values());
      } else {
        features.add(weight, null, ((DenseVector) row.get(2)).values());
      }
    }
    return true;
  }

  InputSummary merge(InputSummary other) {
    rows += other.rows;
    skipped += other.skipped;
    maxLabel = Math.max(maxLabel, other.maxLabel);
    features.merge(other.features);
    return this;
  }

  int partition() {
    return partition;
  }

  long rows() {
    return rows;
  }

  long skipped() {
    return skipped;
  }

  double maxLabel() {
    return maxLabel;
  }

  double weightSum() {
    return features.weightSum();
  }

  /**
   * Sum of the squared weights, which the unbiased weighted variance divides by; when it
   * overflows, every variance reads 0.
   */
  double weightSquareSum() {
    return features.weightSquareSum();
  }

  /** Weighted standard deviation of each feature. */
  double[] std() {
    double[] variance = features.variance();
    double[] std = new double[variance.length];
    for (int j = 0; j < std.length; j++) {
      std[j] = Math.sqrt(variance[j]);
    }
    return std;
  }

  /** The largest absolute value of feature {@code j} among rows with positive weight. */
  double maxAbs(int j) {
    return features.maxAbs(j);
  }

  /** Weighted mean of each feature. */
  double[] mean() {
    return features.mean();
  }

  /** Fraction of non-zero feature values among rows with positive weight. */
  double density(int numFeatures) {
    long count = features.count();
    if (count == 0 || numFeatures == 0) {
      return 1.0;
    }
    return features.nonZeros() / ((double) count * numFeatures);
  }
}
