package dev.descent.spark.ml.param;

import dev.descent.spark.ml.engine.Supervision;
import dev.descent.spark.ml.engine.Validation;
import dev.descent.spark.ml.training.TrainingListener;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/** What watches a run between epochs: validation rows, early stopping, divergence. */
public interface SupervisionParams extends DescentParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    final Param<String> validationIndicatorCol;
    final IntParam earlyStoppingPatience;
    final DoubleParam earlyStoppingMinDelta;
    final DoubleParam divergenceFactor;
    final IntParam divergencePatience;

    Group(Params stage) {
      String uid = stage.uid();
      validationIndicatorCol = StringParams.of(uid, "validationIndicatorCol", "name of a boolean"
          + " column that is true for validation rows, false for training rows (as Spark's GBT);"
          + " unset trains on every row");
      earlyStoppingPatience = new IntParam(uid, "earlyStoppingPatience", "epochs in a row the"
          + " validation metric may fail to improve by more than earlyStoppingMinDelta before"
          + " training stops and keeps the best epoch's parameters; needs validationIndicatorCol;"
          + " 0 disables (>= 0)", ParamValidators.gtEq(0));
      earlyStoppingMinDelta = new DoubleParam(uid, "earlyStoppingMinDelta", "smallest change of"
          + " the validation metric, in its better direction, that counts as an improvement (>= 0)",
          ParamValidators.gtEq(0));
      divergenceFactor = new DoubleParam(uid, "divergenceFactor", "training stops as diverged"
          + " when an epoch ends with objective > initial + divergenceFactor * |initial| (or a"
          + " non-finite gradient, parameter or objective), keeping the last good epoch's"
          + " parameters (> 0)", ParamValidators.gt(0));
      divergencePatience = new IntParam(uid, "divergencePatience", "training stops as diverged"
          + " when the objective ends this many epochs in a row above its initial value (epoch"
          + " 0's), keeping the parameters from before the first of them: a learning rate too"
          + " large for a bounded loss never grows the objective without bound; 0 disables"
          + " (>= 0)", ParamValidators.gtEq(0));
      stage.setDefault(earlyStoppingPatience, 0);
      stage.setDefault(earlyStoppingMinDelta, 0.0);
      stage.setDefault(divergenceFactor, 100.0);
      stage.setDefault(divergencePatience, 3);
    }
  }

  /** Boolean column marking validation rows; unset trains on every row. */
  default Param<String> validationIndicatorCol() {
    return group().validationIndicatorCol;
  }

  default String getValidationIndicatorCol() {
    return (String) getOrDefault(validationIndicatorCol());
  }

  /** Epochs without improvement of the validation metric before stopping; 0 disables. */
  default IntParam earlyStoppingPatience() {
    return group().earlyStoppingPatience;
  }

  default int getEarlyStoppingPatience() {
    return (Integer) getOrDefault(earlyStoppingPatience());
  }

  /** Smallest change of the validation metric that counts as an improvement. */
  default DoubleParam earlyStoppingMinDelta() {
    return group().earlyStoppingMinDelta;
  }

  default double getEarlyStoppingMinDelta() {
    return (Double) getOrDefault(earlyStoppingMinDelta());
  }

  /** How far beyond its initial value the objective may grow before training counts as diverged. */
  default DoubleParam divergenceFactor() {
    return group().divergenceFactor;
  }

  default double getDivergenceFactor() {
    return (Double) getOrDefault(divergenceFactor());
  }

  /** Epochs in a row the objective may end above its initial value before the run diverges. */
  default IntParam divergencePatience() {
    return group().divergencePatience;
  }

  default int getDivergencePatience() {
    return (Integer) getOrDefault(divergencePatience());
  }

  /** The validation indicator column, or null when every row trains. */
  default String validationIndicatorColOrNull() {
    return isDefined(validationIndicatorCol()) && !getValidationIndicatorCol().isEmpty()
        ? getValidationIndicatorCol()
        : null;
  }

  /**
   * What watches the run: {@code validation} (null without validation rows), early stopping,
   * divergence and the listeners.
   */
  default Supervision supervision(Validation validation, List<TrainingListener> listeners) {
    return new Supervision(validation, getEarlyStoppingPatience(), getEarlyStoppingMinDelta(),
        getDivergenceFactor(), getDivergencePatience(), listeners);
  }

  private Group group() {
    return paramGroups().get(Group.class);
  }

  /** Setters of an estimator, returning the estimator so that calls chain. */
  interface Setters<S extends Setters<S>> extends SupervisionParams {

    @SuppressWarnings("unchecked")
    private S self() {
      return (S) this;
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

    default S setDivergencePatience(int value) {
      set(divergencePatience(), value);
      return self();
    }
  }
}
