package dev.descent.spark.ml.fit;

import dev.descent.spark.ml.checkpoint.FileCheckpointer;
import dev.descent.spark.ml.checkpoint.RunFingerprint;
import dev.descent.spark.ml.data.LabelRule;
import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.data.ValidationData;
import dev.descent.spark.ml.engine.Checkpointer;
import dev.descent.spark.ml.engine.FeatureSpace;
import dev.descent.spark.ml.engine.HeldOutValidation;
import dev.descent.spark.ml.engine.LinearObjective;
import dev.descent.spark.ml.engine.ParameterLayout;
import dev.descent.spark.ml.engine.Regularization;
import dev.descent.spark.ml.engine.Supervision;
import dev.descent.spark.ml.engine.TrainingResult;
import dev.descent.spark.ml.engine.Validation;
import dev.descent.spark.ml.loss.ClassificationLoss;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.loss.SoftmaxLoss;
import dev.descent.spark.ml.param.LinearTrainingParams;
import dev.descent.spark.ml.training.MetricEvaluator;
import dev.descent.spark.ml.training.TrainingSummary;
import dev.descent.spark.ml.util.LinearModelData;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits a linear model (one coefficient vector and intercept per output) for any linear stage:
 * validates and caches the data, trains in the standardized {@link FeatureSpace}, and maps the
 * result back to the original feature scale.
 */
public final class LinearTrainer {

  /**
   * A fitted linear model on the original feature scale: outputs x features, and intercepts; with
   * the training summary, each input feature's standard deviation over the training rows and the
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
   * @param leastOutputs the fewest outputs the model can have (the declared classes of a label
   *     column's metadata), for the check of the driver's memory before the rows are read
   * @param lossFor the loss, chosen once the data has been read (it may depend on the labels seen)
   * @param initialModel a model to start from (a warm start), or null to start from zeros
   * @param label a name for log lines and Spark UI job descriptions
   * @param hooks the validation metric and the listeners
   */
  public static Fit fit(LinearTrainingParams stage, Dataset<?> dataset, LabelRule labels,
      int leastOutputs, Function<TrainingData, Loss> lossFor, LinearModelData initialModel,
      String label, TrainingHooks<Fit> hooks) {
    if (initialModel != null && stage.resumeFromOrNull() != null) {
      throw new IllegalArgumentException("set either initialModel or resumeFrom, not both: a"
          + " resumed run continues from its checkpoint's parameters");
    }
    TrainingSetup setup = new TrainingSetup(stage);
    int intercept = stage.getFitIntercept() ? 1 : 0;
    try (FitData data = FitData.load(setup, dataset, labels, lossFor,
        features -> ((long) features + intercept) * leastOutputs)) {
      return train(setup, stage, data.training(), data.loss(), label, hooks, data, initialModel);
    }
  }

  /**
   * Trains {@code stage}'s model on data already loaded with its {@code inputSpec}, which the
   * caller keeps and closes, without validation rows or listeners: a benchmark or a search over
   * hyperparameters can reuse the data across fits. The fit has no training rows.
   */
  public static Fit train(LinearTrainingParams stage, TrainingData data, Loss loss,
      String label) {
    return train(new TrainingSetup(stage), stage, data, loss, label, TrainingHooks.none(), null,
        null);
  }

  /** @param fitData the data of a stage's fit (validation rows, training rows), or null */
  private static Fit train(TrainingSetup setup, LinearTrainingParams stage, TrainingData data,
      Loss loss, String label, TrainingHooks<Fit> hooks, FitData fitData,
      LinearModelData initialModel) {
    MetricEvaluator<Fit> metric = hooks.metricFor().apply(loss);
    ParameterLayout layout =
        new ParameterLayout(data.numFeatures(), loss.numOutputs(), stage.getFitIntercept());
    setup.checkDriverMemory(data.blocks().context(), layout.size(), data.numFeatures(),
        data.blocks().getNumPartitions());
    Regularization regularization = stage.regularization(layout.numCoefficients());
    // Center (virtually) whenever features are standardized and an intercept can absorb it.
    FeatureSpace space =
        FeatureSpace.of(data, stage.getStandardization() && stage.getFitIntercept());
    boolean unpenalized = stage.getRegParam() == 0;
    Function<double[], Fit> toFit =
        theta -> fit(space.toOriginal(layout, theta), layout, loss, unpenalized, null, null, null);
    ValidationData validationData = fitData == null ? null : fitData.validation();
    Validation validation = validationData == null ? null : new HeldOutValidation<>(
        validationData, metric, toFit, LinearTrainer::margins, loss, regularization,
        stage.getAggregationDepth());
    Supervision supervision = stage.supervision(validation, hooks.listeners());
    double[] warmStart = initialModel == null ? null : warmStart(initialModel, loss, layout, space);
    TrainingResult result = setup.gradientDescent(new LinearObjective(loss, layout, space),
            new double[layout.size()], regularization, stage.getSeed(), label)
        .run(data, warmStart, supervision, checkpointer(stage, data, layout));
    TrainingSummary summary = fitData != null
        ? fitData.summary(result)
        : new TrainingSummary(result.epochs(), result.steps(), result.stopReason(),
            result.stopMessage(), result.bestEpoch(), data.numRows(), 0, data.numSkipped());
    return fit(space.toOriginal(layout, result.parameters()), layout, loss, unpenalized,
        summary, data.inputStd(), fitData == null ? null : fitData.trainingRows());
  }

  /** The training parameters of the warm-start model, which must match the fit's classes. */
  private static double[] warmStart(LinearModelData model, Loss loss, ParameterLayout layout,
      FeatureSpace space) {
    int numClasses = loss instanceof ClassificationLoss c ? c.numClasses() : 0;
    if (model.numClasses() != numClasses) {
      throw new IllegalArgumentException("initialModel has " + model.numClasses()
          + " classes but this fit has " + numClasses);
    }
    return space.fromOriginal(layout, model.coefficients(), model.intercepts());
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
  private static Checkpointer checkpointer(LinearTrainingParams stage, TrainingData data,
      ParameterLayout layout) {
    if (stage.checkpointDirOrNull() == null && stage.resumeFromOrNull() == null) {
      return Checkpointer.none();
    }
    String dataLayout = data.blockRows().length + " partitions, block rows hash "
        + Integer.toHexString(Arrays.deepHashCode(data.blockRows()));
    return new FileCheckpointer(data.blocks().context().hadoopConfiguration(),
        stage.checkpointDirOrNull(), stage.getCheckpointInterval(), stage.resumeFromOrNull(),
        RunFingerprint.of(stage, data.digest(), data.numFeatures(), layout.numOutputs()),
        dataLayout);
  }

  /**
   * The fit of an original-scale {@code model}. Softmax is unchanged by adding a constant to
   * every class's intercept (or, without any penalty, to every class's coefficient of a
   * feature); the fit reports the centered solution, as MLlib's multinomial LogisticRegression
   * does.
   */
  private static Fit fit(FeatureSpace.LinearModel model, ParameterLayout layout, Loss loss,
      boolean unpenalized, TrainingSummary summary, double[] featureStd,
      Dataset<Row> trainingRows) {
    int d = layout.numFeatures();
    int outputs = layout.numOutputs();
    double[] coefficients = model.coefficients();
    double[] intercepts = model.intercepts();
    if (loss instanceof SoftmaxLoss) {
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
