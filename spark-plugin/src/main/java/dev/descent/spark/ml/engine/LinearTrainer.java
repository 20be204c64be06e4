package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.TrainingSummary;
import dev.descent.spark.ml.checkpoint.FileCheckpointer;
import dev.descent.spark.ml.checkpoint.RunFingerprint;
import dev.descent.spark.ml.data.InputSpec;
import dev.descent.spark.ml.data.LabelRule;
import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.data.ValidationData;
import dev.descent.spark.ml.loss.ClassificationLoss;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.loss.SoftmaxLoss;
import dev.descent.spark.ml.optim.Hyperparameters;
import dev.descent.spark.ml.optim.Optimizer;
import dev.descent.spark.ml.optim.Optimizers;
import dev.descent.spark.ml.param.GradientDescentParams;
import dev.descent.spark.ml.schedule.LearningRateSchedule;
import dev.descent.spark.ml.schedule.ScheduleParameters;
import dev.descent.spark.ml.schedule.Schedules;
import dev.descent.spark.ml.util.LinearModelData;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits a linear model (one coefficient vector and intercept per output) for any stage with
 * {@link GradientDescentParams}: validates and caches the data, trains in the standardized space,
 * and maps the result back to the original feature scale.
 */
public final class LinearTrainer {

  /**
   * A fitted linear model on the original feature scale: outputs x features, and intercepts; with
   * the training summary, each feature's standard deviation over the training rows and the
   * training rows themselves (validation rows excluded) once the fit is done, null while
   * training runs.
   */
  public record Fit(DenseMatrix coefficients, DenseVector intercepts, Loss loss,
      TrainingSummary summary, double[] featureStd, Dataset<Row> trainingRows) {}

  private LinearTrainer() {}

  /**
   * Fits {@code stage}'s model on {@code dataset}.
   *
   * @param labels the labels the stage accepts
   * @param lossFor the loss, chosen once the data has been read (it may depend on the labels seen)
   * @param initialModel a model to start from (a warm start), or null to start from zeros
   * @param label a name for log lines and Spark UI job descriptions
   * @param hooks the validation metric and the listeners
   */
  public static Fit fit(GradientDescentParams stage, Dataset<?> dataset, LabelRule labels,
      Function<TrainingData, Loss> lossFor, LinearModelData initialModel, String label,
      TrainingHooks<Fit> hooks) {
    if (initialModel != null && stage.resumeFromOrNull() != null) {
      throw new IllegalArgumentException("set either initialModel or resumeFrom, not both: a"
          + " resumed run continues from its checkpoint's parameters");
    }
    // Build the optimizer and schedule first: a bad hyperparameter fails before any data is read.
    Optimizers.create(stage.getOptimizer(), hyperparameters(stage));
    schedule(stage);
    int intercept = stage.getFitIntercept() ? 1 : 0;
    try (FitData data = FitData.load(stage, dataset, labels, lossFor,
        features -> (long) features + intercept)) {
      return train(stage, data.training(), data.loss(), label, hooks, data, initialModel);
    }
  }

  /** What {@code stage} reads from its DataFrame, for {@link TrainingData#load}. */
  public static InputSpec inputSpec(GradientDescentParams stage, LabelRule labels) {
    return new InputSpec(stage.getLabelCol(), stage.weightColOrNull(), stage.getFeaturesCol(),
        labels, "skip".equals(stage.getHandleInvalid()), stage.getStandardization(),
        stage.getMaxBlockSizeInMB(), stage.getAggregationDepth());
  }

  /**
   * Trains {@code stage}'s model on data already loaded with {@link #inputSpec}, which the caller
   * keeps and closes, without validation rows or listeners: a benchmark or a search over
   * hyperparameters can reuse the data across fits. The fit has no training rows.
   */
  public static Fit train(GradientDescentParams stage, TrainingData data, Loss loss,
      String label) {
    return train(stage, data, loss, label, TrainingHooks.none(), null, null);
  }

