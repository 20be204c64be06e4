package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.loss.Loss;
import java.util.Iterator;

/**
 * A linear model's data term: margins from the coefficients, summed by {@link GradientAggregator}
 * on the cached rows and brought into the training {@link FeatureSpace}.
 */
public final class LinearObjective implements BatchObjective {

  private final Loss loss;
  private final ParameterLayout layout;
  private final FeatureSpace space;

  public LinearObjective(Loss loss, ParameterLayout layout, FeatureSpace space) {
    space.requireFits(layout);
    this.loss = loss;
    this.layout = layout;
    this.space = space;
  }

  @Override
  public int numParameters() {
    return layout.size();
  }

  @Override
  public String lossName() {
    return loss.name();
  }

  @Override
  public Evaluation at(double[] theta) {
    return new AtParameters(loss, layout, space.marginParameters(layout, theta),
        space.marginOffsets(layout, theta));
  }

  /** The margin parameters and offsets of one point, which is all a task needs. */
  private record AtParameters(Loss loss, ParameterLayout layout, double[] marginParameters,
      double[] marginOffsets) implements Evaluation {

    @Override
    public BatchGradient sum(Iterator<RowBlock> blocks, StepPlan plan, boolean training,
        long stepSeed) {
      GradientAggregator aggregator =
          new GradientAggregator(loss, layout, marginParameters, marginOffsets);
      while (blocks.hasNext()) {
        aggregator.add(blocks.next(), plan);
      }
      return aggregator.result();
    }

    @Override
    public long shippedBytes() {
      return 256L + 8L * marginParameters.length;
    }
  }

  @Override
  public void finish(double[] gradientSum) {
    space.toTrainingGradient(layout, gradientSum);
  }
}
