package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.optim.OptimizerState;
import dev.descent.spark.ml.util.Payload;
import dev.descent.spark.ml.util.TreeAggregation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Model averaging, also called local SGD (Zinkevich et al., "Parallelized Stochastic Gradient
 * Descent", NIPS 2010; Zhang et al., "MLlib*: Fast Training of GLMs Using Spark MLlib", ICDE
 * 2019): one Spark job per {@code localSteps} mini-batches. Every partition starts from the
 * driver's parameters and optimizer state and takes those steps itself, each on its own share of
 * the mini-batch (the rows the synchronous plan gives it), on any {@link BatchObjective}, a linear
 * model's or a network's, with the {@link StepRule} of a synchronous step at the epoch's learning
 * rate (a network's dropout seeded per step as in synchronous training). The driver then replaces
 * parameters and optimizer state by their average over the partitions, weighted by the rows'
 * weights each used, summed in a fixed tree ({@link TreeAggregation}) so that a seeded fit is
 * reproducible bit for bit.
 *
 * <p>The trade: a synchronous step costs one job (a few milliseconds of scheduling, more on a
 * cluster) for very little arithmetic when batches are small, so averaging runs many steps per
 * job. Each local step sees only about {@code batchSize / partitions} rows, so its gradient is
 * noisier, and partitions drift apart between synchronizations; on convex objectives such as the
 * linear models here the average still converges near the same optimum (Zinkevich et al.), and
 * for networks, where that guarantee does not hold, local SGD is known to train well in practice
 * (Lin et al., "Don't Use Large Mini-Batches, Use Local SGD", ICLR 2020). The epoch objective is
 * the weighted mean of the local mini-batch objectives, each at the local parameters before that
 * local step.
 */
final class ModelAveraging implements Serializable {

  private final StepRule stepRule;
  private final int localSteps;
  private final int aggregationDepth;

  ModelAveraging(StepRule stepRule, int localSteps, int aggregationDepth) {
    if (localSteps < 2) {
      throw new IllegalArgumentException("model averaging needs localSteps >= 2, got "
          + localSteps + "; 1 is synchronous mini-batch gradient descent");
    }
    this.stepRule = stepRule;
    this.localSteps = localSteps;
    this.aggregationDepth = aggregationDepth;
  }

  /**
   * Runs one epoch's {@code plans}, {@code localSteps} at a time, updating {@code theta} and
   * {@code state} in place after each synchronization.
   *
   * @param describe the Spark job description for a round, given its last step (1-based)
   * @param stepSeed the seed of a step's randomness (dropout), given its step (1-based)
   */
  EpochTotals epoch(JavaRDD<RowBlock> blocks, BatchObjective objective,
      Iterator<StepPlan> plans, double learningRate,
      double[] theta, OptimizerState state, java.util.function.IntFunction<String> describe,
      java.util.function.IntToLongFunction stepSeed) {
    SparkContext sc = blocks.context();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    double objectiveSum = 0.0;
    double weightSum = 0.0;
    int steps = 0;
    int planned = 0;
    while (plans.hasNext()) {
      List<StepPlan> round = new ArrayList<>();
      List<Long> seeds = new ArrayList<>();
      while (plans.hasNext() && round.size() < localSteps) {
        round.add(plans.next());
        seeds.add(stepSeed.applyAsLong(planned + round.size()));
      }
      planned += round.size();
      sc.setJobDescription(describe.apply(planned));
      LocalStart start = new LocalStart(objective, theta.clone(), state.copy());
      // The objective (for a linear model its feature scales and means) rides along.
      long bytes = 8L * theta.length * (3 + state.slots().size());
      LocalSums sums;
      try (Shipment<LocalStart> shipped = Shipment.of(jsc, start, bytes)) {
        sums = TreeAggregation.aggregate(blocks, aggregationDepth,
            it -> localSteps(it, shipped.value(), round, seeds, learningRate),
            LocalSums.COMBINER);
      }
      LocalResult average = sums.average(state);
      if (average == null) {
        continue;
      }
      System.arraycopy(average.theta, 0, theta, 0, theta.length);
      state.assign(average.state);
      objectiveSum += average.objectiveSum;
      weightSum += average.weightSum;
      steps += average.steps;
    }
    return new EpochTotals(objectiveSum, weightSum, steps);
  }

  /** One partition's local steps, from a copy of {@code start}. */
  private LocalSums localSteps(Iterator<RowBlock> partition, LocalStart start,
      List<StepPlan> round, List<Long> seeds, double learningRate) {
    BatchObjective objective = start.objective();
    List<RowBlock> blocks = new ArrayList<>();
    partition.forEachRemaining(blocks::add);
    blocks.sort(Comparator.comparingInt(RowBlock::index));
    double[] theta = start.theta.clone();
    OptimizerState state = start.state.copy();
    double objectiveSum = 0.0;
    double weightSum = 0.0;
    int steps = 0;
    for (int s = 0; s < round.size(); s++) {
      BatchGradient batch =
          objective.at(theta).sum(blocks.iterator(), round.get(s), true, seeds.get(s));
      if (batch.weightSum() == 0) {
        continue;
      }
      objectiveSum += batch.lossSum() + batch.weightSum() * stepRule.penalty(theta);
      weightSum += batch.weightSum();
      objective.finish(batch.gradientSum());
      steps++;
      if (stepRule.apply(theta, batch.meanGradient(), learningRate, state).problem() != null) {
        // The average becomes non-finite too, and the driver stops the run as diverged.
        Arrays.fill(theta, Double.NaN);
        break;
      }
    }
    return LocalSums.of(theta, state, objectiveSum, weightSum, steps);
  }

  /** The objective, parameters and optimizer state every partition starts a round from. */
  private record LocalStart(BatchObjective objective, double[] theta, OptimizerState state)
      implements Serializable {}

  /** The averaged parameters and optimizer state after a round, with the round's sums. */
  private record LocalResult(double[] theta, OptimizerState state, double objectiveSum,
      double weightSum, int steps) {}

  /**
   * What partitions send after their local steps, summed over partitions: their parameters and
   * optimizer slots each multiplied by the weight of the rows the partition used (so that their
   * sum divided by the total weight is the weighted average), the objective and weight sums, and
   * the most local steps any partition took. A partition that used no rows adds zeros.
   */
  private static final class LocalSums {

    /** Theta first, then the optimizer's slots in their order. */
    private final double[][] weighted;
    private double objectiveSum;
    private double weightSum;
    private long steps;

    private LocalSums(double[][] weighted, double objectiveSum, double weightSum, long steps) {
      this.weighted = weighted;
      this.objectiveSum = objectiveSum;
      this.weightSum = weightSum;
      this.steps = steps;
    }

    static LocalSums of(double[] theta, OptimizerState state, double objectiveSum,
        double weightSum, int steps) {
      double[][] weighted = new double[1 + state.slots().size()][];
      weighted[0] = theta;
      int v = 1;
      for (double[] slot : state.slots().values()) {
        weighted[v++] = slot.clone();
      }
      for (double[] vector : weighted) {
        for (int i = 0; i < vector.length; i++) {
          vector[i] = weightSum == 0 ? 0.0 : weightSum * vector[i];
        }
      }
      return new LocalSums(weighted, objectiveSum, weightSum, steps);
    }

    static final TreeAggregation.Combiner<LocalSums> COMBINER = new TreeAggregation.Combiner<>() {
      @Override
      public byte[] encode(LocalSums sums) {
        // Each vector on its own support: slots need not have theta's length (NAdam's
        // mu_product is one number).
        int[][] supports = new int[sums.weighted.length][];
        long bytes = 32;
        for (int v = 0; v < supports.length; v++) {
          supports[v] = Payload.support(sums.weighted[v]);
          bytes += Payload.vectorBytes(sums.weighted[v].length, supports[v], 1);
        }
        Payload.Writer writer = new Payload.Writer(bytes)
            .putLong(sums.weighted.length)
            .putDouble(sums.objectiveSum)
            .putDouble(sums.weightSum)
            .putLong(sums.steps);
        for (int v = 0; v < supports.length; v++) {
          writer.putVectors(supports[v], sums.weighted[v]);
        }
        return writer.bytes();
      }

      @Override
      public LocalSums decode(byte[] bytes) {
        Payload.Reader reader = new Payload.Reader(bytes);
        double[][] weighted = new double[(int) reader.getLong()][];
        double objectiveSum = reader.getDouble();
        double weightSum = reader.getDouble();
        long steps = reader.getLong();
        for (int v = 0; v < weighted.length; v++) {
          weighted[v] = reader.getVectors(1)[0];
        }
        return new LocalSums(weighted, objectiveSum, weightSum, steps);
      }

      @Override
      public LocalSums mergeEncoded(LocalSums left, byte[] right) {
        Payload.Reader reader = new Payload.Reader(right);
        reader.getLong();
        left.objectiveSum += reader.getDouble();
        left.weightSum += reader.getDouble();
        left.steps = Math.max(left.steps, reader.getLong());
        for (double[] vector : left.weighted) {
          reader.addVectorsTo(vector);
        }
        return left;
      }

      @Override
      public LocalSums merge(LocalSums left, LocalSums right) {
        for (int v = 0; v < left.weighted.length; v++) {
          double[] into = left.weighted[v];
          double[] add = right.weighted[v];
          for (int i = 0; i < into.length; i++) {
            into[i] += add[i];
          }
        }
        left.objectiveSum += right.objectiveSum;
        left.weightSum += right.weightSum;
        left.steps = Math.max(left.steps, right.steps);
        return left;
      }
    };

    /**
     * The weighted average of the partitions' parameters and slots; the step count advances by
     * the most local steps any partition took. Null if no partition had rows.
     */
    LocalResult average(OptimizerState before) {
      if (weightSum == 0) {
        return null;
      }
      for (double[] vector : weighted) {
        for (int i = 0; i < vector.length; i++) {
          vector[i] /= weightSum;
        }
      }
      Map<String, double[]> slots = new LinkedHashMap<>();
      int v = 1;
      for (String name : before.slots().keySet()) {
        slots.put(name, weighted[v++]);
      }
      return new LocalResult(weighted[0], OptimizerState.of(before.step() + steps, slots),
          objectiveSum, weightSum, (int) steps);
    }
  }
}
