package dev.descent.spark.ml.engine;

/** Why training stopped. */
public enum StopReason {
  /** {@code maxIter} epochs were run. */
  MAX_EPOCHS,
  /** The epoch objective changed by less than {@code tol}, relative to its size. */
  CONVERGED
}
