package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.optim.Optimizer;
import dev.descent.spark.ml.optim.OptimizerState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
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
 * the mini-batch (the rows the synchronous plan gives it), with the full update of a synchronous
 * step on any {@link BatchObjective}, a linear model's or a network's: the data term's gradient,
 * the L2 gradient, clipping, the optimizer and the L1 proximal step, at the epoch's learning rate
 * (a network's dropout seeded per step as in synchronous training). The driver then replaces
 * parameters and optimizer state by their average over the partitions, weighted by the rows'
 * weights each used, summed in partition order so that a seeded fit is reproducible bit for bit.
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

  private final BatchObjective objective;
  private final Regularization regularization;
  private final Optimizer optimizer;
  private final GradientClipping clipping;
  private final int localSteps;

  ModelAveraging(BatchObjective objective, Regularization regularization, Optimizer optimizer,
      GradientClipping clipping, int localSteps) {
    if (localSteps < 2) {
      throw new IllegalArgumentException("model averaging needs localSteps >= 2, got "
          + localSteps + "; 1 is synchronous mini-batch gradient descent");
    }
    this.objective = objective;
    this.regularization = regularization;
    this.optimizer = optimizer;
    this.clipping = clipping;
    this.localSteps = localSteps;
  }

  /**
   * Runs one epoch's {@code plans}, {@code localSteps} at a time, updating {@code theta} and
   * {@code state} in place after each synchronization.
   *
   * @param describe the Spark job description for a round, given its last step (1-based)
   * @param stepSeed the seed of a step's randomness (dropout), given its step (1-based)
   */
  EpochTotals epoch(JavaRDD<RowBlock> blocks, Iterator<StepPlan> plans, double learningRate,
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
      LocalResult start = new LocalResult(theta.clone(), state.copy(), 0, 0, 0);
      long bytes = 8L * theta.length * (1 + state.slots().size());
      List<LocalResult> results;
      try (Shipment<LocalResult> shipped = Shipment.of(jsc, start, bytes)) {
        results = blocks.mapPartitions(it -> Collections.singletonList(
            localSteps(it, shipped.value(), round, seeds, learningRate)).iterator()).collect();
      }
      LocalResult average = average(results, state);
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
  private LocalResult localSteps(Iterator<RowBlock> partition, LocalResult start,
      List<StepPlan> round, List<Long> seeds, double learningRate) {
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
          objective.sum(blocks.iterator(), theta, round.get(s), true, seeds.get(s));
      if (batch.weightSum() == 0) {
        continue;
      }
      objectiveSum += batch.lossSum() + batch.weightSum() * regularization.penalty(theta);
      weightSum += batch.weightSum();
      objective.finish(batch.gradientSum());
      double[] g = batch.meanGradient();
      regularization.addSmoothGradient(theta, g);
      clipping.apply(g);
      optimizer.step(theta, g, learningRate, state);
      regularization.applyProximal(theta, learningRate);
      steps++;
    }
    return new LocalResult(theta, state, objectiveSum, weightSum, steps);
  }

  /**
   * The average of the partitions' parameters and optimizer slots weighted by the weight of the
   * rows each used, summed in partition order; the step count advances by the most local steps
   * any partition took. Null if no partition had rows.
   */
  private static LocalResult average(List<LocalResult> results, OptimizerState before) {
    double total = 0.0;
    double objectiveSum = 0.0;
    int steps = 0;
    for (LocalResult r : results) {
      total += r.weightSum;
      objectiveSum += r.objectiveSum;
      steps = Math.max(steps, r.steps);
    }
    if (total == 0) {
      return null;
    }
    double[] theta = null;
    Map<String, double[]> slots = new LinkedHashMap<>();
    for (LocalResult r : results) {
      if (r.weightSum == 0) {
        continue;
      }
      double share = r.weightSum / total;
      theta = accumulate(theta, r.theta, share);
      for (Map.Entry<String, double[]> slot : r.state.slots().entrySet()) {
        slots.put(slot.getKey(), accumulate(slots.get(slot.getKey()), slot.getValue(), share));
      }
    }
    OptimizerState state = OptimizerState.of(before.step() + steps, slots);
    return new LocalResult(theta, state, objectiveSum, total, steps);
  }

  private static double[] accumulate(double[] sum, double[] values, double share) {
    double[] target = sum == null ? new double[values.length] : sum;
    for (int i = 0; i < values.length; i++) {
      target[i] += share * values[i];
    }
    return target;
  }

  /** Parameters and optimizer state after (or before) a partition's local steps, with its sums. */
  private record LocalResult(double[] theta, OptimizerState state, double objectiveSum,
      double weightSum, int steps) implements Serializable {}
}
