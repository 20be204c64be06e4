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
import java.util.Locale;
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
 * and the objective recorded for an epoch is its exact value over all training rows at the
 * parameters the epoch ends with (entry 0: at the initial parameters).
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

  /** Trains from all-zero parameters, without validation, early stopping or listeners. */
  public TrainingResult run(TrainingData data) {
    return run(data, Supervision.none());
  }

  /**
   * Trains from all-zero parameters. Epoch 0 is one pass over the training rows at the initial
   * parameters; every epoch ends with one more pass at its final parameters, which gives the
   * recorded objective exactly. With full-batch training that pass is also the next epoch's
   * gradient, so it costs no extra Spark job. After it come the validation, the log line, the
   * listeners, then the stopping rules: divergence, listener, early stopping, {@code maxIter},
   * {@code tol}.
   */
  public TrainingResult run(TrainingData data, Supervision supervision) {
    JavaRDD<RowBlock> blocks = data.blocks();
    SparkContext sc = blocks.context();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    BatchPlanner planner = new BatchPlanner(
        data.blockRows(), settings.batchSize(), settings.shuffle(), settings.seed());
    StepPlan everyRow = StepPlan.everyRow(data.blockRows());
    int stepsPerEpoch = planner.stepsPerEpoch();
    int maxEpochs = settings.maxEpochs();
    double[] theta = new double[layout.size()];
    OptimizerState state = optimizer.initialState(theta.length);
    ConvergenceCheck done = ConvergenceCheck.maxEpochs(maxEpochs)
        .or(ConvergenceCheck.relativeObjectiveChange(settings.tol()));
    Validation validation = supervision.validation();
    EarlyStopping earlyStopping = new EarlyStopping(supervision.earlyStoppingPatience(),
        supervision.earlyStoppingMinDelta(), validation != null && validation.largerIsBetter());
    ProgressLog progress = new ProgressLog(settings.label());
    List<EpochReport> epochs = new ArrayList<>();
    List<Double> history = new ArrayList<>();
    LearningRateSchedule schedule = settings.schedule();
    String previousDescription = sc.getLocalProperty("spark.job.description");
    StopReason reason = null;
    String stopMessage = null;
    long steps = 0;
    try {
      long started = System.nanoTime();
      sc.setJobDescription(settings.label() + " epoch 0/" + maxEpochs + " objective");
      GradientAggregator atEnd = gradient(jsc, blocks, theta, everyRow);
      double initial = objective(atEnd, theta);
      DivergenceCheck divergence = new DivergenceCheck(initial, supervision.divergenceFactor());
      if (!Double.isFinite(initial)) {
        throw new ArithmeticException("the objective at the initial parameters is " + initial);
      }
      epochs.add(report(0, maxEpochs, initial, validation, theta, Double.NaN, 0, started, data));
      history.add(initial);
      earlyStopping.observe(0, epochs.get(0).validationMetric(), theta);
      if (maxEpochs == 0) {
        reason = StopReason.MAX_EPOCHS;
      }
      for (int epoch = 1; reason == null; epoch++) {
        started = System.nanoTime();
        double lr = schedule.learningRate(epoch - 1);
        // Zero is allowed, as in PyTorch: cosine with minLearningRate 0 reaches it at epoch T.
        if (!(lr >= 0) || Double.isInfinite(lr)) {
          throw new IllegalArgumentException(String.format(
              "the learning-rate schedule gave %s for epoch %d; it must be non-negative and"
                  + " finite", lr, epoch));
        }
        double[] epochStart = theta.clone();
        GradientAggregator fullBatch = stepsPerEpoch == 1 ? atEnd : null;
        String problem = null;
        int step = 0;
        int applied = 0;
        for (Iterator<StepPlan> plans = planner.epoch(epoch); plans.hasNext() && problem == null; ) {
          step++;
          sc.setJobDescription(settings.label() + " epoch " + epoch + "/" + maxEpochs
              + " step " + step + "/" + stepsPerEpoch);
          StepPlan plan = plans.next();
          GradientAggregator batch =
              fullBatch != null ? fullBatch : gradient(jsc, blocks, theta, plan);
          if (batch.weightSum() == 0) {
            continue;
          }
          double[] g = batch.meanGradient();
          centerGradient(g);
          regularization.addSmoothGradient(theta, g);
          problem = DivergenceCheck.nonFinite(g, "gradient");
          if (problem == null) {
            settings.clipping().apply(g);
            optimizer.step(theta, g, lr, state);
            regularization.applyProximal(theta, lr);
            problem = DivergenceCheck.nonFinite(theta, "parameters");
            applied++;
            steps++;
          }
        }
        double objective = Double.NaN;
        if (problem == null) {
          sc.setJobDescription(settings.label() + " epoch " + epoch + "/" + maxEpochs
              + " objective");
          atEnd = gradient(jsc, blocks, theta, everyRow);
          objective = objective(atEnd, theta);
          problem = divergence.objective(objective);
        }
        if (problem != null) {
          theta = epochStart;
          reason = StopReason.DIVERGENCE;
          stopMessage = String.format(Locale.ROOT, "training diverged: %s at epoch %d, step %d"
                  + " with learning rate %s (optimizer %s); the model keeps the parameters after"
                  + " epoch %d. Lower learningRate, standardize the features or clip the"
                  + " gradient (clipGradNorm)", problem, epoch, step, lr, optimizer.name(),
              epoch - 1);
          LOG.warn(settings.label() + ": " + stopMessage);
          break;
        }
        EpochReport report =
            report(epoch, maxEpochs, objective, validation, theta, lr, applied, started, data);
        epochs.add(report);
        history.add(objective);
        schedule.observe(objective);
        LOG.info(progress.line(report));
        if (notifyListeners(supervision.listeners(), report)) {
          reason = StopReason.LISTENER;
        } else if (earlyStopping.observe(epoch, report.validationMetric(), theta)) {
          reason = StopReason.EARLY_STOPPING;
        } else {
          reason = done.check(history);
        }
      }
    } finally {
      sc.setJobDescription(previousDescription);
    }
    int returned = epochs.size() - 1;
    if (reason == StopReason.EARLY_STOPPING) {
      returned = earlyStopping.bestEpoch();
      theta = earlyStopping.bestParameters();
      stopMessage = String.format(Locale.ROOT, "early stopping: validation %s did not improve by"
              + " more than %s for %d epochs; the model keeps the parameters of epoch %d",
          validation.metricName(), supervision.earlyStoppingMinDelta(),
          supervision.earlyStoppingPatience(), returned);
    } else if (stopMessage == null) {
      stopMessage = switch (reason) {
        case MAX_EPOCHS -> "reached maxIter (" + maxEpochs + " epochs)";
        case CONVERGED -> "the objective changed by at most tol (" + settings.tol()
            + ") relative to its size";
        case LISTENER -> "a training listener asked to stop after epoch " + returned;
        default -> throw new IllegalStateException("unexpected stop reason " + reason);
      };
    }
    return new TrainingResult(theta, epochs, steps, reason, returned, stopMessage);
  }

  /** The objective (weighted mean loss plus penalty) from a pass over every row at theta. */
  private double objective(GradientAggregator pass, double[] theta) {
    return pass.lossSum() / pass.weightSum() + regularization.penalty(theta);
  }

  private static EpochReport report(int epoch, int maxEpochs, double objective,
      Validation validation, double[] theta, double lr, int steps, long started,
      TrainingData data) {
    Validation.Score score = validation == null ? null : validation.score(theta);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new EpochReport(epoch, maxEpochs, objective,
        score == null ? Double.NaN : score.objective(),
        validation == null ? null : validation.metricName(),
        score == null ? Double.NaN : score.metric(), lr, steps, seconds,
        data.numRows() / Math.max(seconds, 1e-9));
  }

  /** Calls every listener (all of them, even after one asks to stop); true if any asked. */
  private static boolean notifyListeners(List<TrainingListener> listeners, EpochReport report) {
    boolean stop = false;
    for (TrainingListener listener : listeners) {
      stop |= listener.onEpochEnd(report);
    }
    return stop;
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
}