  /** @param fitData the data of a stage's fit (validation rows, training rows), or null */
  private static Fit train(GradientDescentParams stage, TrainingData data, Loss loss,
      String label, TrainingHooks<Fit> hooks, FitData fitData, LinearModelData initialModel) {
    Optimizer optimizer = Optimizers.create(stage.getOptimizer(), hyperparameters(stage));
    GradientDescent.Settings settings = new GradientDescent.Settings(stage.getMaxIter(),
        stage.getTol(), stage.getBatchSize(), stage.getShuffle(), stage.getSeed(),
        schedule(stage),
        new GradientClipping(stage.getClipGradNorm(), stage.getClipGradValue()),
        EpochObjective.named(stage.getEpochObjective()), stage.getAggregationDepth(), label);
    MetricEvaluator<Fit> metric = hooks.metricFor().apply(loss);
    ParameterLayout layout =
        new ParameterLayout(data.numFeatures(), loss.numOutputs(), stage.getFitIntercept());
    DriverMemory.check(data.blocks().context(), stage, layout.size(), data.numFeatures(),
        data.blocks().getNumPartitions());
    Regularization regularization = new Regularization(
        stage.getRegParam(), stage.getElasticNetParam(), layout.numCoefficients());
    // Center (virtually) whenever features are standardized and an intercept can absorb it.
    double[] centers = stage.getStandardization() && stage.getFitIntercept()
        ? data.trainingMean()
        : null;
    Function<double[], Fit> toFit = theta -> originalScale(theta, layout, data.featureStd(),
        centers, loss, stage.getRegParam() == 0, null, null, null);
    ValidationData validationData = fitData == null ? null : fitData.validation();
    Validation validation = validationData == null ? null : new HeldOutValidation<>(
        validationData, metric, toFit, LinearTrainer::margins, loss, regularization,
        stage.getAggregationDepth());
    Supervision supervision = new Supervision(validation, stage.getEarlyStoppingPatience(),
        stage.getEarlyStoppingMinDelta(), stage.getDivergenceFactor(), hooks.listeners());
    double[] warmStart = initialModel == null ? null : WarmStart.trainingParameters(initialModel,
        loss instanceof ClassificationLoss c ? c.numClasses() : 0, layout, data.featureStd(),
        centers);
    TrainingResult result = new GradientDescent(loss, layout, regularization, optimizer,
        settings, data.featureScale(), centers, stage.getLocalSteps())
        .run(data, warmStart, supervision, checkpointer(stage, data, layout));
    TrainingSummary summary = fitData != null
        ? fitData.summary(result)
        : new TrainingSummary(result.epochs(), result.steps(), result.stopReason(),
            result.stopMessage(), result.bestEpoch(), data.numRows(), 0, data.numSkipped());
    return originalScale(result.parameters(), layout, data.featureStd(), centers, loss,
        stage.getRegParam() == 0, summary, data.inputStd(),
        fitData == null ? null : fitData.trainingRows());
  }

  /** A linear fit's margins: coefficients times features plus intercepts. */
  private static HeldOutValidation.Margins margins(Fit fit) {
    DenseMatrix coefficients = fit.coefficients();
    double[] intercepts = fit.intercepts().values();
    return features -> {
      double[] margins = coefficients.multiply(features).values();
      for (int k = 0; k < margins.length; k++) {
        margins[k] += intercepts[k];
      }
      return margins;
    };
  }

  /** Writes and resumes checkpoints as {@code stage}'s params say. */
  private static Checkpointer checkpointer(GradientDescentParams stage, TrainingData data,
      ParameterLayout layout) {
    if (stage.checkpointDirOrNull() == null && stage.resumeFromOrNull() == null) {
      return Checkpointer.none();
    }
    String dataLayout = data.blockRows().length + " partitions, block rows hash "
        + Integer.toHexString(Arrays.deepHashCode(data.blockRows()));
    return new FileCheckpointer(data.blocks().context().hadoopConfiguration(),
        stage.checkpointDirOrNull(), stage.getCheckpointInterval(), stage.resumeFromOrNull(),
        RunFingerprint.of(stage, data.numRows(), data.numFeatures(), layout.numOutputs()),
        dataLayout);
  }

