package dev.descent.spark.ml.autodiff;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A dual number for forward-mode automatic differentiation: a value together with its partial
 * derivatives with respect to n variables (the model's outputs for one row). Every operation
 * applies the chain rule exactly, so a loss written with these operations has an exact gradient,
 * up to floating-point rounding, with no step size to choose.
 *
 * <p>Instances are immutable. A constant has no derivative entries at all (it stands for zeros of
 * any length), so {@code Dual.constant(2).times(x)} works whatever the number of variables.
 * Functions are evaluated at the value; where a function is not differentiable (|x| at 0, max at
 * a tie) the derivative of one side is used, as PyTorch's autograd does.
 */
public final class Dual implements Serializable {

  private static final double[] NONE = new double[0];

  private final double value;
  private final double[] derivatives;

  private Dual(double value, double[] derivatives) {
    this.value = value;
    this.derivatives = derivatives;
  }

  /** A constant: its derivatives are zero. */
  public static Dual constant(double value) {
    return new Dual(value, NONE);
  }

  /** Variable {@code index} of {@code count}: derivative 1 with respect to itself, 0 otherwise. */
  public static Dual variable(double value, int index, int count) {
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "variable index " + index + " is outside [0, " + count + ")");
    }
    double[] d = new double[count];
    d[index] = 1.0;
    return new Dual(value, d);
  }

  /** Variables 0..n-1 at {@code values}, one per entry. */
  public static Dual[] variables(double[] values) {
    Dual[] out = new Dual[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = variable(values[i], i, values.length);
    }
    return out;
  }

  /** Constants at {@code values}, for evaluating a loss without derivatives. */
  public static Dual[] constants(double[] values) {
    Dual[] out = new Dual[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = constant(values[i]);
    }
    return out;
  }

  public double value() {
    return value;
  }

  /** The partial derivative with respect to variable {@code index} (0 for a constant). */
  public double derivative(int index) {
    return index < derivatives.length ? derivatives[index] : 0.0;
  }

  /** Writes the partial derivatives with respect to the first {@code out.length} variables. */
  public void derivatives(double[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = derivative(i);
    }
  }

  /** Number of variables this number carries derivatives for (0 for a constant). */
  public int numVariables() {
    return derivatives.length;
  }

  // ------------------------------------------------------------------ arithmetic

  public Dual plus(Dual other) {
    return combine(value + other.value, 1.0, other, 1.0);
  }

  public Dual plus(double c) {
    return new Dual(value + c, derivatives);
  }

  public Dual minus(Dual other) {
    return combine(value - other.value, 1.0, other, -1.0);
  }

  public Dual minus(double c) {
    return new Dual(value - c, derivatives);
  }

  public Dual times(Dual other) {
    return combine(value * other.value, other.value, other, value);
  }

  public Dual times(double c) {
    return scaled(value * c, c);
  }

  public Dual div(Dual other) {
    double q = value / other.value;
    return combine(q, 1.0 / other.value, other, -q / other.value);
  }

  public Dual div(double c) {
    return scaled(value / c, 1.0 / c);
  }

  public Dual negate() {
    return scaled(-value, -1.0);
  }

  /** {@code c - this}. */
  public Dual rsub(double c) {
    return scaled(c - value, -1.0);
  }

  /** {@code c / this}. */
  public Dual rdiv(double c) {
    return scaled(c / value, -c / (value * value));
  }

  // ------------------------------------------------------------------ elementary functions

  public Dual square() {
    return scaled(value * value, 2 * value);
  }

  public Dual pow(double exponent) {
    if (exponent == 0) {
      return constant(1.0);
    }
    return scaled(Math.pow(value, exponent), exponent * Math.pow(value, exponent - 1));
  }

  public Dual sqrt() {
    double s = Math.sqrt(value);
    return scaled(s, 0.5 / s);
  }

  public Dual exp() {
    double e = Math.exp(value);
    return scaled(e, e);
  }

  public Dual log() {
    return scaled(Math.log(value), 1.0 / value);
  }

  public Dual log1p() {
    return scaled(Math.log1p(value), 1.0 / (1.0 + value));
  }

  /** {@code log(1 + exp(x))}, computed without overflow. */
  public Dual softplus() {
    double v = value > 0 ? value + Math.log1p(Math.exp(-value)) : Math.log1p(Math.exp(value));
    return scaled(v, sigmoidOf(value));
  }

  public Dual sigmoid() {
    double s = sigmoidOf(value);
    return scaled(s, s * (1 - s));
  }

  public Dual tanh() {
    double t = Math.tanh(value);
    return scaled(t, 1 - t * t);
  }

  /** |x|, with derivative sign(x) and 0 at 0. */
  public Dual abs() {
    return scaled(Math.abs(value), Math.signum(value));
  }

  /** The larger of the two; at a tie, {@code this}. */
  public Dual max(Dual other) {
    return value >= other.value ? this : other;
  }

  public Dual max(double c) {
    return value >= c ? this : constant(c);
  }

  /** The smaller of the two; at a tie, {@code this}. */
  public Dual min(Dual other) {
    return value <= other.value ? this : other;
  }

  public Dual min(double c) {
    return value <= c ? this : constant(c);
  }

  /** {@code log(sum_k exp(x_k))}, shifted by the maximum so it never overflows. */
  public static Dual logSumExp(Dual... xs) {
    if (xs.length == 0) {
      throw new IllegalArgumentException("logSumExp needs at least one argument");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (Dual x : xs) {
      max = Math.max(max, x.value);
    }
    Dual sum = constant(0.0);
    for (Dual x : xs) {
      sum = sum.plus(x.minus(max).exp());
    }
    return sum.log().plus(max);
  }

  private static double sigmoidOf(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /** f(this) with f's derivative {@code slope} at the value: the chain rule. */
  private Dual scaled(double newValue, double slope) {
    double[] d = new double[derivatives.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = slope * derivatives[i];
    }
    return new Dual(newValue, d);
  }

  /** f(this, other) with partial slopes {@code a} by this and {@code b} by other. */
  private Dual combine(double newValue, double a, Dual other, double b) {
    double[] d = new double[Math.max(derivatives.length, other.derivatives.length)];
    for (int i = 0; i < derivatives.length; i++) {
      d[i] = a * derivatives[i];
    }
    for (int i = 0; i < other.derivatives.length; i++) {
      d[i] += b * other.derivatives[i];
    }
    return new Dual(newValue, d);
  }

  @Override
  public String toString() {
    return "Dual(" + value + ", " + Arrays.toString(derivatives) + ")";
  }
}
