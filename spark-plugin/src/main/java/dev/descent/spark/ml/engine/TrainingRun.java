package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.optim.OptimizerState;
import dev.descent.spark.ml.training.EpochObjective;
import dev.descent.spark.ml.training.EpochReport;
import dev.descent.spark.ml.training.StopReason;
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
 * One run of {@link GradientDescent}, as a short sequence of states: {@link #TrainingRun} records
 * epoch 0 (the objective at the starting parameters) or restores a checkpoint, then each
 * {@link #nextEpoch} runs an epoch's steps, computes its objective, and either discards the epoch
 * as diverged or reports it and asks the {@link StopRule}s whether to stop; {@link #result} gives
 * the parameters to keep and why the run stopped.
 *
 * <p>With an {@link EpochObjective#EXACT} epoch objective, epoch 0 is one pass over the training
 * rows at the initial parameters and every epoch ends with one more pass at its final
 * parameters, which gives the recorded objective exactly; with full-batch training that pass is
 * also the next epoch's gradient, so it costs no extra Spark job. With a
 * {@link EpochObjective#RUNNING} one and more than one step per epoch, an epoch's objective is
 * summed from its own steps, and epoch 0's is that of epoch 1's first mini-batch, whose gradient
 * then serves that first step: no job beyond the steps. After the objective come the validation,
 * the log line, the listeners, then the stop rules in this order: divergence, listener, early
 * stopping, {@code maxIter}, {@code tol}; last the checkpoint, if one is due.
 *
 * <p>A resumed run (see {@link Checkpointer#start}) continues after the checkpoint's epoch with
 * its parameters, optimizer and schedule state, reports and early-stopping watch, and ends with
 * the model an uninterrupted run would have; with an exact objective it recomputes only the
 * objective pass at the checkpoint's parameters, which full-batch training takes its next
 * gradient from, and which must give the objective the checkpoint recorded.
 */
final class TrainingRun {

  private static final Logger LOG = LoggerFactory.getLogger(GradientDescent.class);

  private final BatchObjective objective;
  private final StepRule stepRule;
  private final ModelAveraging averaging;
  private final GradientDescent.Settings settings;
  private final TrainingData data;
  private final Supervision supervision;
  private final Checkpointer checkpointer;
  private final SparkContext sc;
  private final StepGradients gradients;
  /**
   * Whether driver work between epochs may run Spark jobs (validation, listeners), which a
   * barrier stage holding the task slots would keep waiting.
   */
  private final boolean betweenEpochsRunsJobs;
  private final BatchPlanner planner;
  private final StepPlan everyRow;
  private final int stepsPerEpoch;
  /** Whether epochs record the running objective (with one step per epoch it saves nothing). */
  private final boolean running;
  private final Validation validation;
  private final EarlyStopping earlyStopping;
  private final ConvergenceCheck convergence;
  private final StopRule stopRule;
  private final ProgressLog progress;
  private final DivergenceCheck divergence;
  private final List<EpochReport> epochs;
  private final List<Double> history = new ArrayList<>();
  /** The passes of a full-batch optimizer's iteration, or null for step-by-step optimizers. */
  private final EvaluatedPoints evaluated;

  private double[] theta;
  private final OptimizerState state;
  private long steps;
  /** The gradient of the next epoch's first step at theta, when a pass already gave it. */
  private BatchGradient firstStep;
  private StopReason reason;
  private String stopMessage;
  /**
   * The parameters, and their epoch, from before the epochs that have ended above the initial
   * objective in a row, or null when the last epoch did not (or the run resumed inside them).
   */
  private double[] beforeAboveStart;
  private int beforeAboveStartEpoch = -1;
  /** The epoch whose parameters the run keeps after a divergence, or -1 for the last. */
  private int keptEpoch = -1;
  /** Why a full-batch optimizer found the last epoch's parameters converged, or null. */
  private String optimizerConverged;

  /** What an epoch's steps did: the steps planned and applied, and a divergence, if any. */
  private record Steps(int planned, int applied, String problem, RunningObjective running) {}

  TrainingRun(BatchObjective objective, StepRule stepRule, ModelAveraging averaging,
      GradientDescent.Settings settings, TrainingData data, Supervision supervision,
      Checkpointer checkpointer, TrainingState start, StepGradients gradients) {
    this.objective = objective;
    this.stepRule = stepRule;
    this.averaging = averaging;
    this.settings = settings;
    this.data = data;
    this.supervision = supervision;
    this.checkpointer = checkpointer;
    JavaRDD<RowBlock> blocks = data.blocks();
    this.sc = blocks.context();
    this.gradients = gradients;
    this.betweenEpochsRunsJobs =
        supervision.validation() != null || !supervision.listeners().isEmpty();
    this.planner = new BatchPlanner(
        data.blockRows(), settings.batchSize(), settings.shuffle(), settings.seed());
    this.everyRow = StepPlan.everyRow(data.blockRows());
    this.stepsPerEpoch = planner.stepsPerEpoch();
    this.evaluated = stepRule.fullBatch() ? new EvaluatedPoints() : null;
    if (evaluated != null) {
      requireFullBatch(stepRule.optimizer().name(), data.numRows());
    }
    this.running = settings.epochObjective() == EpochObjective.RUNNING && stepsPerEpoch > 1;
    this.validation = supervision.validation();
    this.earlyStopping = new EarlyStopping(supervision.earlyStoppingPatience(),
        supervision.earlyStoppingMinDelta(), validation != null && validation.largerIsBetter());
    this.convergence = ConvergenceCheck.maxEpochs(settings.maxEpochs())
        .or(ConvergenceCheck.relativeObjectiveChange(settings.tol()));
    this.stopRule = StopRule.listeners(supervision.listeners())
        .or(StopRule.earlyStopping(earlyStopping))
        .or(StopRule.objective(convergence));
    this.progress = new ProgressLog(settings.label());
    this.epochs = new ArrayList<>(start.epochs());
    epochs.forEach(report -> history.add(report.objective()));
    earlyStopping.restore(start.earlyStopping());
    this.theta = start.parameters().clone();
    this.state = start.optimizerState();
    this.steps = start.steps();
    begin(start.completedEpochs());
    this.divergence = new DivergenceCheck(history, supervision.divergenceFactor(),
        supervision.divergencePatience());
  }

  /**
   * A full-batch optimizer needs the same objective at every evaluation: every row, no dropout,
   * the driver's parameters.
   */
  private void requireFullBatch(String optimizer, long rows) {
    if (stepsPerEpoch > 1) {
      throw new IllegalArgumentException("optimizer '" + optimizer + "' evaluates the objective"
          + " over every training row, but batchSize (" + settings.batchSize() + ") splits the "
          + rows + " rows into " + stepsPerEpoch + " mini-batches: unset batchSize, or raise it"
          + " to at least " + rows);
    }
    if (objective.stochastic()) {
      throw new IllegalArgumentException("optimizer '" + optimizer + "' needs the same objective"
          + " at every point it evaluates, which dropout makes random: set dropout 0, or choose"
          + " another optimizer");
    }
  }

  /**
   * Epoch 0, or the objective pass a resumed run needs: evaluates the starting parameters and,
   * when the run is fresh, records them as epoch 0.
   */
  private void begin(int resumedAfter) {
    if (resumedAfter > settings.maxEpochs()) {
      throw new IllegalArgumentException("the checkpoint to resume from has completed "
          + resumedAfter + " epochs, more than maxIter (" + settings.maxEpochs() + "): raise"
          + " maxIter to continue that run, or unset resumeFrom to start afresh");
    }
    long started = System.nanoTime();
    BatchGradient atStart = null;
    if (!running) {
      sc.setJobDescription(settings.label() + " epoch " + Math.max(0, resumedAfter) + "/"
          + settings.maxEpochs() + " objective");
      atStart = passOverEveryRow();
      firstStep = reusableAsStep(atStart);
    } else if (resumedAfter < 0) {
      // Synchronous: this is also epoch 1's first step. Model averaging cannot reuse it.
      sc.setJobDescription(averaging == null ? description(1, 1)
          : settings.label() + " epoch 0/" + settings.maxEpochs()
              + " objective on the first mini-batch");
      BatchGradient first = gradients.compute(theta, planner.epoch(1).next(), true,
          Seeds.mix(settings.seed(), 1, 1));
      firstStep = averaging == null ? first : null;
      atStart = first.weightSum() > 0 ? first : gradients.compute(theta, everyRow);
    }
    if (resumedAfter >= 0) {
      // A running objective is the mean of an epoch's mini-batches at moving parameters, which
      // no pass reproduces: only an exact one can be checked against the checkpoint's.
      if (!running) {
        checkpointer.checkResumedObjective(objective(atStart, theta));
      }
      reason = convergence.check(history);
      return;
    }
    double initial = objective(atStart, theta);
    if (!Double.isFinite(initial)) {
      throw new ArithmeticException("the objective at the initial parameters is " + initial
          + ": labels, weights or features are too large for loss '" + objective.lossName()
          + "'; rescale them");
    }
    epochs.add(report(0, initial, atStart.meanGradient(), Double.NaN, 0, started));
    history.add(initial);
    earlyStopping.observe(0, epochs.get(0).validationMetric(), theta);
    reason = settings.maxEpochs() == 0 ? StopReason.MAX_EPOCHS : null;
  }

  boolean stopped() {
    return reason != null;
  }

  /** Runs the next epoch: its steps, its objective, then divergence or its report and rules. */
  void nextEpoch() {
    int epoch = epochs.size();
    long started = System.nanoTime();
    double lr = settings.schedule().learningRate(epoch - 1);
    // Zero is allowed, as in PyTorch: cosine with minLearningRate 0 reaches it at epoch T.
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException(String.format(
          "the learning-rate schedule gave %s for epoch %d; it must be non-negative and"
              + " finite", lr, epoch));
    }
    double[] epochStart = theta.clone();
    Steps done = averaging != null ? averagedSteps(epoch, lr)
        : evaluated != null ? fullBatchIteration(epoch, lr)
        : synchronousSteps(epoch, lr);
    String problem = done.problem();
    double objectiveValue = Double.NaN;
    double[] gradient = null;
    if (problem == null) {
      if (running) {
        objectiveValue = done.running().objective();
        gradient = done.running().meanGradient();
      } else {
        sc.setJobDescription(settings.label() + " epoch " + epoch + "/" + settings.maxEpochs()
            + " objective");
        BatchGradient atEnd = passOverEveryRow();
        objectiveValue = objective(atEnd, theta);
        gradient = atEnd.meanGradient();
        firstStep = reusableAsStep(atEnd);
      }
      problem = divergence.objective(objectiveValue);
      if (divergence.epochsAbove() == 0) {
        beforeAboveStart = null;
      } else if (divergence.epochsAbove() == 1) {
        beforeAboveStart = epochStart;
        beforeAboveStartEpoch = epoch - 1;
      }
    }
    if (problem != null) {
      diverged(epoch, done.planned(), lr, problem, epochStart);
      return;
    }
    EpochReport report = report(epoch, objectiveValue, gradient, lr, done.applied(), started);
    epochs.add(report);
    history.add(objectiveValue);
    settings.schedule().observe(objectiveValue);
    LOG.info(progress.line(report));
    reason = stopRule.afterEpoch(report, theta, history);
    if (reason == null && optimizerConverged != null) {
      reason = StopReason.CONVERGED;
      stopMessage = stepRule.optimizer().name() + " converged: " + optimizerConverged;
    }
    double[] parameters = theta;
    long stepsSoFar = steps;
    checkpointer.epochEnded(epoch, reason != null, () -> new TrainingState(parameters,
        state, epochs, stepsSoFar, settings.schedule().state(), earlyStopping.state()));
  }

  /** One Spark job per step, each step's rule applied on the driver. */
  private Steps synchronousSteps(int epoch, double lr) {
    BatchGradient precomputed = firstStep;
    firstStep = null;
    RunningObjective runningSum = new RunningObjective();
    String problem = null;
    int step = 0;
    int applied = 0;
    for (Iterator<StepPlan> plans = planner.epoch(epoch); plans.hasNext() && problem == null; ) {
      step++;
      sc.setJobDescription(description(epoch, step));
      StepPlan plan = plans.next();
      BatchGradient batch = step == 1 && precomputed != null
          ? precomputed
          : gradients.compute(theta, plan, true, Seeds.mix(settings.seed(), epoch, step));
      if (batch.weightSum() == 0) {
        continue;
      }
      if (running) {
        runningSum.add(batch, stepRule.penalty(theta));
      }
      StepRule.Outcome outcome = stepRule.apply(theta, batch.meanGradient(), lr, state);
      problem = outcome.problem();
      if (outcome.applied()) {
        applied++;
        steps++;
      }
    }
    return new Steps(step, applied, problem, runningSum);
  }

  /**
   * One iteration of a full-batch optimizer, which runs a pass over every row (one Spark job) at
   * each point its line search tries.
   */
  private Steps fullBatchIteration(int epoch, double lr) {
    firstStep = null;
    int[] evaluations = {0};
    StepRule.Iteration iteration = stepRule.iterate(theta, point -> evaluated.at(point, () -> {
      evaluations[0]++;
      sc.setJobDescription(settings.label() + " epoch " + epoch + "/" + settings.maxEpochs()
          + " evaluation " + evaluations[0]);
      return gradients.compute(point, everyRow);
    }), lr, state);
    steps++;
    optimizerConverged = iteration.converged();
    return new Steps(1, 1, iteration.problem(), null);
  }

  /**
   * The sums over every training row at theta: one Spark job, or none when a full-batch
   * optimizer's iteration has just evaluated theta; that pass then stays kept for the next.
   */
  private BatchGradient passOverEveryRow() {
    if (evaluated == null) {
      return gradients.compute(theta, everyRow);
    }
    BatchGradient sums = evaluated.at(theta, () -> gradients.compute(theta, everyRow));
    evaluated.keepOnly(theta, sums);
    return sums;
  }

  /** The epoch's steps taken by the partitions, averaged every {@code localSteps}. */
  private Steps averagedSteps(int epoch, double lr) {
    firstStep = null;
    RunningObjective runningSum = new RunningObjective();
    EpochTotals totals = averaging.epoch(data.blocks(), objective, planner.epoch(epoch), lr,
        theta, state, last -> description(epoch, last),
        stepInEpoch -> Seeds.mix(settings.seed(), epoch, stepInEpoch));
    runningSum.add(totals);
    steps += totals.steps();
    return new Steps(stepsPerEpoch, totals.steps(),
        DivergenceCheck.nonFinite(theta, "parameters"), runningSum);
  }

  /** Stops the run after a divergence in {@code epoch}, keeping the parameters it started from. */
  private void diverged(int epoch, int step, double lr, String problem, double[] epochStart) {
    theta = epochStart;
    keptEpoch = epoch - 1;
    if (divergence.epochsAbove() > 1 && beforeAboveStart != null) {
      // Diverged by staying above the start: keep the epoch before that began.
      theta = beforeAboveStart;
      keptEpoch = beforeAboveStartEpoch;
    }
    reason = StopReason.DIVERGENCE;
    stopMessage = String.format(Locale.ROOT, "training diverged: %s at epoch %d, step %d"
            + " with learning rate %s (optimizer %s); the model keeps the parameters after"
            + " epoch %d. Lower learningRate, standardize the features or clip the"
            + " gradient (clipGradNorm)", problem, epoch, step, lr, stepRule.optimizer().name(),
        keptEpoch);
    LOG.warn(settings.label() + ": " + stopMessage);
  }

  /** The parameters to keep and the run's record, once {@link #stopped}. */
  TrainingResult result() {
    int returned = keptEpoch >= 0 ? keptEpoch : epochs.size() - 1;
    double[] kept = theta;
    String message = stopMessage;
    if (reason == StopReason.EARLY_STOPPING) {
      returned = earlyStopping.bestEpoch();
      kept = earlyStopping.bestParameters();
      message = String.format(Locale.ROOT, "early stopping: validation %s did not improve by"
              + " more than %s for %d epochs; the model keeps the parameters of epoch %d",
          validation.metricName(), supervision.earlyStoppingMinDelta(),
          supervision.earlyStoppingPatience(), returned);
    } else if (keptEpoch < 0) {
      // The model of the last iterate: ASGD's is its running average.
      kept = stepRule.optimizer().modelParameters(theta, state);
    }
    if (message == null) {
      message = switch (reason) {
        case MAX_EPOCHS -> "reached maxIter (" + settings.maxEpochs() + " epochs)"
            + notConverged();
        case CONVERGED -> "the objective changed by at most tol (" + settings.tol()
            + ") relative to its size";
        case LISTENER -> "a training listener asked to stop after epoch " + returned;
        default -> throw new IllegalStateException("unexpected stop reason " + reason);
      };
    }
    return new TrainingResult(kept, epochs, steps, reason, returned, message);
  }

  /**
   * After {@code maxIter} epochs: empty when the last epoch changed the objective by at most
   * tol relative to its size (or there was no epoch), else a warning, also logged, that the run
   * stopped before converging and what to raise, so that an under-trained model never passes
   * for a converged one.
   */
  private String notConverged() {
    int n = history.size();
    if (n < 2 || settings.tol() <= 0) {
      return "";
    }
    if (ConvergenceCheck.relativeObjectiveChange(settings.tol()).check(history) != null) {
      return "";
    }
    double previous = history.get(n - 2);
    double last = history.get(n - 1);
    double change = Math.abs(previous - last) / ConvergenceCheck.scale(previous, last);
    // Rising somewhere in the last epochs means noise, not slow progress, is what is left.
    boolean fluctuates = false;
    for (int e = Math.max(1, n - 5); e < n; e++) {
      fluctuates |= history.get(e) > history.get(e - 1);
    }
    String warning = String.format(Locale.ROOT, " before converging: the last epoch still changed"
        + " the objective by %.3g relative to its size, above tol (%s); %s", change,
        settings.tol(), fluctuates
            ? "it goes up and down between epochs, so lower learningRate, raise batchSize or"
                + " use a decaying lrSchedule"
            : stepRule.fullBatch() ? "it still falls, so raise maxIter"
            : "it still falls, so raise maxIter or learningRate, or use optimizer lbfgs, which"
                + " converges in far fewer epochs on data a full batch can cover");
    LOG.warn(settings.label() + ": stopped at maxIter (" + settings.maxEpochs() + " epochs)"
        + warning);
    return warning;
  }

  /** The objective (weighted mean loss plus penalty) of {@code pass}'s rows at theta. */
  private double objective(BatchGradient pass, double[] theta) {
    return pass.lossSum() / pass.weightSum() + stepRule.penalty(theta);
  }

  /**
   * {@code pass} over every row, if it can serve as the next epoch's only step (full batch, no
   * dropout, synchronous), else null.
   */
  private BatchGradient reusableAsStep(BatchGradient pass) {
    return stepsPerEpoch == 1 && averaging == null && !objective.stochastic() ? pass : null;
  }

  /**
   * The report of an epoch ending at theta, where {@code gradient} is the mean data-term
   * gradient that goes with its objective (see {@link EpochReport#layerGradientNorms()}), or null
   * when there is none (NaN norms); it comes from the steps or the objective pass, so the
   * per-layer norms cost no extra Spark job.
   */
  private EpochReport report(int epoch, double objectiveValue, double[] gradient, double lr,
      int stepsTaken, long started) {
    if (betweenEpochsRunsJobs) {
      gradients.release();
    }
    Validation.Score score = validation == null ? null : validation.score(theta);
    double seconds = (System.nanoTime() - started) / 1e9;
    int[] layers = objective.layerStarts();
    double[] gradientNorms;
    if (gradient != null) {
      gradientNorms = layerNorms(gradient, layers);
    } else {
      gradientNorms = new double[layers.length];
      Arrays.fill(gradientNorms, Double.NaN);
    }
    return new EpochReport(epoch, settings.maxEpochs(), objectiveValue,
        score == null ? Double.NaN : score.objective(),
        validation == null ? null : validation.metricName(),
        score == null ? Double.NaN : score.metric(), lr, stepsTaken, seconds,
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

  private String description(int epoch, int step) {
    return settings.label() + " epoch " + epoch + "/" + settings.maxEpochs() + " step " + step
        + "/" + stepsPerEpoch;
  }
}
