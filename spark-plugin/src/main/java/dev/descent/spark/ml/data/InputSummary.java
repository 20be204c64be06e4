package dev.descent.spark.ml.data;

import dev.descent.spark.ml.util.Payload;
import dev.descent.spark.ml.util.TreeAggregation;
import java.util.Iterator;

/**
 * What a fit learns of its training rows besides the blocks, per partition from its cached
 * blocks and then merged in a {@link TreeAggregation}: the row count, the largest label, the sum
 * of the weighted labels, the {@link RowDigest} of the rows, and weighted
 * {@link FeatureStatistics} (the same unbiased weighted variance that MLlib standardizes with)
 * over the rows of positive weight, in the rows' order.
 */
final class InputSummary {

  /** Bytes of the scalars in front of the statistics' columns. */
  private static final int SCALAR_BYTES = 56;

  private final FeatureStatistics features;
  private long rows;
  private double maxLabel = Double.NEGATIVE_INFINITY;
  private double labelSum;
  private long digest;

  private InputSummary(FeatureStatistics features) {
    this.features = features;
  }

  /** The summary of one partition's blocks. */
  static InputSummary of(Iterator<RowBlock> blocks, int numFeatures) {
    InputSummary summary = new InputSummary(new FeatureStatistics(numFeatures));
    while (blocks.hasNext()) {
      RowBlock block = blocks.next();
      summary.rows += block.numRows();
      for (int row = 0; row < block.numRows(); row++) {
        summary.maxLabel = Math.max(summary.maxLabel, block.label(row));
        summary.labelSum += block.weight(row) * block.label(row);
      }
      summary.digest += block.digest();
      block.addTo(summary.features);
    }
    return summary;
  }

  /** The most bytes one partial summary of {@code numFeatures} features travels in. */
  static long maxEncodedBytes(int numFeatures) {
    return SCALAR_BYTES + Payload.vectorBytes(numFeatures, null, FeatureStatistics.COLUMNS);
  }

  static final TreeAggregation.Combiner<InputSummary> COMBINER = new TreeAggregation.Combiner<>() {
    @Override
    public byte[] encode(InputSummary summary) {
      FeatureStatistics features = summary.features;
      double[][] columns = features.columns();
      int[] support = Payload.support(columns);
      return new Payload.Writer(SCALAR_BYTES
          + Payload.vectorBytes(columns[0].length, support, columns.length))
          .putLong(summary.rows)
          .putDouble(summary.maxLabel)
          .putDouble(summary.labelSum)
          .putLong(summary.digest)
          .putLong(features.count())
          .putDouble(features.weightSum())
          .putDouble(features.weightSquareSum())
          .putVectors(support, columns)
          .bytes();
    }

    @Override
    public InputSummary decode(byte[] bytes) {
      Payload.Reader reader = new Payload.Reader(bytes);
      long rows = reader.getLong();
      double maxLabel = reader.getDouble();
      double labelSum = reader.getDouble();
      long digest = reader.getLong();
      long count = reader.getLong();
      double weightSum = reader.getDouble();
      double weightSquareSum = reader.getDouble();
      InputSummary summary = new InputSummary(FeatureStatistics.of(
          reader.getVectors(FeatureStatistics.COLUMNS), count, weightSum, weightSquareSum));
      summary.rows = rows;
      summary.maxLabel = maxLabel;
      summary.labelSum = labelSum;
      summary.digest = digest;
      return summary;
    }

    @Override
    public InputSummary merge(InputSummary left, InputSummary right) {
      left.rows += right.rows;
      left.maxLabel = Math.max(left.maxLabel, right.maxLabel);
      left.labelSum += right.labelSum;
      left.digest += right.digest;
      left.features.merge(right.features);
      return left;
    }
  };

  long rows() {
    return rows;
  }

  double maxLabel() {
    return maxLabel;
  }

  double weightSum() {
    return features.weightSum();
  }

  DataDigest digest() {
    return new DataDigest(rows, features.weightSum(), labelSum, features.sum(), digest);
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
}
