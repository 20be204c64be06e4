package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.loss.Loss;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * Sums, over the rows of one step's mini-batch, the weighted loss and its gradient by the
 * parameters. Used as {@code treeAggregate}'s zero value: {@link #add} folds in a block (reading
 * only the rows the step plan names) and {@link #merge} combines partial sums; the driver then
 * divides by {@link #weightSum()}. The gradient array is allocated on first use, so the zero
 * value that travels with each task stays small.
 */
public final class GradientAggregator implements Serializable {

  private final Loss loss;
  private final ParameterLayout layout;
  private final Broadcast<double[]> parameters;
  private final StepPlan plan;
  private final double[] marginOffsets;

  private double lossSum;
  private double weightSum;
  private double[] gradient;
  private transient double[] margins;
  private transient double[] marginGradient;

  /**
   * @param marginOffsets a constant added to each output's margin (the centering term), or null
   */
  public GradientAggregator(Loss loss, ParameterLayout layout, Broadcast<double[]> parameters,
      StepPlan plan, double[] marginOffsets) {
    this.loss = loss;
    this.layout = layout;
    this.parameters = parameters;
    this.plan = plan;
    this.marginOffsets = marginOffsets;
  }

  public GradientAggregator add(RowBlock block) {
    int[] batchRows = plan.rows(block.partition(), block.index(), block.numRows());
    if (batchRows.length == 0) {
      return this;
    }
    double[] theta = parameters.value();
    int numOutputs = layout.numOutputs();
    if (gradient == null) {
      gradient = new double[layout.size()];
    }
    if (margins == null) {
      margins = new double[numOutputs];
      marginGradient = new double[numOutputs];
    }
    int interceptOffset = layout.numCoefficients();
    for (int row : batchRows) {
      double weight = block.weight(row);
      if (weight == 0) {
        continue;
      }
      for (int k = 0; k < numOutputs; k++) {
        margins[k] = block.dot(row, theta, layout.coefficientOffset(k))
            + layout.intercept(theta, k) + (marginOffsets == null ? 0.0 : marginOffsets[k]);
      }
      lossSum += weight * loss.lossAndGradient(margins, block.label(row), marginGradient);
      weightSum += weight;
      for (int k = 0; k < numOutputs; k++) {
        double g = weight * marginGradient[k];
        if (g != 0) {
          block.axpy(row, g, gradient, layout.coefficientOffset(k));
          if (layout.fitIntercept()) {
            gradient[interceptOffset + k] += g;
          }
        }
      }
    }
    return this;
  }

  public GradientAggregator merge(GradientAggregator other) {
    if (other.gradient != null) {
      if (gradient == null) {
        gradient = other.gradient;
      } else {
        for (int i = 0; i < gradient.length; i++) {
          gradient[i] += other.gradient[i];
        }
      }
    }
    lossSum += other.lossSum;
    weightSum += other.weightSum;
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

  /** The weighted mean gradient of the data term: sum of weight * gradient / weightSum. */
  public double[] meanGradient() {
    double[] mean = new double[layout.size()];
    if (gradient != null && weightSum > 0) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] = gradient[i] / weightSum;
      }
    }
    return mean;
  }
}
