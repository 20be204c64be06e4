package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.util.Payload;
import dev.descent.spark.ml.util.TreeAggregation;

/**
 * The sums one mini-batch contributes: the weighted loss, the weights, and the weighted gradient
 * of the data term by the parameters. Each partition computes one, and {@link TreeAggregation}
 * adds them up in a fixed order, so the total is the same bit for bit whichever task finishes
 * first. A gradient that is mostly zeros (a sparse batch over many features) travels as
 * index/value pairs.
 */
public final class BatchGradient {

  private double lossSum;
  private double weightSum;
  private final double[] gradientSum;

  BatchGradient(double lossSum, double weightSum, double[] gradientSum) {
    this.lossSum = lossSum;
    this.weightSum = weightSum;
    this.gradientSum = gradientSum;
  }

  /** Adds {@code other} into this sum, in place, and returns this. */
  BatchGradient add(BatchGradient other) {
    lossSum += other.lossSum;
    weightSum += other.weightSum;
    for (int i = 0; i < gradientSum.length; i++) {
      gradientSum[i] += other.gradientSum[i];
    }
    return this;
  }

  /** Sum of weight * loss over the batch. */
  public double lossSum() {
    return lossSum;
  }

  /** Sum of the batch's weights. */
  public double weightSum() {
    return weightSum;
  }

  /** The gradient sum itself, to transform in place. */
  double[] gradientSum() {
    return gradientSum;
  }

  /** The weighted mean gradient of the data term: sum of weight * gradient / weightSum. */
  public double[] meanGradient() {
    double[] mean = new double[gradientSum.length];
    if (weightSum > 0) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] = gradientSum[i] / weightSum;
      }
    }
    return mean;
  }

  /** How partitions' sums merge and travel (see {@link TreeAggregation}). */
  static final TreeAggregation.Combiner<BatchGradient> COMBINER = new TreeAggregation.Combiner<>() {
    @Override
    public byte[] encode(BatchGradient batch) {
      int[] support = Payload.support(batch.gradientSum);
      return new Payload.Writer(16 + Payload.vectorBytes(batch.gradientSum.length, support, 1))
          .putDouble(batch.lossSum)
          .putDouble(batch.weightSum)
          .putVectors(support, batch.gradientSum)
          .bytes();
    }

    @Override
    public BatchGradient decode(byte[] bytes) {
      Payload.Reader reader = new Payload.Reader(bytes);
      return new BatchGradient(reader.getDouble(), reader.getDouble(), reader.getVectors(1)[0]);
    }

    @Override
    public BatchGradient merge(BatchGradient left, BatchGradient right) {
      return left.add(right);
    }

    @Override
    public BatchGradient mergeEncoded(BatchGradient left, byte[] right) {
      Payload.Reader reader = new Payload.Reader(right);
      left.lossSum += reader.getDouble();
      left.weightSum += reader.getDouble();
      reader.addVectorsTo(left.gradientSum);
      return left;
    }
  };
}
