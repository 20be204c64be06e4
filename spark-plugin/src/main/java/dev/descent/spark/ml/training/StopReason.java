package dev.descent.spark.ml.training;

/** Why training stopped. */
public enum StopReason {
  /** {@code maxIter} epochs were run. */
  MAX_EPOCHS,
  /** The epoch objective changed by less than {@code tol}, relative to its size. */
  CONVERGED,
  /**
   * The validation metric did not improve for {@code earlyStoppingPatience} epochs; the model
   * has the parameters of the best epoch.
   */
  EARLY_STOPPING,
  /**
   * The gradient, the parameters or the objective became non-finite, or the objective grew past
   * {@code divergenceFactor} times its start; the model has the parameters of the last epoch that
   * ended normally.
   */
  DIVERGENCE,
  /** A training listener asked to stop. */
  LISTENER
}
