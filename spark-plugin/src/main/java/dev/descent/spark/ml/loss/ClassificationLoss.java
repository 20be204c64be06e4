package dev.descent.spark.ml.loss;

/** A loss for class labels 0, 1, ..., numClasses - 1. */
public interface ClassificationLoss extends Loss {

  /** The classes this loss separates: 2 for a binary loss of one output. */
  default int numClasses() {
    return Math.max(2, numOutputs());
  }

  /** Whether margins map to class probabilities (log and modified_huber losses do). */
  boolean hasProbabilities();

  /**
   * Writes the class probabilities for the given margins into {@code out} (numClasses entries).
   * Only called when {@link #hasProbabilities()} is true.
   */
  void probabilities(double[] margins, double[] out);
}