  /** A fresh learning-rate schedule, with warmup, from {@code stage}'s params. */
  public static LearningRateSchedule schedule(GradientDescentParams stage) {
    ScheduleParameters parameters = new ScheduleParameters(stage.getLearningRate(),
        stage.getLrGamma(), stage.getLrStepSize(), stage.getLrMilestones(),
        stage.getCosineEpochs(), stage.getMinLearningRate(), stage.getPowerT(),
        stage.getPlateauFactor(), stage.getPlateauPatience(), stage.getPlateauThreshold(),
        stage.getPlateauCooldown());
    return Schedules.create(stage.getLrSchedule(), parameters, stage.getWarmupEpochs(),
        stage.getWarmupStartFactor());
  }

  /** The optimizer hyperparameters set on {@code stage}. */
  public static Hyperparameters hyperparameters(GradientDescentParams stage) {
    return new Hyperparameters(stage.getMomentum(), stage.getDampening(), stage.getNesterov(),
        stage.getBeta1(), stage.getBeta2(), optional(stage.getEpsilon()), stage.getAmsgrad(),
        stage.getWeightDecay(), optional(stage.getRho()), stage.getCentered(),
        stage.getInitialAccumulatorValue(), stage.getLrDecay(), stage.getMomentumDecay());
  }

  private static OptionalDouble optional(double value) {
    return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /**
   * Training saw feature j as x_j / std_j, so its coefficient on the original scale is
   * beta_j / std_j; a constant feature (std 0) was zeroed and gets coefficient 0. With centering
   * the training margin was beta . (x / std - centers) + b, so the intercept on the original
   * scale is b - beta . centers.
   */
  private static Fit originalScale(double[] theta, ParameterLayout layout, double[] std,
      double[] centers, Loss loss, boolean unpenalized, TrainingSummary summary,
      double[] featureStd, Dataset<Row> trainingRows) {
    int d = layout.numFeatures();
    int outputs = layout.numOutputs();
    double[] coefficients = new double[layout.numCoefficients()];
    double[] intercepts = new double[outputs];
    for (int k = 0; k < outputs; k++) {
      for (int j = 0; j < d; j++) {
        double beta = theta[layout.coefficientOffset(k) + j];
        coefficients[k * d + j] = std == null ? beta : (std[j] > 0 ? beta / std[j] : 0.0);
      }
      intercepts[k] = layout.intercept(theta, k);
      for (int j = 0; centers != null && j < d; j++) {
        intercepts[k] -= theta[layout.coefficientOffset(k) + j] * centers[j];
      }
    }
    if (loss instanceof SoftmaxLoss) {
      // Softmax is unchanged by adding a constant to every class's intercept (or, without any
      // penalty, to every class's coefficient of a feature); report the centered solution, as
      // MLlib's multinomial LogisticRegression does.
      center(intercepts, 1, outputs, 0);
      if (unpenalized) {
        for (int j = 0; j < d; j++) {
          center(coefficients, d, outputs, j);
        }
      }
    }
    return new Fit(new DenseMatrix(outputs, d, coefficients, true), new DenseVector(intercepts),
        loss, summary, featureStd, trainingRows);
  }

  /** Subtracts the mean of values[offset + k * stride] over k < count from each of them. */
  private static void center(double[] values, int stride, int count, int offset) {
    double mean = 0.0;
    for (int k = 0; k < count; k++) {
      mean += values[offset + k * stride] / count;
    }
    for (int k = 0; k < count; k++) {
      values[offset + k * stride] -= mean;
    }
  }
}
