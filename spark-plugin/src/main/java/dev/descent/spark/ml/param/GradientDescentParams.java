package dev.descent.spark.ml.param;

import dev.descent.spark.ml.optim.Optimizers;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params shared by every gradient-descent estimator and model, with getters. Spark finds
 * params by reflection over public no-argument methods returning {@code Param}, which includes
 * these default methods; the Param objects themselves live in the stage's {@link DescentParamSet}.
 */
public interface GradientDescentParams extends Params {

  /** This stage's param objects. */
  DescentParamSet descentParams();

  /** The label column, from Spark's {@code Predictor}. */
  String getLabelCol();

  /** The features column, from Spark's {@code Predictor}. */
  String getFeaturesCol();

  /** The weight column, or null when rows are unweighted. */
  default String weightColOrNull() {
    return isDefined(weightCol()) && !getWeightCol().isEmpty() ? getWeightCol() : null;
  }

  /** Weight column; unset or empty means weight 1.0 for every row. */
  default Param<String> weightCol() {
    return descentParams().weightCol;
  }

  default String getWeightCol() {
    return (String) getOrDefault(weightCol());
  }

  /** Maximum number of epochs. */
  default IntParam maxIter() {
    return descentParams().maxIter;
  }

  default int getMaxIter() {
    return (Integer) getOrDefault(maxIter());
  }

  /** Relative change of the epoch objective below which training stops. */
  default DoubleParam tol() {
    return descentParams().tol;
  }

  default double getTol() {
    return (Double) getOrDefault(tol());
  }

  /** Whether to fit an intercept. */
  default BooleanParam fitIntercept() {
    return descentParams().fitIntercept;
  }

  default boolean getFitIntercept() {
    return (Boolean) getOrDefault(fitIntercept());
  }

  /** Whether features are scaled to unit variance for training. */
  default BooleanParam standardization() {
    return descentParams().standardization;
  }

  default boolean getStandardization() {
    return (Boolean) getOrDefault(standardization());
  }

  /** Regularization strength. */
  default DoubleParam regParam() {
    return descentParams().regParam;
  }

  default double getRegParam() {
    return (Double) getOrDefault(regParam());
  }

  /** Elastic-net mixing: 0 is L2, 1 is L1. */
  default DoubleParam elasticNetParam() {
    return descentParams().elasticNetParam;
  }

  default double getElasticNetParam() {
    return (Double) getOrDefault(elasticNetParam());
  }

