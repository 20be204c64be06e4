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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini-batch gradient descent over cached {@link TrainingData}. Each synchronous step sums the
 * mini-batch's loss and gradient over the partitions in one Spark job ({@link GradientJob}), then
 * on the driver adds the L2 gradient, clips it (see {@link GradientClipping}), and applies the
 * optimizer and the L1 proximal step. With {@code localSteps > 1} the partitions take the steps
 * themselves and the driver averages them after every {@code localSteps} steps
 * ({@link ModelAveraging}). The
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
  private final Centering centering;
  private final int localSteps;

  /**
   * @param centers the features' means as training sees them, to train on centered features
   *     (see {@link Centering}); null to train on the features as they are
   */
  public GradientDescent(Loss loss, ParameterLayout layout, Regularization regularization,
      Optimizer optimizer, Settings settings, double[] centers) {
    this(loss, layout, regularization, optimizer, settings, centers, 1);
  }

  /**
   * @param localSteps mini-batch steps each partition takes on its own rows between two
   *     synchronizations: 1 is synchronous mini-batch gradient descent, more is
   *     {@link ModelAveraging}
   */
  public GradientDescent(Loss loss, ParameterLayout layout, Regularization regularization,
      Optimizer optimizer, Settings settings, double[] centers, int localSteps) {
    if (localSteps < 1) {
      throw new IllegalArgumentException("localSteps must be at least 1, got " + localSteps);
    }
    this.centering = new Centering(layout, centers);
    this.loss = loss;
    this.layout = layout;
    this.regularization = regularization;
    this.optimizer = optimizer;
    this.settings = settings;
    this.localSteps = localSteps;
  }

  /** Trains from all-zero parameters. */
  public TrainingResult run(TrainingData data) {
    JavaRDD<RowBlock> blocks = data.blocks();
    SparkContext sc = blocks.context();
    GradientJob gradientJob = new GradientJob(blocks, loss, layout, centering);
    ModelAveraging averaging = localSteps == 1 ? null : new ModelAveraging(loss, layout,
        regularization, optimizer, settings.clipping(), centering, localSteps);
    BatchPlanner planner = new BatchPlanner(
        data.blockRows(), settings.batchSize(), settings.shuffle(), settings.seed());
    int stepsPerEpoch = planner.stepsPerEpoch();
    double[] theta = new double[layout.size()];
    OptimizerState state = optimizer.initialState(theta.length);
    ConvergenceCheck done = ConvergenceCheck.maxEpochs(settings.maxEpochs())
        .or(ConvergenceCheck.relativeObjectiveChange(settings.tol()));
    List<Double> history = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    LearningRateSchedule schedule = settings.schedule();
    String previousDescription = sc.getLocalProperty("spark.job.description");
    StopReason reason = settings.maxEpochs() == 0 ? StopReason.MAX_EPOCHS : null;
    long steps = 0;
    try {
      for (int epoch = 1; reason == null; epoch++) {
        long started = System.nanoTime();
        double lr = schedule.learningRate(epoch - 1);
        // Zero is allowed, as in PyTorch: cosine with minLearningRate 0 reaches it at epoch T.
        if (!(lr >= 0) || Double.isInfinite(lr)) {
          throw new IllegalArgumentException(String.format(
              "the learning-rate schedule gave %s for epoch %d; it must be non-negative and"
                  + " finite", lr, epoch));
        }
        rates.add(lr);
        int current = epoch;
        EpochTotals totals = averaging == null
            ? synchronousEpoch(sc, gradientJob, planner.epoch(epoch), epoch, stepsPerEpoch, lr,
                theta, state)
            : averaging.epoch(blocks, planner.epoch(epoch), lr, theta, state,
                step -> description(current, step, stepsPerEpoch));
        requireFinite(theta, "parameters", epoch, totals.steps(), lr);
        steps += totals.steps();
        double objective = totals.objectiveSum() / totals.weightSum();
        history.add(objective);
        schedule.observe(objective);
        reason = done.check(history);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(String.format("%s epoch %d/%d: objective %.6g, learning rate %.4g, %d steps, "
                + "%.0f rows/s", settings.label(), epoch, settings.maxEpochs(), objective,
            lr, totals.steps(), data.numRows() / Math.max(seconds, 1e-9)));
      }
    } finally {
      sc.setJobDescription(previousDescription);
    }
    return new TrainingResult(theta,
        history.stream().mapToDouble(Double::doubleValue).toArray(),
        rates.stream().mapToDouble(Double::doubleValue).toArray(), history.size(), steps, reason);
  }

  /** One epoch of synchronous steps: one gradient job each, the update on the driver. */
  private EpochTotals synchronousEpoch(SparkContext sc, GradientJob gradientJob,
      Iterator<StepPlan> plans, int epoch, int stepsPerEpoch, double lr, double[] theta,
      OptimizerState state) {
    double objectiveSum = 0.0;
    double weightSum = 0.0;
    int step = 0;
    int applied = 0;
    while (plans.hasNext()) {
      step++;
      sc.setJobDescription(description(epoch, step, stepsPerEpoch));
      BatchGradient batch = gradientJob.compute(theta, plans.next());
      if (batch.weightSum() == 0) {
        continue;
      }
      applied++;
      double penalty = regularization.penalty(theta);
      objectiveSum += batch.lossSum() + batch.weightSum() * penalty;
      weightSum += batch.weightSum();
      double[] g = batch.meanGradient();
      regularization.addSmoothGradient(theta, g);
      requireFinite(g, "gradient", epoch, step, lr);
      settings.clipping().apply(g);
      optimizer.step(theta, g, lr, state);
      regularization.applyProximal(theta, lr);
      requireFinite(theta, "parameters", epoch, step, lr);
    }
    return new EpochTotals(objectiveSum, weightSum, applied);
  }

  private String description(int epoch, int step, int stepsPerEpoch) {
    return settings.label() + " epoch " + epoch + "/" + settings.maxEpochs() + " step " + step
        + "/" + stepsPerEpoch;
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
