package dev.descent.spark.ml.param;

/**
 * Setters for the {@link GradientDescentParams} of an estimator, returning the estimator itself
 * ({@code S}) so calls chain as with Spark's own estimators.
 */
public interface GradientDescentSetters<S extends GradientDescentSetters<S>>
    extends GradientDescentParams {

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  default S setWeightCol(String value) {
    set(weightCol(), value);
    return self();
  }

  default S setMaxIter(int value) {
    set(maxIter(), value);
    return self();
  }

  default S setTol(double value) {
    set(tol(), value);
    return self();
  }

  default S setFitIntercept(boolean value) {
    set(fitIntercept(), value);
    return self();
  }

  default S setStandardization(boolean value) {
    set(standardization(), value);
    return self();
  }

  default S setRegParam(double value) {
    set(regParam(), value);
    return self();
  }

  default S setElasticNetParam(double value) {
    set(elasticNetParam(), value);
    return self();
  }

  default S setSeed(long value) {
    set(seed(), value);
    return self();
  }

  default S setAggregationDepth(int value) {
    set(aggregationDepth(), value);
    return self();
  }

  default S setHandleInvalid(String value) {
    set(handleInvalid(), value);
    return self();
  }

  default S setMaxBlockSizeInMB(double value) {
    set(maxBlockSizeInMB(), value);
    return self();
  }

  default S setOptimizer(String value) {
    set(optimizer(), value);
    return self();
  }

  default S setLearningRate(double value) {
    set(learningRate(), value);
    return self();
  }

  default S setBatchSize(int value) {
    set(batchSize(), value);
    return self();
  }

  default S setShuffle(boolean value) {
    set(shuffle(), value);
    return self();
  }

  default S setLocalSteps(int value) {
    set(localSteps(), value);
    return self();
  }

  default S setEpochObjective(String value) {
    set(epochObjective(), value);
    return self();
  }

  default S setMomentum(double value) {
    set(momentum(), value);
    return self();
  }

  default S setDampening(double value) {
    set(dampening(), value);
    return self();
  }

  default S setNesterov(boolean value) {
    set(nesterov(), value);
    return self();
  }

  default S setBeta1(double value) {
    set(beta1(), value);
    return self();
  }

  default S setBeta2(double value) {
    set(beta2(), value);
    return self();
  }

  default S setEpsilon(double value) {
    set(epsilon(), value);
    return self();
  }

  default S setAmsgrad(boolean value) {
    set(amsgrad(), value);
    return self();
  }

  default S setWeightDecay(double value) {
    set(weightDecay(), value);
    return self();
  }

  default S setRho(double value) {
    set(rho(), value);
    return self();
  }

  default S setCentered(boolean value) {
    set(centered(), value);
    return self();
  }

  default S setInitialAccumulatorValue(double value) {
    set(initialAccumulatorValue(), value);
    return self();
  }

  default S setLrDecay(double value) {
    set(lrDecay(), value);
    return self();
  }

  default S setMomentumDecay(double value) {
    set(momentumDecay(), value);
    return self();
  }

  default S setLrSchedule(String value) {
    set(lrSchedule(), value);
    return self();
  }

  default S setLrGamma(double value) {
    set(lrGamma(), value);
    return self();
  }

  default S setLrStepSize(int value) {
    set(lrStepSize(), value);
    return self();
  }

  default S setLrMilestones(int[] value) {
    set(lrMilestones(), value.clone());
    return self();
  }

  default S setCosineEpochs(int value) {
    set(cosineEpochs(), value);
    return self();
  }

  default S setMinLearningRate(double value) {
    set(minLearningRate(), value);
    return self();
  }

  default S setPowerT(double value) {
    set(powerT(), value);
    return self();
  }

  default S setPlateauFactor(double value) {
    set(plateauFactor(), value);
    return self();
  }

  default S setPlateauPatience(int value) {
    set(plateauPatience(), value);
    return self();
  }

  default S setPlateauThreshold(double value) {
    set(plateauThreshold(), value);
    return self();
  }

  default S setPlateauCooldown(int value) {
    set(plateauCooldown(), value);
    return self();
  }

  default S setWarmupEpochs(int value) {
    set(warmupEpochs(), value);
    return self();
  }

  default S setWarmupStartFactor(double value) {
    set(warmupStartFactor(), value);
    return self();
  }

  default S setClipGradNorm(double value) {
    set(clipGradNorm(), value);
    return self();
  }

  default S setClipGradValue(double value) {
    set(clipGradValue(), value);
    return self();
  }

  default S setValidationIndicatorCol(String value) {
    set(validationIndicatorCol(), value);
    return self();
  }

  default S setEarlyStoppingPatience(int value) {
    set(earlyStoppingPatience(), value);
    return self();
  }

  default S setEarlyStoppingMinDelta(double value) {
    set(earlyStoppingMinDelta(), value);
    return self();
  }

  default S setDivergenceFactor(double value) {
    set(divergenceFactor(), value);
    return self();
  }

  default S setCheckpointDir(String value) {
    set(checkpointDir(), value);
    return self();
  }

  default S setCheckpointInterval(int value) {
    set(checkpointInterval(), value);
    return self();
  }

  default S setResumeFrom(String value) {
    set(resumeFrom(), value);
    return self();
  }
}
