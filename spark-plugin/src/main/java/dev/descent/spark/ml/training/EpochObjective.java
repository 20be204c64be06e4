package dev.descent.spark.ml.training;

import dev.descent.spark.ml.util.ParamNames;
import java.util.List;

/**
 * What the objective recorded for an epoch is, and so what the divergence check, {@code tol},
 * the plateau schedule and the listeners see. With one step per epoch (full batch) both are the
 * same: the exact pass at an epoch's end is then the next epoch's gradient anyway, so
 * {@link #RUNNING} behaves as {@link #EXACT}.
 */
public enum EpochObjective {

  /**
   * The objective over every training row at the parameters the epoch ends with (epoch 0: the
   * initial ones): one extra pass over the data per epoch with mini-batches.
   */
  EXACT,

  /**
   * The weighted mean, over the epoch's mini-batches, of each mini-batch's objective at the
   * parameters its step started from, as the training step saw it (dropout on), the way
   * scikit-learn's SGD and Keras report their epoch loss: no extra pass. Epoch 0 is an estimate,
   * the objective of the first mini-batch of epoch 1 at the initial parameters (the exact one if
   * that mini-batch has no weight).
   */
  RUNNING;

  /** The names the {@code epochObjective} param accepts. */
  public static final List<String> NAMES = ParamNames.of(EpochObjective.class);

  /** The constant the param value {@code name} names; any other fails, listing them. */
  public static EpochObjective named(String name) {
    return ParamNames.named(EpochObjective.class, "epochObjective", name);
  }
}
