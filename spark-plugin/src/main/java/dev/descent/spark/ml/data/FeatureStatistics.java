package dev.descent.spark.ml.data;

import java.util.Arrays;

/**
 * Weighted mean, unbiased weighted variance, non-zero count and largest magnitude of every
 * feature, over rows added one at a time and partial results merged. The arithmetic is that of
 * Spark's {@code MultivariateOnlineSummarizer} (so standardization matches MLlib's to the last
 * bit): a weighted Welford update over each feature's non-zero values only, O(non-zeros) per row,
 * with the implicit zeros folded in when the variance is read (West, "Updating mean and variance
 * estimates", 1979; reliability weights for the unbiased estimate). Spark's summarizer visits a
 * dense vector through a boxed iterator; this one loops over the primitive arrays, which made it
 * about half of the cost of preparing dense training data. Partial statistics travel as a
 * payload (see {@link InputSummary}): a partition that saw few of many features sends only
 * those.
 */
final class FeatureStatistics {

  private final int numFeatures;
  /** Per feature, over its non-zero values: weighted mean, sum of squared deviations, weight. */
  private final double[] mean;
  private final double[] squaredDeviations;
  private final double[] weightSum;
  private final long[] nonZeros;
  private final double[] maxAbs;
  private long count;
  private double totalWeight;
  private double totalWeightSquares;

  FeatureStatistics(int numFeatures) {
    this(new double[numFeatures], new double[numFeatures], new double[numFeatures],
        new long[numFeatures], new double[numFeatures]);
  }

  private FeatureStatistics(double[] mean, double[] squaredDeviations, double[] weightSum,
      long[] nonZeros, double[] maxAbs) {
    this.numFeatures = mean.length;
    this.mean = mean;
    this.squaredDeviations = squaredDeviations;
    this.weightSum = weightSum;
    this.nonZeros = nonZeros;
    this.maxAbs = maxAbs;
  }

  /** The statistics' per-feature columns: each a vector of {@code numFeatures}. */
  static final int COLUMNS = 5;

  /**
   * The per-feature columns, to send: means, squared deviations and weights over the non-zeros,
   * non-zero counts (as doubles, exact below 2^53) and largest magnitudes.
   */
  double[][] columns() {
    double[] counts = new double[numFeatures];
    for (int j = 0; j < numFeatures; j++) {
      counts[j] = nonZeros[j];
    }
    return new double[][] {mean, squaredDeviations, weightSum, counts, maxAbs};
  }

  /** Statistics from their {@link #columns()} and totals. */
  static FeatureStatistics of(double[][] columns, long count, double totalWeight,
      double totalWeightSquares) {
    long[] nonZeros = new long[columns[3].length];
    for (int j = 0; j < nonZeros.length; j++) {
      nonZeros[j] = (long) columns[3][j];
    }
    FeatureStatistics statistics =
        new FeatureStatistics(columns[0], columns[1], columns[2], nonZeros, columns[4]);
    statistics.count = count;
    statistics.totalWeight = totalWeight;
    statistics.totalWeightSquares = totalWeightSquares;
    return statistics;
  }

  /**
   * Adds one row with a positive weight; {@code indices} null means {@code values} is dense.
   * Explicit zeros are skipped, as implicit ones are.
   */
  void add(double weight, int[] indices, double[] values) {
    add(weight, indices, values, 0, values.length);
  }

  /**
   * Adds one row with a positive weight whose values are {@code values[from, to)}: at features
   * {@code indices[from, to)}, or, with {@code indices} null, at features 0 to {@code to - from}.
   */
  void add(double weight, int[] indices, double[] values, int from, int to) {
    for (int p = from; p < to; p++) {
      double x = values[p];
      if (x != 0.0) {
        int j = indices == null ? p - from : indices[p];
        double previous = mean[j];
        double diff = x - previous;
        mean[j] = previous + weight * diff / (weightSum[j] + weight);
        squaredDeviations[j] += weight * (x - mean[j]) * diff;
        weightSum[j] += weight;
        nonZeros[j]++;
        maxAbs[j] = Math.max(maxAbs[j], Math.abs(x));
      }
    }
    count++;
    totalWeight += weight;
    totalWeightSquares += weight * weight;
  }

