package dev.descent.spark.ml.loss;

import dev.descent.spark.ml.autodiff.Dual;
import java.util.Arrays;
import java.util.Random;

/**
 * Checks a {@link CustomLoss}'s gradients: the automatic one (forward-mode differentiation of
 * {@link CustomLoss#loss}) against central finite differences, and a hand-written
 * {@link CustomLoss#gradient}, when there is one, against the automatic one. Errors are relative:
 * {@code |a - b| / max(1, |a|, |b|)}.
 */
public final class GradientCheck {

  /** Finite differences are accurate to about this much relative to the derivative's size. */
  private static final double FINITE_DIFFERENCE_TOLERANCE = 1e-5;

  private GradientCheck() {}

  /**
   * The gradients at one point.
   *
   * @param handWritten null when the loss has no hand-written gradient
   */
  public record Result(double[] outputs, double label, double[] automatic, double[] handWritten,
      double[] finiteDifference) {

    /** Largest relative error of the hand-written gradient (0 when there is none). */
    public double handWrittenError() {
      return handWritten == null ? 0.0 : maxError(handWritten, automatic);
    }

    /** Largest relative error of the automatic gradient against finite differences. */
    public double finiteDifferenceError() {
      return maxError(finiteDifference, automatic);
    }
  }

  /** The automatic, hand-written and finite-difference gradients of {@code loss} at a point. */
  public static Result at(CustomLoss loss, double[] outputs, double label) {
    int n = loss.arity();
    if (outputs.length != n) {
      throw new IllegalArgumentException("custom loss " + loss.getClass().getName() + " takes "
          + n + " output(s) but " + outputs.length + " were given");
    }
    double[] automatic = new double[n];
    loss.loss(Dual.variables(outputs), label).derivatives(automatic);
    double[] hand = new double[n];
    boolean hasHand = loss.gradient(outputs.clone(), label, hand);
    double[] numeric = new double[n];
    for (int k = 0; k < n; k++) {
      double h = 1e-6 * Math.max(1.0, Math.abs(outputs[k]));
      double[] up = outputs.clone();
      double[] down = outputs.clone();
      up[k] += h;
      down[k] -= h;
      numeric[k] = (value(loss, up, label) - value(loss, down, label)) / (up[k] - down[k]);
    }
    return new Result(outputs.clone(), label, automatic, hasHand ? hand : null, numeric);
  }

  /**
   * Checks {@code points} random points (outputs uniform in [-3, 3]) for every label in
   * {@code labels}, and throws an {@link IllegalStateException} describing the first point where
   * the hand-written gradient differs from the automatic one by more than {@code tolerance}, or
   * the automatic one from finite differences by more than 1e-5.
   */
  public static void verify(CustomLoss loss, double[] labels, int points, long seed,
      double tolerance) {
    Random random = new Random(seed);
    for (double label : labels) {
      for (int p = 0; p < points; p++) {
        double[] outputs = new double[loss.arity()];
        for (int k = 0; k < outputs.length; k++) {
          outputs[k] = 6 * random.nextDouble() - 3;
        }
        Result result = at(loss, outputs, label);
        if (result.handWrittenError() > tolerance) {
          throw new IllegalStateException(describe(loss, result, "hand-written gradient "
              + Arrays.toString(result.handWritten()) + " differs from the automatic one "
              + Arrays.toString(result.automatic())));
        }
        if (result.finiteDifferenceError() > FINITE_DIFFERENCE_TOLERANCE) {
          throw new IllegalStateException(describe(loss, result, "automatic gradient "
              + Arrays.toString(result.automatic()) + " differs from finite differences "
              + Arrays.toString(result.finiteDifference())
              + " (is the loss continuous there?)"));
        }
      }
    }
  }

  private static String describe(CustomLoss loss, Result result, String problem) {
    return "custom loss " + loss.getClass().getName() + " at outputs "
        + Arrays.toString(result.outputs()) + ", label " + result.label() + ": " + problem;
  }

  private static double value(CustomLoss loss, double[] outputs, double label) {
    return loss.loss(Dual.constants(outputs), label).value();
  }

  private static double maxError(double[] a, double[] b) {
    double max = 0.0;
    for (int i = 0; i < a.length; i++) {
      double scale = Math.max(1.0, Math.max(Math.abs(a[i]), Math.abs(b[i])));
      max = Math.max(max, Math.abs(a[i] - b[i]) / scale);
    }
    return max;
  }
}
