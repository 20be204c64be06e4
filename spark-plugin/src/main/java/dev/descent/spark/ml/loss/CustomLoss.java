package dev.descent.spark.ml.loss;

import dev.descent.spark.ml.autodiff.Dual;
import java.io.Serializable;

/**
 * A loss written by a user, passed to a stage by class name through the {@code loss} param (for
 * example {@code setLoss("com.example.FocalLoss")}), so it survives save/load, PySpark and
 * {@code CrossValidator}. The class needs a public no-argument constructor and must be on the
 * driver's and the executors' classpath ({@code --jars}).
 *
 * <p>Only {@link #loss} is required: it computes one row's loss from the model's outputs (the
 * linear margins, {@link #arity()} of them) and the label, with {@link Dual} numbers, from which
 * the library derives the exact gradient by forward-mode automatic differentiation. A hand-written
 * gradient ({@link #gradient}) is optional; it is used instead when present, and
 * {@link GradientCheck} compares it with the automatic one.
 *
 * <p>A classification loss sees labels 0..K-1 and takes 1 output for two classes (the margin of
 * class 1) or K outputs for K &gt; 2 classes; a regression loss takes 1 output. A loss that
 * returns NaN or infinity for a row stops training with an error naming the row's outputs and
 * label.
 */
public interface CustomLoss extends Serializable {

  /** The loss of one row. {@code outputs} holds {@link #arity()} dual numbers. */
  Dual loss(Dual[] outputs, double label);

  /**
   * The number of outputs the loss takes: 1 (the default) for regression and binary
   * classification, the number of classes for a multi-class loss.
   */
  default int arity() {
    return 1;
  }

  /**
   * Optionally writes d loss / d output_k into {@code gradient} and returns true; the default
   * returns false, and the gradient comes from automatic differentiation of {@link #loss}.
   */
  default boolean gradient(double[] outputs, double label, double[] gradient) {
    return false;
  }

  /** Whether {@link #probabilities} maps outputs to class probabilities (classification only). */
  default boolean hasProbabilities() {
    return false;
  }

  /**
   * Writes the probability of each class (2 entries for binary classification) given the outputs.
   * Called only when {@link #hasProbabilities()} is true.
   */
  default void probabilities(double[] outputs, double[] probabilities) {
    throw new UnsupportedOperationException(getClass().getName() + " has no probabilities");
  }

  /** The regression prediction for an output: the output itself unless the loss has a link. */
  default double prediction(double output) {
    return output;
  }

  /**
   * Why {@code label} cannot be used with this loss, or null if it can; completes the sentence
   * "label X is invalid: ...". Classification labels are already checked to be 0..K-1.
   */
  default String labelError(double label) {
    return null;
  }
}
