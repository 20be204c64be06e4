package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.optim.Optimizer;
import dev.descent.spark.ml.optim.OptimizerState;
import dev.descent.spark.ml.schedule.ConstantSchedule;
import dev.descent.spark.ml.schedule.LearningRateSchedule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini-batch gradient descent over cached {@link TrainingData}. Each step broadcasts the
 * parameters, sums the mini-batch's loss and gradient over the partitions with
 * {@code treeAggregate} (one Spark job per step), then on the driver adds the L2 gradient, applies
 * clips it (see {@link GradientClipping}), and applies the optimizer and the L1 proximal step. The
 * learning rate of every step of epoch e (0-based) is the schedule's rate for e, also used for the
 * proximal threshold; after each epoch the schedule observes the epoch objective (only a plateau
 * schedule uses it). The objective minimised is
 *
 * <pre>
 *   (1 / sum_i w_i) * sum_i w_i * loss_i + regParam * ((1 - alpha) / 2 * ||beta||^2 + alpha * ||beta||_1)
 * </pre>
 *
 * and the objective recorded for an epoch is the weighted mean of its steps' mini-batch
 * objectives, each taken at the parameters before the step: for full-batch gradient descent,
 * exactly the objective at the epoch's starting point.
 */
public final class GradientDescent {

  private static final Logger LOG = LoggerFactory.getLogger(GradientDescent.class);

  /**
   * How to run: epochs, tolerance, batching, seed, tree depth, the learning-rate schedule (a fresh
   * one per run: a plateau schedule keeps state), gradient clipping, and a job label.
   */
  public record Settings(
      int maxEpochs,
      double tol,
      long batchSize,
      boolean shuffle,
      long seed,
      int aggregationDepth,
      LearningRateSchedule schedule,
      GradientClipping clipping,
      String label) {

    public Settings {
      if (schedule == null || clipping == null) {
        throw new IllegalArgumentException("a schedule and a clipping (maybe none) are needed");
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
      }
    }

    /** A constant learning rate and no clipping. */
    public Settings(int maxEpochs, double tol, long batchSize, boolean shuffle, long seed,
        int aggregationDepth, double learningRate, String label) {
      this(maxEpochs, tol, batchSize, shuffle, seed, aggregationDepth,
          new ConstantSchedule(learningRate), GradientClipping.none(), label);
    }
  }

  private final Loss loss;
  private final ParameterLayout layout;
  private final Regularization regularization;
  private final Optimizer optimizer;
  private final Settings settings;
  private final double[] centers;

  /**
   * @param centers the features' means as training sees them, to train on centered features
   *     (see {@link #marginOffsets}); null to train on the features as they are
   */
  public GradientDescent(Loss loss, ParameterLayout layout, Regularization regularization,
      Optimizer optimizer, Settings settings, double[] centers) {
    if (centers != null && (!layout.fitIntercept() || centers.length != layout.numFeatures())) {
      throw new IllegalArgumentException("centering needs an intercept and one mean per feature");
    }
    this.centers = centers;
    this.loss = loss;
    this.layout = layout;
    this.regularization = regularization;
    this.optimizer = optimizer;
    this.settings = settings;
  }

  /** Trains from all-zero parameters. */
  public TrainingResult run(TrainingData data) {
    return run(data, null, Checkpointer.none());
  }