  /** Adds {@code other}'s rows to these (Chan et al.'s pairwise update); returns this. */
  FeatureStatistics merge(FeatureStatistics other) {
    if (other.numFeatures != numFeatures) {
      throw new IllegalArgumentException("cannot merge statistics of " + other.numFeatures
          + " features into statistics of " + numFeatures);
    }
    if (other.totalWeight == 0.0) {
      return this;
    }
    if (totalWeight == 0.0) {
      copy(other);
      return this;
    }
    for (int j = 0; j < numFeatures; j++) {
      double total = weightSum[j] + other.weightSum[j];
      if (total != 0.0) {
        double delta = other.mean[j] - mean[j];
        mean[j] += delta * other.weightSum[j] / total;
        squaredDeviations[j] +=
            other.squaredDeviations[j] + delta * delta * weightSum[j] * other.weightSum[j] / total;
      }
      weightSum[j] = total;
      nonZeros[j] += other.nonZeros[j];
      maxAbs[j] = Math.max(maxAbs[j], other.maxAbs[j]);
    }
    count += other.count;
    totalWeight += other.totalWeight;
    totalWeightSquares += other.totalWeightSquares;
    return this;
  }

  /** Becomes {@code other}: a copy, unlike a merge into zeros, keeps every bit of its mean. */
  private void copy(FeatureStatistics other) {
    System.arraycopy(other.mean, 0, mean, 0, numFeatures);
    System.arraycopy(other.squaredDeviations, 0, squaredDeviations, 0, numFeatures);
    System.arraycopy(other.weightSum, 0, weightSum, 0, numFeatures);
    System.arraycopy(other.nonZeros, 0, nonZeros, 0, numFeatures);
    System.arraycopy(other.maxAbs, 0, maxAbs, 0, numFeatures);
    count = other.count;
    totalWeight = other.totalWeight;
    totalWeightSquares = other.totalWeightSquares;
  }

  /** Rows added (all with positive weight). */
  long count() {
    return count;
  }

  double weightSum() {
    return totalWeight;
  }

  /** Sum of the squared weights, which the unbiased weighted variance divides by. */
  double weightSquareSum() {
    return totalWeightSquares;
  }

  /** The weighted sum of every feature's values, added feature by feature in index order. */
  double sum() {
    double sum = 0.0;
    for (int j = 0; j < numFeatures; j++) {
      sum += mean[j] * weightSum[j];
    }
    return sum;
  }

  /** Weighted mean of each feature, zeros included. */
  double[] mean() {
    double[] result = new double[numFeatures];
    for (int j = 0; j < numFeatures; j++) {
      result[j] = totalWeight == 0.0 ? 0.0 : mean[j] * (weightSum[j] / totalWeight);
    }
    return result;
  }

  /**
   * Unbiased weighted variance of each feature, zeros included: the non-zeros' squared
   * deviations plus, for the zeros, the shift of the mean they cause; all 0 when the weights
   * leave no degree of freedom (or the sum of their squares overflows).
   */
  double[] variance() {
    double[] result = new double[numFeatures];
    double denominator = totalWeight - totalWeightSquares / totalWeight;
    if (denominator > 0.0) {
      for (int j = 0; j < numFeatures; j++) {
        result[j] = (squaredDeviations[j] + mean[j] * mean[j] * weightSum[j]
            * (totalWeight - weightSum[j]) / totalWeight) / denominator;
      }
    }
    return result;
  }

  /** The largest absolute value of feature {@code j}. */
  double maxAbs(int j) {
    return maxAbs[j];
  }

  /** Non-zero values over all features. */
  long nonZeros() {
    return Arrays.stream(nonZeros).sum();
  }
}
