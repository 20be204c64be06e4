package dev.descent.spark.ml.param;

import dev.descent.spark.ml.engine.GradientClipping;
import dev.descent.spark.ml.training.EpochObjective;
import dev.descent.spark.ml.training.Synchronization;
import java.io.Serializable;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/** How long and over which mini-batches training runs, and how each step's gradient is clipped. */
public interface TrainingLoopParams extends DescentParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    final IntParam maxIter;
    final DoubleParam tol;
    final IntParam batchSize;
    final BooleanParam shuffle;
    final LongParam seed;
    final IntParam localSteps;
    final Param<String> synchronization;
    final Param<String> epochObjective;
    final DoubleParam clipGradNorm;
    final DoubleParam clipGradValue;

    Group(Params stage) {
      String uid = stage.uid();
      maxIter = new IntParam(uid, "maxIter", "maximum number of epochs (passes over the data)"
          + " (>= 0)", ParamValidators.gtEq(0));
      tol = new DoubleParam(uid, "tol", "stop when an epoch changes the objective by at most tol"
          + " relative to its size; 0 disables (>= 0)", ParamValidators.gtEq(0));
      batchSize = new IntParam(uid, "batchSize", "rows per optimizer step across the whole"
          + " DataFrame (>= 1); at least the row count gives full-batch gradient descent, 1 gives"
          + " plain stochastic gradient descent", ParamValidators.gtEq(1));
      shuffle = new BooleanParam(uid, "shuffle", "whether to visit rows in a new seeded random"
          + " order every epoch");
      seed = new LongParam(uid, "seed", "random seed for shuffling");
      localSteps = new IntParam(uid, "localSteps", "mini-batch steps each partition takes on its"
          + " own rows between two synchronizations (>= 1): 1 is exact synchronous mini-batch"
          + " gradient descent, one Spark job per step; more is model averaging (local SGD), one"
          + " job per localSteps steps, for small batches where the per-job cost dominates",
          ParamValidators.gtEq(1));
      synchronization = StringParams.of(uid, "synchronization", "how the partitions of a"
          + " synchronous step (localSteps 1) meet, one of " + Synchronization.NAMES + ": 'job'"
          + " runs one Spark job per step; 'barrier' runs the steps in one barrier stage whose"
          + " tasks add up each step's gradient among themselves, without a job per step, and"
          + " needs a task slot per partition and no dynamic allocation; 'auto' is 'barrier'"
          + " where the fit and the cluster allow it, else 'job'. Both give the same model",
          Choices.oneOf("synchronization", Synchronization.NAMES));
      epochObjective = StringParams.of(uid, "epochObjective", "what each epoch records as its"
          + " objective, which tol, divergenceFactor, the plateau schedule and listeners use, one"
          + " of " + EpochObjective.NAMES + ": 'exact' is the objective over all training rows at"
          + " the epoch's final parameters, one extra pass over the data per epoch with"
          + " mini-batches;"
          + " 'running' is the weighted mean of the epoch's mini-batch objectives, each at the"
          + " parameters before its step, at no extra cost (epoch 0: an estimate from the first"
          + " mini-batch). With one step per epoch (full batch) both are the exact objective",
          Choices.oneOf("epochObjective", EpochObjective.NAMES));
      clipGradNorm = new DoubleParam(uid, "clipGradNorm", "largest L2 norm of the gradient over"
          + " all parameters, as PyTorch's clip_grad_norm_ (> 0); unset does not clip",
          ParamValidators.gt(0));
      clipGradValue = new DoubleParam(uid, "clipGradValue", "largest absolute value of each"
          + " gradient entry, as PyTorch's clip_grad_value_, applied before clipGradNorm (> 0);"
          + " unset does not clip", ParamValidators.gt(0));
      stage.setDefault(maxIter, 100);
      stage.setDefault(tol, 1e-6);
      stage.setDefault(batchSize, 1024);
      stage.setDefault(shuffle, true);
      stage.setDefault(seed, (long) stage.getClass().getName().hashCode());
      stage.setDefault(localSteps, 1);
      stage.setDefault(synchronization, "auto");
      stage.setDefault(epochObjective, "exact");
    }
  }

  /** Maximum number of epochs. */
  default IntParam maxIter() {
    return group().maxIter;
  }

  default int getMaxIter() {
    return (Integer) getOrDefault(maxIter());
  }

  /** Relative change of the epoch objective below which training stops. */
  default DoubleParam tol() {
    return group().tol;
  }

  default double getTol() {
    return (Double) getOrDefault(tol());
  }

  /** Rows per optimizer step across the whole DataFrame. */
  default IntParam batchSize() {
    return group().batchSize;
  }

  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  /** Whether rows are visited in a new random order every epoch. */
  default BooleanParam shuffle() {
    return group().shuffle;
  }

  default boolean getShuffle() {
    return (Boolean) getOrDefault(shuffle());
  }

  /** Seed of the per-epoch shuffles. */
  default LongParam seed() {
    return group().seed;
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  /**
   * Mini-batch steps each partition takes on its own rows between synchronizations: 1 for
   * synchronous mini-batch gradient descent, more for model averaging.
   */
  default IntParam localSteps() {
    return group().localSteps;
  }

  default int getLocalSteps() {
    return (Integer) getOrDefault(localSteps());
  }

  /** How the partitions of a synchronous step meet: "job", "barrier" or "auto". */
  default Param<String> synchronization() {
    return group().synchronization;
  }

  default String getSynchronization() {
    return (String) getOrDefault(synchronization());
  }

  /**
   * What each epoch records as its objective: "exact" (a pass over all training rows at the
   * epoch's end) or "running" (the weighted mean of its mini-batches' objectives, no extra pass).
   */
  default Param<String> epochObjective() {
    return group().epochObjective;
  }

  default String getEpochObjective() {
    return (String) getOrDefault(epochObjective());
  }

  /** Largest L2 norm of the gradient; unset means no norm clipping. */
  default DoubleParam clipGradNorm() {
    return group().clipGradNorm;
  }

  /** The value if set, else NaN (no norm clipping). */
  default double getClipGradNorm() {
    return isDefined(clipGradNorm()) ? (Double) getOrDefault(clipGradNorm()) : Double.NaN;
  }

  /** Largest absolute gradient entry; unset means no value clipping. */
  default DoubleParam clipGradValue() {
    return group().clipGradValue;
  }

  /** The value if set, else NaN (no value clipping). */
  default double getClipGradValue() {
    return isDefined(clipGradValue()) ? (Double) getOrDefault(clipGradValue()) : Double.NaN;
  }

  /** The gradient clipping of every step (none when both bounds are unset). */
  default GradientClipping gradientClipping() {
    return new GradientClipping(getClipGradNorm(), getClipGradValue());
  }

  private Group group() {
    return paramGroups().get(Group.class);
  }

  /** Setters of an estimator, returning the estimator so that calls chain. */
  interface Setters<S extends Setters<S>> extends TrainingLoopParams {

    @SuppressWarnings("unchecked")
    private S self() {
      return (S) this;
    }

    default S setMaxIter(int value) {
      set(maxIter(), value);
      return self();
    }

    default S setTol(double value) {
      set(tol(), value);
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

    default S setSeed(long value) {
      set(seed(), value);
      return self();
    }

    default S setLocalSteps(int value) {
      set(localSteps(), value);
      return self();
    }

    default S setSynchronization(String value) {
      set(synchronization(), value);
      return self();
    }

    default S setEpochObjective(String value) {
      set(epochObjective(), value);
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
  }
}