  /** Seed of the per-epoch shuffles. */
  default LongParam seed() {
    return descentParams().seed;
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  /** The depth of the tree partitions' sums are combined in (see {@code TreeAggregation}). */
  default IntParam aggregationDepth() {
    return descentParams().aggregationDepth;
  }

  default int getAggregationDepth() {
    return (Integer) getOrDefault(aggregationDepth());
  }

  /** 'error' or 'skip' for invalid rows. */
  default Param<String> handleInvalid() {
    return descentParams().handleInvalid;
  }

  default String getHandleInvalid() {
    return (String) getOrDefault(handleInvalid());
  }

  /** Target size of a cached block of rows, in MB. */
  default DoubleParam maxBlockSizeInMB() {
    return descentParams().maxBlockSizeInMB;
  }

  default double getMaxBlockSizeInMB() {
    return (Double) getOrDefault(maxBlockSizeInMB());
  }

  /** Name of the update rule. */
  default Param<String> optimizer() {
    return descentParams().optimizer;
  }

  default String getOptimizer() {
    return (String) getOrDefault(optimizer());
  }

  /** Step size; unset means the optimizer's default. */
  default DoubleParam learningRate() {
    return descentParams().learningRate;
  }

  /** The learning rate: the param's value if set, else the optimizer's default. */
  default double getLearningRate() {
    return isDefined(learningRate())
        ? (Double) getOrDefault(learningRate())
        : Optimizers.defaultLearningRate(getOptimizer());
  }

  /** Rows per optimizer step across the whole DataFrame. */
  default IntParam batchSize() {
    return descentParams().batchSize;
  }

  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  /** Whether rows are visited in a new random order every epoch. */
  default BooleanParam shuffle() {
    return descentParams().shuffle;
  }

  default boolean getShuffle() {
    return (Boolean) getOrDefault(shuffle());
  }

  /**
   * Mini-batch steps each partition takes on its own rows between synchronizations: 1 for
   * synchronous mini-batch gradient descent, more for model averaging.
   */
  default IntParam localSteps() {
    return descentParams().localSteps;
  }

  default int getLocalSteps() {
    return (Integer) getOrDefault(localSteps());
  }

  /**
   * What each epoch records as its objective: "exact" (a pass over all training rows at the
   * epoch's end) or "running" (the weighted mean of its mini-batches' objectives, no extra pass).
   */
  default Param<String> epochObjective() {
    return descentParams().epochObjective;
  }

  default String getEpochObjective() {
    return (String) getOrDefault(epochObjective());
  }

  /** Momentum factor of sgd and rmsprop. */
  default DoubleParam momentum() {
    return descentParams().momentum;
  }

  default double getMomentum() {
    return (Double) getOrDefault(momentum());
  }

  /** Dampening of sgd momentum. */
  default DoubleParam dampening() {
    return descentParams().dampening;
  }

  default double getDampening() {
    return (Double) getOrDefault(dampening());
  }

  /** Whether sgd uses Nesterov momentum. */
  default BooleanParam nesterov() {
    return descentParams().nesterov;
  }

  default boolean getNesterov() {
    return (Boolean) getOrDefault(nesterov());
  }

  /** First-moment decay of the Adam family. */
  default DoubleParam beta1() {
    return descentParams().beta1;
  }

  default double getBeta1() {
    return (Double) getOrDefault(beta1());
  }

  /** Second-moment decay of the Adam family. */
  default DoubleParam beta2() {
    return descentParams().beta2;
  }

  default double getBeta2() {
    return (Double) getOrDefault(beta2());
  }

  /** Denominator term for numerical stability; unset means the optimizer's default. */
  default DoubleParam epsilon() {
    return descentParams().epsilon;
  }

  /** The value if set, else NaN: the optimizer then uses its own PyTorch default. */
  default double getEpsilon() {
    return isDefined(epsilon()) ? (Double) getOrDefault(epsilon()) : Double.NaN;
  }

  /** Whether adam and adamw use AMSGrad. */
  default BooleanParam amsgrad() {
    return descentParams().amsgrad;
  }

  default boolean getAmsgrad() {
    return (Boolean) getOrDefault(amsgrad());
  }

  /** Decoupled weight decay of adamw. */
  default DoubleParam weightDecay() {
    return descentParams().weightDecay;
  }

  default double getWeightDecay() {
    return (Double) getOrDefault(weightDecay());
  }

  /** Smoothing constant of rmsprop and adadelta; unset means the optimizer's default. */
  default DoubleParam rho() {
    return descentParams().rho;
  }

  /** The value if set, else NaN: the optimizer then uses its own PyTorch default. */
  default double getRho() {
    return isDefined(rho()) ? (Double) getOrDefault(rho()) : Double.NaN;
  }

  /** Whether rmsprop is centered. */
  default BooleanParam centered() {
    return descentParams().centered;
  }

  default boolean getCentered() {
    return (Boolean) getOrDefault(centered());
  }

  /** Starting value of adagrad's accumulator. */
  default DoubleParam initialAccumulatorValue() {
    return descentParams().initialAccumulatorValue;
  }

  default double getInitialAccumulatorValue() {
    return (Double) getOrDefault(initialAccumulatorValue());
  }

  /** Adagrad's learning-rate decay. */
  default DoubleParam lrDecay() {
    return descentParams().lrDecay;
  }

  default double getLrDecay() {
    return (Double) getOrDefault(lrDecay());
  }

  /** NAdam's momentum decay. */
  default DoubleParam momentumDecay() {
    return descentParams().momentumDecay;
  }

  default double getMomentumDecay() {
    return (Double) getOrDefault(momentumDecay());
  }

  /** Name of the learning-rate schedule. */
  default Param<String> lrSchedule() {
    return descentParams().lrSchedule;
  }

  default String getLrSchedule() {
    return (String) getOrDefault(lrSchedule());
  }

  /** Decay factor of the step, multistep and exponential schedules. */
  default DoubleParam lrGamma() {
    return descentParams().lrGamma;
  }

  default double getLrGamma() {
    return (Double) getOrDefault(lrGamma());
  }

  /** Epochs between decays of the step schedule. */
  default IntParam lrStepSize() {
    return descentParams().lrStepSize;
  }

  default int getLrStepSize() {
    return (Integer) getOrDefault(lrStepSize());
  }

  /** Epochs at which the multistep schedule decays. */
  default IntArrayParam lrMilestones() {
    return descentParams().lrMilestones;
  }

  default int[] getLrMilestones() {
    return (int[]) getOrDefault(lrMilestones());
  }

  /** Floor of the cosine and plateau schedules. */
  default DoubleParam minLearningRate() {
    return descentParams().minLearningRate;
  }

  default double getMinLearningRate() {
    return (Double) getOrDefault(minLearningRate());
  }

  /** Exponent of the invscaling schedule. */
  default DoubleParam powerT() {
    return descentParams().powerT;
  }

  default double getPowerT() {
    return (Double) getOrDefault(powerT());
  }

  /** Reduction factor of the plateau schedule. */
  default DoubleParam plateauFactor() {
    return descentParams().plateauFactor;
  }

  default double getPlateauFactor() {
    return (Double) getOrDefault(plateauFactor());
  }

  /** Bad epochs the plateau schedule tolerates. */
  default IntParam plateauPatience() {
    return descentParams().plateauPatience;
  }

  default int getPlateauPatience() {
    return (Integer) getOrDefault(plateauPatience());
  }

  /** Relative improvement the plateau schedule requires. */
  default DoubleParam plateauThreshold() {
    return descentParams().plateauThreshold;
  }

  default double getPlateauThreshold() {
    return (Double) getOrDefault(plateauThreshold());
  }

  /** Epochs after a plateau reduction with no bad epochs counted. */
  default IntParam plateauCooldown() {
    return descentParams().plateauCooldown;
  }

  default int getPlateauCooldown() {
    return (Integer) getOrDefault(plateauCooldown());
  }

  /** Epochs of linear warmup; 0 means none. */
  default IntParam warmupEpochs() {
    return descentParams().warmupEpochs;
  }

  default int getWarmupEpochs() {
    return (Integer) getOrDefault(warmupEpochs());
  }

  /** Warmup factor at epoch 0. */
  default DoubleParam warmupStartFactor() {
    return descentParams().warmupStartFactor;
  }

  default double getWarmupStartFactor() {
    return (Double) getOrDefault(warmupStartFactor());
  }

  /** Period of the cosine schedule; unset means maxIter. */
  default IntParam cosineEpochs() {
    return descentParams().cosineEpochs;
  }

  /** The value if set, else maxIter (at least 1). */
  default int getCosineEpochs() {
    return isDefined(cosineEpochs())
        ? (Integer) getOrDefault(cosineEpochs())
        : Math.max(1, getMaxIter());
  }

  /** Largest L2 norm of the gradient; unset means no norm clipping. */
  default DoubleParam clipGradNorm() {
    return descentParams().clipGradNorm;
  }

  /** The value if set, else NaN (no norm clipping). */
  default double getClipGradNorm() {
    return isDefined(clipGradNorm()) ? (Double) getOrDefault(clipGradNorm()) : Double.NaN;
  }

  /** Largest absolute gradient entry; unset means no value clipping. */
  default DoubleParam clipGradValue() {
    return descentParams().clipGradValue;
  }

  /** The value if set, else NaN (no value clipping). */
  default double getClipGradValue() {
    return isDefined(clipGradValue()) ? (Double) getOrDefault(clipGradValue()) : Double.NaN;
  }

  /** Boolean column marking validation rows; unset trains on every row. */
  default Param<String> validationIndicatorCol() {
    return descentParams().validationIndicatorCol;
  }

  default String getValidationIndicatorCol() {
    return (String) getOrDefault(validationIndicatorCol());
  }

  /** The validation indicator column, or null when every row trains. */
  default String validationIndicatorColOrNull() {
    return isDefined(validationIndicatorCol()) && !getValidationIndicatorCol().isEmpty()
        ? getValidationIndicatorCol()
        : null;
  }

  /** Epochs without improvement of the validation metric before stopping; 0 disables. */
  default IntParam earlyStoppingPatience() {
    return descentParams().earlyStoppingPatience;
  }

  default int getEarlyStoppingPatience() {
    return (Integer) getOrDefault(earlyStoppingPatience());
  }

  /** Smallest change of the validation metric that counts as an improvement. */
  default DoubleParam earlyStoppingMinDelta() {
    return descentParams().earlyStoppingMinDelta;
  }

  default double getEarlyStoppingMinDelta() {
    return (Double) getOrDefault(earlyStoppingMinDelta());
  }

  /** How far beyond its initial value the objective may grow before training counts as diverged. */
  default DoubleParam divergenceFactor() {
    return descentParams().divergenceFactor;
  }

  default double getDivergenceFactor() {
    return (Double) getOrDefault(divergenceFactor());
  }

  /** Where checkpoints are written; unset means none. */
  default Param<String> checkpointDir() {
    return descentParams().checkpointDir;
  }

  /** The value if set and not empty, else null (no checkpoints). */
  default String checkpointDirOrNull() {
    return isDefined(checkpointDir()) && !getCheckpointDir().isEmpty() ? getCheckpointDir() : null;
  }

  default String getCheckpointDir() {
    return (String) getOrDefault(checkpointDir());
  }

  /** Epochs between checkpoints. */
  default IntParam checkpointInterval() {
    return descentParams().checkpointInterval;
  }

  default int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval());
  }

  /** The checkpoint a fit continues from; unset means a fresh start. */
  default Param<String> resumeFrom() {
    return descentParams().resumeFrom;
  }

  /** The value if set and not empty, else null (a fresh start). */
  default String resumeFromOrNull() {
    return isDefined(resumeFrom()) && !getResumeFrom().isEmpty() ? getResumeFrom() : null;
  }

  default String getResumeFrom() {
    return (String) getOrDefault(resumeFrom());
  }
}
