package dev.descent.spark.ml.fit;

import dev.descent.spark.ml.engine.BatchObjective;
import dev.descent.spark.ml.engine.DriverMemory;
import dev.descent.spark.ml.engine.GradientDescent;
import dev.descent.spark.ml.engine.Regularization;
import dev.descent.spark.ml.engine.StepRule;
import dev.descent.spark.ml.optim.FullBatchOptimizer;
import dev.descent.spark.ml.optim.Optimizer;
import dev.descent.spark.ml.param.GradientDescentParams;
import dev.descent.spark.ml.param.OptimizerChoice;
import dev.descent.spark.ml.training.EpochObjective;
import dev.descent.spark.ml.training.Synchronization;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a stage's params into a run, for linear and network stages alike:
 * the loop's settings, the step rule (penalty, clipping, optimizer) and the driver-memory check.
 * Each param group builds its own engine object; this assembles them. Creating it builds the
 * optimizer and the schedule once, so that a bad hyperparameter fails before any data is read.
 */
final class TrainingSetup {

  private static final Logger LOG = LoggerFactory.getLogger(GradientDescent.class);

  /** The stage's params; with optimizer "auto", a copy naming adam if lbfgs does not fit. */
  private GradientDescentParams stage;
  /** Whether the stage's optimizer evaluates the objective itself, over every row. */
  private boolean fullBatch;

  TrainingSetup(GradientDescentParams stage) {
    requireFinite(stage);
    Optimizer optimizer = stage.newOptimizer();
    String choice = stage.optimizerChoice().reason();
    if (!choice.isEmpty()) {
      LOG.info(choice);
    }
    stage.newSchedule();
    if (stage.getRegParam() * stage.getElasticNetParam() > 0 && !optimizer.supportsL1()) {
      throw new IllegalArgumentException("optimizer '" + optimizer.name() + "' has no proximal"
          + " step, so it cannot fit an L1 penalty (regParam " + stage.getRegParam()
          + ", elasticNetParam " + stage.getElasticNetParam() + "): set elasticNetParam 0 or"
          + " choose another optimizer");
    }
    this.fullBatch = optimizer instanceof FullBatchOptimizer;
    if (fullBatch) {
      requireDriverSteps(stage, optimizer.name());
    }
    this.stage = stage;
  }

  /**
   * A full-batch optimizer iterates on the driver over exact gradients: local steps on the
   * partitions, or a clipped gradient, would break its line search.
   */
  private static void requireDriverSteps(GradientDescentParams stage, String optimizer) {
    if (stage.getLocalSteps() > 1) {
      throw new IllegalArgumentException("optimizer '" + optimizer + "' iterates on the driver"
          + " over the full batch; localSteps (" + stage.getLocalSteps() + ") must be 1");
    }
    if (stage.gradientClipping().isActive()) {
      throw new IllegalArgumentException("optimizer '" + optimizer + "' takes its steps by line"
          + " search, which a clipped gradient would mislead: unset clipGradNorm and"
          + " clipGradValue");
    }
  }

  /**
   * The rows per step: batchSize, or every row for a full-batch optimizer when batchSize is
   * not set (set below the row count, the run refuses it).
   */
  private long batchSize() {
    return fullBatch && !stage.isSet(stage.batchSize())
        ? Long.MAX_VALUE
        : stage.getBatchSize();
  }

  /**
   * Spark's validators of a bound ({@code regParam >= 0}) let infinity through, which would
   * fail later and be blamed on the data: every number param must be finite.
   */
  private static void requireFinite(GradientDescentParams stage) {
    for (Param<?> param : stage.params()) {
      if (param instanceof DoubleParam && stage.isDefined(param)) {
        double value = (Double) stage.getOrDefault(param);
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException(param.name() + " must be a finite number, got "
              + value);
        }
      }
    }
  }

  GradientDescentParams stage() {
    return stage;
  }

  /**
   * A run of {@code objective} from {@code initial} with a fresh optimizer and schedule.
   *
   * @param regularization the penalty, on the coefficients or weights the model has
   * @param seed the seed of the run's batches and dropout
   * @param label a name for log lines and Spark UI job descriptions
   */
  GradientDescent gradientDescent(BatchObjective objective, double[] initial,
      Regularization regularization, long seed, String label) {
    GradientDescent.Settings settings = new GradientDescent.Settings(stage.getMaxIter(),
        stage.getTol(), batchSize(), stage.getShuffle(), seed, stage.newSchedule(),
        EpochObjective.named(stage.getEpochObjective()), stage.getAggregationDepth(),
        Synchronization.named(stage.getSynchronization()), label);
    StepRule stepRule =
        new StepRule(regularization, stage.gradientClipping(), stage.newOptimizer());
    return new GradientDescent(objective, initial, stepRule, settings, stage.getLocalSteps());
  }

  /**
   * Checks that the driver of {@code sc} can hold this fit (see {@link DriverMemory}), once the
   * width of the data is known and before its rows are cached.
   */
  void checkDriverMemory(SparkContext sc, long numParameters, int numFeatures, int partitions) {
    checkDriverMemory(sc.getConf(), Runtime.getRuntime().maxMemory(), numParameters, numFeatures,
        partitions);
  }

  /**
   * As above, for a driver of {@code conf} with a heap of {@code heap} bytes. With optimizer
   * "auto", a fit whose lbfgs history the driver cannot hold but adam's two moments it can turns
   * to adam, logged, so that the default never fails a fit the mini-batch rule would run.
   */
  void checkDriverMemory(SparkConf conf, long heap, long numParameters, int numFeatures,
      int partitions) {
    String problem = driverMemory(stage).problem(conf, heap, numParameters, numFeatures,
        partitions);
    if (problem == null) {
      return;
    }
    if (fullBatch && stage.getOptimizer().equals(OptimizerChoice.AUTO)) {
      GradientDescentParams adam = (GradientDescentParams) stage.copy(
          ParamMap.empty().put(stage.optimizer(), OptimizerChoice.MINI_BATCH));
      if (driverMemory(adam).problem(conf, heap, numParameters, numFeatures, partitions) == null) {
        LOG.info("optimizer 'auto' runs adam in mini-batches, as the driver cannot hold lbfgs's"
            + " history: " + problem);
        stage = adam;
        fullBatch = false;
        return;
      }
    }
    throw new IllegalArgumentException(problem);
  }

  private static DriverMemory driverMemory(GradientDescentParams stage) {
    return new DriverMemory(stage.newOptimizer(), stage.getLocalSteps(),
        stage.getAggregationDepth());
  }
}
