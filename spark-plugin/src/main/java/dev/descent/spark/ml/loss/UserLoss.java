package dev.descent.spark.ml.loss;

import dev.descent.spark.ml.autodiff.Dual;
import java.util.Arrays;

/**
 * Evaluates a {@link CustomLoss} for the engine: the value and gradient of one row, from the
 * user's hand-written gradient when it has one, else by forward-mode differentiation of its
 * {@link CustomLoss#loss}, with errors that name the class, the outputs and the label.
 */
final class UserLoss implements java.io.Serializable {

  private final CustomLoss loss;
  private final int arity;
  /** Null until the first row tells whether the user wrote a gradient. */
  private transient Boolean handWritten;

  UserLoss(CustomLoss loss, int arity) {
    this.loss = loss;
    this.arity = arity;
  }

  CustomLoss loss() {
    return loss;
  }

  String name() {
    return loss.getClass().getName();
  }

  /** The loss at {@code outputs}; writes its gradient into {@code gradient[offset..]}. */
  double lossAndGradient(double[] outputs, double label, double[] gradient, int offset) {
    double[] g = new double[arity];
    double value;
    if (!Boolean.FALSE.equals(handWritten) && call(() -> loss.gradient(outputs, label, g),
        outputs, label)) {
      handWritten = true;
      value = evaluate(Dual.constants(outputs), outputs, label).value();
    } else {
      handWritten = false;
      Dual result = evaluate(Dual.variables(outputs), outputs, label);
      value = result.value();
      result.derivatives(g);
    }
    requireFinite(value, "loss", outputs, label);
    for (double d : g) {
      requireFinite(d, "gradient", outputs, label);
    }
    System.arraycopy(g, 0, gradient, offset, arity);
    return value;
  }

  private Dual evaluate(Dual[] inputs, double[] outputs, double label) {
    Dual result = call(() -> loss.loss(inputs, label), outputs, label);
    if (result == null) {
      throw new IllegalStateException("custom loss " + name() + " returned null for outputs "
          + Arrays.toString(outputs) + " and label " + label);
    }
    return result;
  }

  /** Runs user code, turning an index past the outputs into a clear arity error. */
  private <T> T call(java.util.function.Supplier<T> code, double[] outputs, double label) {
    try {
      return code.get();
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("custom loss " + name() + " read past its " + arity
          + " output(s) for outputs " + Arrays.toString(outputs) + " and label " + label
          + "; its arity() must return the number of outputs it uses", e);
    }
  }

  private void requireFinite(double v, String what, double[] outputs, double label) {
    if (!Double.isFinite(v)) {
      throw new ArithmeticException("custom loss " + name() + " gave a " + what + " of " + v
          + " for outputs " + Arrays.toString(outputs) + " and label " + label);
    }
  }
}
