package dev.descent.spark.ml.param;

import dev.descent.spark.ml.optim.Optimizers;
import dev.descent.spark.ml.schedule.LearningRateSchedule;
import dev.descent.spark.ml.schedule.ScheduleParameters;
import dev.descent.spark.ml.schedule.Schedules;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The learning rate and its schedule, with warmup. The rate's default depends on the optimizer
 * and the cosine period's on {@code maxIter}, hence the groups this one extends.
 */
public interface LearningRateParams extends OptimizerParams, TrainingLoopParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    private static final ScheduleParameters DEFAULTS = ScheduleParameters.defaults(1.0, 1);

    final DoubleParam learningRate;
    final Param<String> lrSchedule;
    final DoubleParam lrGamma;
    final IntParam lrStepSize;
    final IntArrayParam lrMilestones;
    final IntParam cosineEpochs;
    final DoubleParam minLearningRate;
    final DoubleParam powerT;
    final DoubleParam plateauFactor;
    final IntParam plateauPatience;
    final DoubleParam plateauThreshold;
    final IntParam plateauCooldown;
    final IntParam warmupEpochs;
    final DoubleParam warmupStartFactor;

    Group(Params stage) {
      String uid = stage.uid();
      learningRate = new DoubleParam(uid, "learningRate", "step size (> 0); unset uses the"
          + " optimizer's default", ParamValidators.gt(0));
      lrSchedule = StringParams.of(uid, "lrSchedule", "learning-rate schedule, stepped once per"
          + " epoch, one of " + Schedules.names(), Choices.oneOf("lrSchedule", Schedules.names()));
      lrGamma = new DoubleParam(uid, "lrGamma", "decay factor of the step, multistep and"
          + " exponential schedules (> 0)", ParamValidators.gt(0));
      lrStepSize = new IntParam(uid, "lrStepSize", "epochs between decays of the step schedule"
          + " (>= 1)", ParamValidators.gtEq(1));
      lrMilestones = new IntArrayParam(stage, "lrMilestones", "epochs (0-based, >= 0) at which the"
          + " multistep schedule multiplies the learning rate by lrGamma; a repeated epoch counts"
          + " twice", nonNegativeEntries());
      cosineEpochs = new IntParam(uid, "cosineEpochs", "period T of the cosine schedule, which"
          + " reaches minLearningRate at epoch T (>= 1); unset uses maxIter",
          ParamValidators.gtEq(1));
      minLearningRate = new DoubleParam(uid, "minLearningRate", "floor of the cosine and plateau"
          + " schedules (>= 0)", ParamValidators.gtEq(0));
      powerT = new DoubleParam(uid, "powerT", "exponent of the invscaling schedule"
          + " lr / (epoch + 1)^powerT (>= 0)", ParamValidators.gtEq(0));
      plateauFactor = new DoubleParam(uid, "plateauFactor", "factor by which the plateau schedule"
          + " multiplies the learning rate, in (0, 1)",
          ParamValidators.inRange(0, 1, false, false));
      plateauPatience = new IntParam(uid, "plateauPatience", "epochs without improvement the"
          + " plateau schedule tolerates before reducing the learning rate (>= 0)",
          ParamValidators.gtEq(0));
      plateauThreshold = new DoubleParam(uid, "plateauThreshold", "relative decrease of the best"
          + " epoch objective that counts as an improvement for the plateau schedule (>= 0)",
          ParamValidators.gtEq(0));
      plateauCooldown = new IntParam(uid, "plateauCooldown", "epochs after a reduction during"
          + " which the plateau schedule counts no bad epochs (>= 0)", ParamValidators.gtEq(0));
      warmupEpochs = new IntParam(uid, "warmupEpochs", "epochs of linear warmup, whose factor"
          + " multiplies the schedule's learning rate; 0 disables (>= 0)", ParamValidators.gtEq(0));
      warmupStartFactor = new DoubleParam(uid, "warmupStartFactor", "warmup factor at epoch 0,"
          + " rising linearly to 1 at epoch warmupEpochs, in (0, 1]",
          ParamValidators.inRange(0, 1, false, true));
      stage.setDefault(lrSchedule, "constant");
      stage.setDefault(lrGamma, DEFAULTS.gamma());
      stage.setDefault(lrStepSize, DEFAULTS.stepSize());
      stage.setDefault(lrMilestones, DEFAULTS.milestones());
      stage.setDefault(minLearningRate, DEFAULTS.minLearningRate());
      stage.setDefault(powerT, DEFAULTS.powerT());
      stage.setDefault(plateauFactor, DEFAULTS.plateauFactor());
      stage.setDefault(plateauPatience, DEFAULTS.plateauPatience());
      stage.setDefault(plateauThreshold, DEFAULTS.plateauThreshold());
      stage.setDefault(plateauCooldown, DEFAULTS.plateauCooldown());
      stage.setDefault(warmupEpochs, 0);
      stage.setDefault(warmupStartFactor, 1.0 / 3);
    }

    /** A validator Spark can serialize with the stage (a plain Java lambda is not Serializable). */
    private static scala.Function1<int[], Object> nonNegativeEntries() {
      return (scala.Function1<int[], Object> & Serializable)
          values -> Arrays.stream(values).allMatch(v -> v >= 0);
    }
  }

  /** Step size; unset means the optimizer's default. */
  default DoubleParam learningRate() {
    return group().learningRate;
  }

  /** The learning rate: the param's value if set, else the optimizer's default. */
  default double getLearningRate() {
    return isDefined(learningRate())
        ? (Double) getOrDefault(learningRate())
        : Optimizers.defaultLearningRate(optimizerChoice().optimizer());
  }

  /** {@inheritDoc} Resolved here, where the params that decide "auto" are all visible. */
  @Override
  default OptimizerChoice optimizerChoice() {
    return OptimizerChoice.of(this);
  }

  /** Name of the learning-rate schedule. */
  default Param<String> lrSchedule() {
    return group().lrSchedule;
  }

  default String getLrSchedule() {
    return (String) getOrDefault(lrSchedule());
  }

  /** Decay factor of the step, multistep and exponential schedules. */
  default DoubleParam lrGamma() {
    return group().lrGamma;
  }

  default double getLrGamma() {
    return (Double) getOrDefault(lrGamma());
  }

  /** Epochs between decays of the step schedule. */
  default IntParam lrStepSize() {
    return group().lrStepSize;
  }

  default int getLrStepSize() {
    return (Integer) getOrDefault(lrStepSize());
  }

  /** Epochs at which the multistep schedule decays. */
  default IntArrayParam lrMilestones() {
    return group().lrMilestones;
  }

  default int[] getLrMilestones() {
    return (int[]) getOrDefault(lrMilestones());
  }

  /** Period of the cosine schedule; unset means maxIter. */
  default IntParam cosineEpochs() {
    return group().cosineEpochs;
  }

  /** The value if set, else maxIter (at least 1). */
  default int getCosineEpochs() {
    return isDefined(cosineEpochs())
        ? (Integer) getOrDefault(cosineEpochs())
        : Math.max(1, getMaxIter());
  }

  /** Floor of the cosine and plateau schedules. */
  default DoubleParam minLearningRate() {
    return group().minLearningRate;
  }

  default double getMinLearningRate() {
    return (Double) getOrDefault(minLearningRate());
  }

  /** Exponent of the invscaling schedule. */
  default DoubleParam powerT() {
    return group().powerT;
  }

  default double getPowerT() {
    return (Double) getOrDefault(powerT());
  }

  /** Reduction factor of the plateau schedule. */
  default DoubleParam plateauFactor() {
    return group().plateauFactor;
  }

  default double getPlateauFactor() {
    return (Double) getOrDefault(plateauFactor());
  }

  /** Bad epochs the plateau schedule tolerates. */
  default IntParam plateauPatience() {
    return group().plateauPatience;
  }

  default int getPlateauPatience() {
    return (Integer) getOrDefault(plateauPatience());
  }

  /** Relative improvement the plateau schedule requires. */
  default DoubleParam plateauThreshold() {
    return group().plateauThreshold;
  }

  default double getPlateauThreshold() {
    return (Double) getOrDefault(plateauThreshold());
  }

  /** Epochs after a plateau reduction with no bad epochs counted. */
  default IntParam plateauCooldown() {
    return group().plateauCooldown;
  }

  default int getPlateauCooldown() {
    return (Integer) getOrDefault(plateauCooldown());
  }

  /** Epochs of linear warmup; 0 means none. */
  default IntParam warmupEpochs() {
    return group().warmupEpochs;
  }

  default int getWarmupEpochs() {
    return (Integer) getOrDefault(warmupEpochs());
  }

  /** Warmup factor at epoch 0. */
  default DoubleParam warmupStartFactor() {
    return group().warmupStartFactor;
  }

  default double getWarmupStartFactor() {
    return (Double) getOrDefault(warmupStartFactor());
  }

  /** A fresh learning-rate schedule, with warmup (a plateau schedule keeps state). */
  default LearningRateSchedule newSchedule() {
    ScheduleParameters parameters = new ScheduleParameters(getLearningRate(), getLrGamma(),
        getLrStepSize(), getLrMilestones(), getCosineEpochs(), getMinLearningRate(), getPowerT(),
        getPlateauFactor(), getPlateauPatience(), getPlateauThreshold(), getPlateauCooldown());
    return Schedules.create(getLrSchedule(), parameters, getWarmupEpochs(),
        getWarmupStartFactor());
  }

  private Group group() {
    return paramGroups().get(Group.class);
  }

  /** Setters of an estimator, returning the estimator so that calls chain. */
  interface Setters<S extends Setters<S>> extends LearningRateParams {

    @SuppressWarnings("unchecked")
    private S self() {
      return (S) this;
    }

    default S setLearningRate(double value) {
      set(learningRate(), value);
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
  }
}
