package dev.descent.spark.ml.engine;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * The sums one mini-batch contributes: the weighted loss, the weights, and the weighted gradient
 * of the data term by the parameters. Partitions send one each to the driver, which adds them up
 * in partition order, so the total is the same bit for bit whichever task finishes first. A
 * gradient that is mostly zeros (a sparse batch over many features) travels as index/value pairs.
 */
public final class BatchGradient implements Serializable {

  private double lossSum;
  private double weightSum;
  private transient double[] gradientSum;

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

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    int nonZeros = 0;
    for (double g : gradientSum) {
      nonZeros += g != 0 ? 1 : 0;
    }
    out.writeInt(gradientSum.length);
    // An index/value pair costs 12 bytes, a dense entry 8.
    boolean sparse = 12L * nonZeros < 8L * gradientSum.length;
    out.writeInt(sparse ? nonZeros : -1);
    for (int i = 0; i < gradientSum.length; i++) {
      if (!sparse) {
        out.writeDouble(gradientSum[i]);
      } else if (gradientSum[i] != 0) {
        out.writeInt(i);
        out.writeDouble(gradientSum[i]);
      }
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    gradientSum = new double[in.readInt()];
    int nonZeros = in.readInt();
    if (nonZeros < 0) {
      for (int i = 0; i < gradientSum.length; i++) {
        gradientSum[i] = in.readDouble();
      }
    } else {
      for (int k = 0; k < nonZeros; k++) {
        gradientSum[in.readInt()] = in.readDouble();
      }
    }
  }
}
