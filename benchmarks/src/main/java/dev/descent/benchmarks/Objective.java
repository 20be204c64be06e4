package dev.descent.benchmarks;

import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.engine.BatchGradient;
import dev.descent.spark.ml.engine.BatchPlanner;
import dev.descent.spark.ml.engine.FeatureSpace;
import dev.descent.spark.ml.engine.GradientJob;
import dev.descent.spark.ml.engine.LinearObjective;
import dev.descent.spark.ml.engine.ParameterLayout;
import dev.descent.spark.ml.engine.Regularization;
import dev.descent.spark.ml.loss.LogLoss;
import java.util.Arrays;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;

/**
 * The objective every method is scored by, the one {@code LogisticRegression} minimises with
 * {@code standardization=true}: mean log loss plus {@code regParam / 2} times the squared norm of
 * the coefficients of the standardized features (intercept not penalised). Evaluated exactly, in
 * one full pass over the cached training blocks (standardized, virtually centered), for a model
 * given on the original feature scale.
 */
final class Objective {

  private final ParameterLayout layout;
  private final Regularization regularization;
  private final FeatureSpace space;
  private final GradientJob job;
  private final BatchPlanner fullBatch;

  Objective(TrainingData data, double regParam) {
    this.layout = new ParameterLayout(data.numFeatures(), 1, true);
    this.regularization = new Regularization(regParam, 0.0, data.numFeatures());
    this.space = FeatureSpace.of(data, data.trainingStd() != null);
    // The stages' default depth, MLlib's too.
    this.job = new GradientJob(data.blocks(), new LinearObjective(new LogLoss(), layout, space),
        new LinearClassifier().getAggregationDepth());
    this.fullBatch = new BatchPlanner(data.blockRows(), Long.MAX_VALUE, false, 0);
  }

  /** The objective of the model margin = coefficients . x + intercept (NaN if not finite). */
  double at(double[] coefficients, double intercept) {
    if (!Arrays.stream(coefficients).allMatch(Double::isFinite) || !Double.isFinite(intercept)) {
      return Double.NaN;
    }
    double[] theta = space.fromOriginal(layout, new DenseMatrix(1, coefficients.length,
        coefficients), new DenseVector(new double[] {intercept}));
    BatchGradient batch = job.compute(theta, fullBatch.epoch(1).next());
    return batch.lossSum() / batch.weightSum() + regularization.penalty(theta);
  }
}
