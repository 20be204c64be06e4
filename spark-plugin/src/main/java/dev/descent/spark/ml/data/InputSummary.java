package dev.descent.spark.ml.data;

import java.io.Serializable;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.stat.MultivariateOnlineSummarizer;
import org.apache.spark.sql.Row;

/**
 * What the first pass over the input learns: the row counts, the largest label, and weighted
 * feature statistics from Spark's {@link MultivariateOnlineSummarizer} (the same unbiased
 * weighted variance that MLlib standardizes with).
 */
final class InputSummary implements Serializable {

  private final RowValidator validator;
  private final MultivariateOnlineSummarizer features = new MultivariateOnlineSummarizer();
  private long rows;
  private long skipped;
  private double maxLabel = Double.NEGATIVE_INFINITY;
  private double weightSquareSum;

  InputSummary(RowValidator validator) {
    this.validator = validator;
  }

  InputSummary add(Row row) {
    if (!validator.accept(row)) {
      skipped++;
      return this;
    }
    rows++;
    maxLabel = Math.max(maxLabel, row.getDouble(0));
    double weight = row.getDouble(1);
    if (weight > 0) {
      weightSquareSum += weight * weight;
      features.add(Vectors.fromML((Vector) row.get(2)), weight);
    }
    return this;
  }

  InputSummary merge(InputSummary other) {
    rows += other.rows;
    skipped += other.skipped;
    maxLabel = Math.max(maxLabel, other.maxLabel);
    weightSquareSum += other.weightSquareSum;
    features.merge(other.features);
    return this;
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
    return rows == 0 ? 0.0 : features.weightSum();
  }

  /**
   * Sum of the squared weights, which the unbiased weighted variance divides by; when it
   * overflows, Spark's summarizer reports every variance as 0.
   */
  double weightSquareSum() {
    return weightSquareSum;
  }

  /** Weighted standard deviation of each feature. */
  double[] std() {
    double[] variance = features.variance().toArray();
    double[] std = new double[variance.length];
    for (int j = 0; j < std.length; j++) {
      std[j] = Math.sqrt(variance[j]);
    }
    return std;
  }

  /** The largest absolute value of feature {@code j} among rows with positive weight. */
  double maxAbs(int j) {
    return Math.max(Math.abs(features.max().apply(j)), Math.abs(features.min().apply(j)));
  }

  /** Weighted mean of each feature. */
  double[] mean() {
    return features.mean().toArray();
  }

  /** Fraction of non-zero feature values among rows with positive weight. */
  double density(int numFeatures) {
    long count = features.count();
    if (count == 0 || numFeatures == 0) {
      return 1.0;
    }
    double nonZeros = 0.0;
    for (double nz : features.numNonzeros().toArray()) {
      nonZeros += nz;
    }
    return nonZeros / ((double) count * numFeatures);
  }
}
