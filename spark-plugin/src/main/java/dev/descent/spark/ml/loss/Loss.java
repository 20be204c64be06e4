package dev.descent.spark.ml.loss;

import java.io.Serializable;

/**
 * The loss of one row as a function of the model's margins (linear scores), one margin per
 * output. Implementations are stateless and serializable: they travel to executors inside
 * each step's task.
 */
public interface Loss extends Serializable {

  /** The name under which the loss is registered, as users pass it to the {@code loss} param. */
  String name();

  /** Number of margins the model computes per row. */
  int numOutputs();

  /**
   * Returns the loss of one row and writes d loss / d margin_k into {@code gradient[k]}.
   *
   * @param margins the row's margins, {@link #numOutputs()} of them
   * @param label the row's label, already checked by {@link #labelError(double)}
   * @param gradient output, {@link #numOutputs()} entries, overwritten
   */
  double lossAndGradient(double[] margins, double label, double[] gradient);

  /**
   * Returns why {@code label} cannot be used with this loss, or null if it can. The message
   * completes the sentence "label X is invalid: ...".
   */
  String labelError(double label);
}
