package dev.descent.benchmarks;

import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.engine.BatchGradient;
import dev.descent.spark.ml.engine.BatchPlanner;
import dev.descent.spark.ml.engine.GradientJob;
import dev.descent.spark.ml.engine.ParameterLayout;
import dev.descent.spark.ml.engine.Regularization;
import dev.descent.spark.ml.loss.LogLoss;

/**
 * The objective every method is scored by, the one {@code LogisticRegression} minimises with
 * {@code standardization=true}: mean log loss plus {@code regParam / 2} times the squared norm of
 * the coefficients of the standardized features (intercept not penalised). Evaluated exactly, in
 * one full pass over the cached training blocks (standardized, virtually centered), for a model
 * given on the original feature scale.
 */
final class Objective {

  private final TrainingData data;
  private final ParameterLayout layout;
  private final Regularization regularization;
  private final double[] centers;
  private final GradientJob job;
  private final BatchPlanner fullBatch;

  Objective(TrainingData data, double regParam) {
    this.data = data;
    this.layout = new ParameterLayout(data.numFeatures(), 1, true);
    this.regularization = new Regularization(regParam, 0.0, data.numFeatures());
    this.centers = data.featureStd() == null ? null : data.trainingMean();
    // The stages' default depth, MLlib's too.
    this.job =
        new GradientJob(data.blocks(), new LogLoss(), layout, data.featureScale(), centers, 2);
    this.fullBatch = new BatchPlanner(data.blockRows(), Long.MAX_VALUE, false, 0);
  }

  /** The objective of the model margin = coefficients . x + intercept. */
  double at(double[] coefficients, double intercept) {
    double[] std = data.featureStd();
    double[] theta = new double[layout.size()];
    double shift = 0.0;
    for (int j = 0; j < coefficients.length; j++) {
      theta[j] = std == null ? coefficients[j] : coefficients[j] * std[j];
      shift += centers == null ? 0.0 : theta[j] * centers[j];
    }
    theta[coefficients.length] = intercept + shift;
    BatchGradient batch = job.compute(theta, fullBatch.epoch(1).next());
    return batch.lossSum() / batch.weightSum() + regularization.penalty(theta);
  }
}
