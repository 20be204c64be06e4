package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.optim.Optimizer;
import dev.descent.spark.ml.optim.OptimizerState;
import dev.descent.spark.ml.schedule.LearningRateSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
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
 * and the objective recorded for an epoch is, as {@link Settings#epochObjective()} says, its exact
 * value over all training rows at the parameters the epoch ends with (entry 0: at the initial
 * parameters), or the running mean of the epoch's mini-batch objectives.
 */
public final class GradientDescent {

  private static final Logger LOG = LoggerFactory.getLogger(GradientDescent.class);

  /**
   * How to run: epochs, tolerance, batching, seed, the learning-rate schedule (a fresh
   * one per run: a plateau schedule keeps state), gradient clipping, what each epoch records as
   * its objective, the depth of the tree partitions' sums are added in (see
   * {@link dev.descent.spark.ml.util.TreeAggregation}), and a job label.
   */
  public record Settings(
      int maxEpochs,
      double tol,
      long batchSize,
      boolean shuffle,
      long seed,
      LearningRateSchedule schedule,
      GradientClipping clipping,
      EpochObjective epochObjective,
      int aggregationDepth,
      String label) {

    public Settings {
      if (schedule == null || clipping == null || epochObjective == null) {
        throw new IllegalArgumentException("a schedule, a clipping (maybe none) and an epoch"
            + " objective are needed");
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
      }
      if (aggregationDepth < 1) {
        throw new IllegalArgumentException(
            "aggregationDepth must be at least 1, got " + aggregationDepth);
      }
    }
  }

  private final BatchObjective objective;
  private final ModelAveraging averaging;
  private final double[] initial;
  private final Regularization regularization;
  private final Optimizer optimizer;
  private final Settings settings;

  /**
   * @param scale what each cached feature is multiplied by (standardization), or null
   * @param centers the features' means as training sees them, to train on centered features;
   *     null to train on the features as they are (see {@link FeatureSpace})
   * @param localSteps mini-batch steps each partition takes on its own rows between two
   *     synchronizations: 1 is synchronous mini-batch gradient descent, more is
   *     {@link ModelAveraging}
   */
  public GradientDescent(Loss loss, ParameterLayout layout, Regularization regularization,
      Optimizer optimizer, Settings settings, double[] scale, double[] centers, int localSteps) {
    this(new LinearObjective(loss, layout, new FeatureSpace(layout, scale, centers)),
        new double[layout.size()], regularization, optimizer, settings, localSteps);
  }

  /**
   * Training of any {@link BatchObjective} from {@code initial} parameters (a network's seeded
   * initialization), synchronous or, with {@code localSteps} above 1, by model averaging.
   */
  GradientDescent(BatchObjective objective, double[] initial, Regularization regularization,
      Optimizer optimizer, Settings settings, int localSteps) {
    if (initial.length != objective.numParameters()) {
      throw new IllegalArgumentException("the objective has " + objective.numParameters()
          + " parameters but " + initial.length + " initial values were given");
    }
    if (localSteps < 1) {
      throw new IllegalArgumentException("localSteps must be at least 1, got " + localSteps);
    }
    this.objective = objective;
    this.averaging = localSteps == 1 ? null : new ModelAveraging(regularization, optimizer,
        settings.clipping(), localSteps, settings.aggregationDepth());
    this.initial = initial.clone();
    this.regularization = regularization;
    this.optimizer = optimizer;
    this.settings = settings;
  }

  /**
   * Trains from the initial parameters (zeros for a linear model), without validation, early
   * stopping or listeners.
   */
  public TrainingResult run(TrainingData data) {
    return run(data, null, Supervision.none(), Checkpointer.none());
  }

  /**
   * Trains from the initial parameters. With an {@link EpochObjective#EXACT} epoch objective,
   * epoch 0 is one pass over the training rows at the initial parameters and every epoch ends
   * with one more pass at its final parameters, which gives the recorded objective exactly; with
   * full-batch training that pass is also the next epoch's gradient, so it costs no extra Spark
   * job. With a {@link EpochObjective#RUNNING} one and more than one step per epoch, an epoch's
   * objective is summed from its own steps, and epoch 0's is that of epoch 1's first mini-batch,
   * whose gradient then serves that first step: no job beyond the steps. After the objective come
   * the validation, the log line, the listeners, then the stopping rules: divergence, listener,
   * early stopping, {@code maxIter}, {@code tol}, and last the checkpoint, if one is due.
   *
   * <p>A resumed run (see {@link Checkpointer#start}) continues after the checkpoint's epoch with
   * its parameters, optimizer and schedule state, reports and early-stopping watch, and ends with
   * the model an uninterrupted run would have; with an exact objective it recomputes only the
   * objective pass at the checkpoint's parameters, which full-batch training takes its next
   * gradient from.
   *
   * @param warmStart parameters to start from instead of the initial ones (in the training space),
   *     or null
   */
  public TrainingResult run(TrainingData data, double[] warmStart, Supervision supervision,
      Checkpointer checkpointer) {
    JavaRDD<RowBlock> blocks = data.blocks();
    SparkContext sc = blocks.context();
    GradientJob gradientJob = new GradientJob(blocks, objective, settings.aggregationDepth());
    BatchPlanner planner = new BatchPlanner(
        data.blockRows(), settings.batchSize(), settings.shuffle(), settings.seed());
    StepPlan everyRow = StepPlan.everyRow(data.blockRows());
    int stepsPerEpoch = planner.stepsPerEpoch();
    // With one step per epoch the exact pass is the next step's gradient: running saves nothing.
    boolean running =
        settings.epochObjective() == EpochObjective.RUNNING && stepsPerEpoch > 1;
    int maxEpochs = settings.maxEpochs();
    LearningRateSchedule schedule = settings.schedule();
    if (warmStart != null && warmStart.length != initial.length) {
      throw new IllegalArgumentException("the warm start has " + warmStart.length
          + " parameters where " + initial.length + " are trained");
    }
    TrainingState start = checkpointer.start(TrainingState.initial(
        (warmStart != null ? warmStart : initial).clone(), optimizer.initialState(initial.length)),
        schedule);
    double[] theta = start.parameters().clone();
    OptimizerState state = start.optimizerState();
    ConvergenceCheck done = ConvergenceCheck.maxEpochs(maxEpochs)
        .or(ConvergenceCheck.relativeObjectiveChange(settings.tol()));
    Validation validation = supervision.validation();
    EarlyStopping earlyStopping = new EarlyStopping(supervision.earlyStoppingPatience(),
        supervision.earlyStoppingMinDelta(), validation != null && validation.largerIsBetter());
    ProgressLog progress = new ProgressLog(settings.label());
    List<EpochReport> epochs = new ArrayList<>(start.epochs());
    List<Double> history = new ArrayList<>();
    epochs.forEach(report -> history.add(report.objective()));
    earlyStopping.restore(start.earlyStopping());
    String previousDescription = sc.getLocalProperty("spark.job.description");
    StopReason reason = null;
    String stopMessage = null;
    long steps = start.steps();
    try {
      long started = System.nanoTime();
      int resumedAfter = start.completedEpochs();
      // The gradient of the next epoch's first step at theta, when a pass already gave it.
      BatchGradient firstStep = null;
      BatchGradient atStart = null;
      if (!running) {
        sc.setJobDescription(settings.label() + " epoch " + Math.max(0, resumedAfter) + "/"
            + maxEpochs + " objective");
        atStart = gradientJob.compute(theta, everyRow);
        firstStep = reusableAsStep(atStart, stepsPerEpoch);
      } else if (resumedAfter < 0) {
        // Synchronous: this is also epoch 1's first step. Model averaging cannot reuse it.
        sc.setJobDescription(averaging == null ? description(1, 1, stepsPerEpoch)
            : settings.label() + " epoch 0/" + maxEpochs + " objective on the first mini-batch");
        BatchGradient first = gradientJob.compute(theta, planner.epoch(1).next(), true,
            Seeds.mix(settings.seed(), 1, 1));
        firstStep = averaging == null ? first : null;
        atStart = first.weightSum() > 0 ? first : gradientJob.compute(theta, everyRow);
      }
      if (resumedAfter < 0) {
        double initial = objective(atStart, theta);
        if (!Double.isFinite(initial)) {
          throw new ArithmeticException("the objective at the initial parameters is " + initial
              + ": labels, weights or features are too large for loss '" + objective.lossName()
              + "'; rescale them");
        }
        epochs.add(report(0, maxEpochs, initial, validation, theta, atStart.meanGradient(),
            Double.NaN, 0, started, data));
        history.add(initial);
        earlyStopping.observe(0, epochs.get(0).validationMetric(), theta);
        reason = maxEpochs == 0 ? StopReason.MAX_EPOCHS : null;
      } else {
        reason = done.check(history);
      }
      DivergenceCheck divergence =
          new DivergenceCheck(history.get(0), supervision.divergenceFactor());
      for (int epoch = epochs.size(); reason == null; epoch++) {
        started = System.nanoTime();
        double lr = schedule.learningRate(epoch - 1);
        // Zero is allowed, as in PyTorch: cosine with minLearningRate 0 reaches it at epoch T.
        if (!(lr >= 0) || Double.isInfinite(lr)) {
          throw new IllegalArgumentException(String.format(
              "the learning-rate schedule gave %s for epoch %d; it must be non-negative and"
                  + " finite", lr, epoch));
        }
        double[] epochStart = theta.clone();
        BatchGradient precomputed = firstStep;
        firstStep = null;
        RunningObjective runningSum = new RunningObjective();
        String problem = null;
        int step = 0;
        int applied = 0;
        if (averaging != null) {
          int current = epoch;
          EpochTotals totals = averaging.epoch(blocks, objective, planner.epoch(epoch), lr,
              theta, state, last -> description(current, last, stepsPerEpoch),
              stepInEpoch -> Seeds.mix(settings.seed(), current, stepInEpoch));
          runningSum.add(totals);
          step = stepsPerEpoch;
          applied = totals.steps();
          steps += applied;
          problem = DivergenceCheck.nonFinite(theta, "parameters");
        }
        for (Iterator<StepPlan> plans = averaging != null ? null : planner.epoch(epoch);
            plans != null && plans.hasNext() && problem == null; ) {
          step++;
          sc.setJobDescription(description(epoch, step, stepsPerEpoch));
          StepPlan plan = plans.next();
          BatchGradient batch = step == 1 && precomputed != null
              ? precomputed
              : gradientJob.compute(theta, plan, true, Seeds.mix(settings.seed(), epoch, step));
          if (batch.weightSum() == 0) {
            continue;
          }
          if (running) {
            runningSum.add(batch, regularization.penalty(theta));
          }
          double[] g = batch.meanGradient();
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
        double[] gradient = null;
        if (problem == null) {
          if (running) {
            objective = runningSum.objective();
            gradient = runningSum.meanGradient();
          } else {
            sc.setJobDescription(settings.label() + " epoch " + epoch + "/" + maxEpochs
                + " objective");
            BatchGradient atEnd = gradientJob.compute(theta, everyRow);
            objective = objective(atEnd, theta);
            gradient = atEnd.meanGradient();
            firstStep = reusableAsStep(atEnd, stepsPerEpoch);
          }
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
        EpochReport report = report(epoch, maxEpochs, objective, validation, theta, gradient, lr,
            applied, started, data);
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
        double[] parameters = theta;
        long stepsSoFar = steps;
        checkpointer.epochEnded(epoch, reason != null, () -> new TrainingState(parameters,
            state, epochs, stepsSoFar, schedule.state(), earlyStopping.state()));
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

  /** The objective (weighted mean loss plus penalty) of {@code pass}'s rows at theta. */
  private double objective(BatchGradient pass, double[] theta) {
    return pass.lossSum() / pass.weightSum() + regularization.penalty(theta);
  }

  /**
   * {@code pass} over every row, if it can serve as the next epoch's only step (full batch, no
   * dropout, synchronous), else null.
   */
  private BatchGradient reusableAsStep(BatchGradient pass, int stepsPerEpoch) {
    return stepsPerEpoch == 1 && averaging == null && !objective.stochastic() ? pass : null;
  }

  /**
   * The report of an epoch ending at {@code theta}, where {@code gradient} is the mean data-term
   * gradient that goes with its objective (see {@link EpochReport#layerGradientNorms()}), or null
   * when there is none (NaN norms); it comes from the steps or the objective pass, so the
   * per-layer norms cost no extra Spark job.
   */
  private EpochReport report(int epoch, int maxEpochs, double objective, Validation validation,
      double[] theta, double[] gradient, double lr, int steps, long started,
      TrainingData data) {
    Validation.Score score = validation == null ? null : validation.score(theta);
    double seconds = (System.nanoTime() - started) / 1e9;
    int[] layers = this.objective.layerStarts();
    double[] gradientNorms;
    if (gradient != null) {
      gradientNorms = layerNorms(gradient, layers);
    } else {
      gradientNorms = new double[layers.length];
      Arrays.fill(gradientNorms, Double.NaN);
    }
    return new EpochReport(epoch, maxEpochs, objective,
        score == null ? Double.NaN : score.objective(),
        validation == null ? null : validation.metricName(),
        score == null ? Double.NaN : score.metric(), lr, steps, seconds,
        data.numRows() / Math.max(seconds, 1e-9), layerNorms(theta, layers), gradientNorms);
  }

  /** The L2 norm of each layer's slice of {@code values}; layer l starts at starts[l]. */
  private static double[] layerNorms(double[] values, int[] starts) {
    double[] norms = new double[starts.length];
    for (int l = 0; l < starts.length; l++) {
      int end = l + 1 < starts.length ? starts[l + 1] : values.length;
      double squares = 0.0;
      for (int i = starts[l]; i < end; i++) {
        squares += values[i] * values[i];
      }
      norms[l] = Math.sqrt(squares);
    }
    return norms;
  }

  /** Calls every listener (all of them, even after one asks to stop); true if any asked. */
  private static boolean notifyListeners(List<TrainingListener> listeners, EpochReport report) {
    boolean stop = false;
    for (TrainingListener listener : listeners) {
      stop |= listener.onEpochEnd(report);
    }
    return stop;
  }

  private String description(int epoch, int step, int stepsPerEpoch) {
    return settings.label() + " epoch " + epoch + "/" + settings.maxEpochs() + " step " + step
        + "/" + stepsPerEpoch;
  }
}