  /**
   * Trains from {@code initialParameters} (in the training space; all zeros when null) with a
   * fresh optimizer and schedule, or continues the run that {@code checkpointer} resumes.
   */
  public TrainingResult run(TrainingData data, double[] initialParameters,
      Checkpointer checkpointer) {
    JavaRDD<RowBlock> blocks = data.blocks();
    SparkContext sc = blocks.context();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    BatchPlanner planner = new BatchPlanner(
        data.blockRows(), settings.batchSize(), settings.shuffle(), settings.seed());
    int stepsPerEpoch = planner.stepsPerEpoch();
    LearningRateSchedule schedule = settings.schedule();
    TrainingState start = checkpointer.start(TrainingState.initial(
        initialParameters == null ? new double[layout.size()] : initialParameters.clone(),
        optimizer.initialState(layout.size())), schedule);
    double[] theta = start.parameters();
    OptimizerState state = start.optimizerState();
    ConvergenceCheck done = ConvergenceCheck.maxEpochs(settings.maxEpochs())
        .or(ConvergenceCheck.relativeObjectiveChange(settings.tol()));
    List<Double> history = new ArrayList<>(start.objectiveHistory());
    List<Double> rates = new ArrayList<>(start.learningRateHistory());
    String previousDescription = sc.getLocalProperty("spark.job.description");
    StopReason reason = done.check(history);
    long steps = start.steps();
    try {
      for (int epoch = history.size() + 1; reason == null; epoch++) {
        long started = System.nanoTime();
        double objectiveSum = 0.0;
        double weightSum = 0.0;
        int step = 0;
        int applied = 0;
        double lr = schedule.learningRate(epoch - 1);
        // Zero is allowed, as in PyTorch: cosine with minLearningRate 0 reaches it at epoch T.
        if (!(lr >= 0) || Double.isInfinite(lr)) {
          throw new IllegalArgumentException(String.format(
              "the learning-rate schedule gave %s for epoch %d; it must be non-negative and"
                  + " finite", lr, epoch));
        }
        rates.add(lr);
        for (Iterator<StepPlan> plans = planner.epoch(epoch); plans.hasNext(); ) {
          step++;
          sc.setJobDescription(settings.label() + " epoch " + epoch + "/" + settings.maxEpochs()
              + " step " + step + "/" + stepsPerEpoch);
          GradientAggregator batch = gradient(jsc, blocks, theta, plans.next());
          if (batch.weightSum() == 0) {
            continue;
          }
          applied++;
          requireFiniteLoss(batch.lossSum(), epoch, step);
          double penalty = regularization.penalty(theta);
          objectiveSum += batch.lossSum() + batch.weightSum() * penalty;
          weightSum += batch.weightSum();
          double[] g = batch.meanGradient();
          centerGradient(g);
          regularization.addSmoothGradient(theta, g);
          requireFinite(g, "gradient", epoch, step, lr);
          settings.clipping().apply(g);
          optimizer.step(theta, g, lr, state);
          regularization.applyProximal(theta, lr);
          requireFinite(theta, "parameters", epoch, step, lr);
          steps++;
        }
        double objective = objectiveSum / weightSum;
        history.add(objective);
        schedule.observe(objective);
        reason = done.check(history);
        long stepsSoFar = steps;
        checkpointer.epochEnded(epoch, reason != null, () -> new TrainingState(
            theta, state, history, rates, stepsSoFar, schedule.state()));
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(String.format("%s epoch %d/%d: objective %.6g, learning rate %.4g, %d steps, "
                + "%.0f rows/s", settings.label(), epoch, settings.maxEpochs(), objective,
            lr, applied, data.numRows() / Math.max(seconds, 1e-9)));
      }
    } finally {
      sc.setJobDescription(previousDescription);
    }
    return new TrainingResult(theta,
        history.stream().mapToDouble(Double::doubleValue).toArray(),
        rates.stream().mapToDouble(Double::doubleValue).toArray(), history.size(), steps, reason);
  }

  private GradientAggregator gradient(
      JavaSparkContext jsc, JavaRDD<RowBlock> blocks, double[] theta, StepPlan plan) {
    Broadcast<double[]> parameters = jsc.broadcast(theta.clone());
    try {
      return blocks.treeAggregate(
          new GradientAggregator(loss, layout, parameters, plan, marginOffsets(theta)),
          GradientAggregator::add, GradientAggregator::merge, settings.aggregationDepth());
    } finally {
      parameters.destroy();
    }
  }

  /**
   * Virtual centering, as in MLlib's LogisticRegression: with an intercept, training uses the
   * margin beta . (x - mean) + b, which is the same model family (b absorbs beta . mean) but is far
   * better conditioned when features have large means, and it keeps sparse rows sparse because
   * the centering enters as one constant per output: -beta . mean.
   */
  private double[] marginOffsets(double[] theta) {
    if (centers == null) {
      return null;
    }
    double[] offsets = new double[layout.numOutputs()];
    for (int k = 0; k < offsets.length; k++) {
      int offset = layout.coefficientOffset(k);
      for (int j = 0; j < centers.length; j++) {
        offsets[k] -= theta[offset + j] * centers[j];
      }
    }
    return offsets;
  }

  /**
   * The aggregator's coefficient gradient is sum w g x; centered features need sum w g (x - mean),
   * that is, minus mean times the intercept's gradient sum w g.
   */
  private void centerGradient(double[] gradient) {
    if (centers == null) {
      return;
    }
    for (int k = 0; k < layout.numOutputs(); k++) {
      int offset = layout.coefficientOffset(k);
      double interceptGradient = gradient[layout.numCoefficients() + k];
      for (int j = 0; j < centers.length; j++) {
        gradient[offset + j] -= centers[j] * interceptGradient;
      }
    }
  }

  private void requireFiniteLoss(double lossSum, int epoch, int step) {
    if (!Double.isFinite(lossSum)) {
      throw new ArithmeticException(String.format("the loss became %s at epoch %d, step %d: at"
          + " the first steps this means labels, weights or features too large for loss '%s'"
          + " (rescale them); later, that training diverged (lower learningRate, standardize"
          + " the features or clip the gradient with clipGradNorm)", lossSum, epoch, step,
          loss.name()));
    }
  }

  private void requireFinite(double[] values, String what, int epoch, int step, double lr) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new ArithmeticException(String.format("training diverged: the %s became %s at "
                + "epoch %d, step %d with learning rate %s (optimizer %s); lower learningRate, "
                + "standardize the features or clip the gradient (clipGradNorm)",
            what, v, epoch, step, lr, optimizer.name()));
      }
    }
  }
}
