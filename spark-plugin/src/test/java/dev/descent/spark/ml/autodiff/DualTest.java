package dev.descent.spark.ml.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class DualTest {

  /** The derivative of {@code f} at x, from the dual number, against the closed form. */
  private static void assertDerivative(String what, UnaryOperator<Dual> f, DoubleUnaryOperator value,
      DoubleUnaryOperator derivative, double... points) {
    for (double x : points) {
      Dual y = f.apply(Dual.variable(x, 0, 1));
      assertEquals(value.applyAsDouble(x), y.value(), 1e-15 * Math.max(1, Math.abs(y.value())),
          what + " value at " + x);
      double expected = derivative.applyAsDouble(x);
      assertEquals(expected, y.derivative(0), 1e-14 * Math.max(1, Math.abs(expected)),
          what + " derivative at " + x);
    }
  }

  @Test
  void elementaryFunctionsHaveTheirClosedFormDerivatives() {
    double[] positive = {0.1, 0.7, 2.5, 40};
    double[] any = {-30, -1.5, -0.2, 0.3, 1.1, 25};
    assertDerivative("square", Dual::square, x -> x * x, x -> 2 * x, any);
    assertDerivative("pow 3.5", d -> d.pow(3.5), x -> Math.pow(x, 3.5),
        x -> 3.5 * Math.pow(x, 2.5), positive);
    assertDerivative("sqrt", Dual::sqrt, Math::sqrt, x -> 0.5 / Math.sqrt(x), positive);
    assertDerivative("exp", Dual::exp, Math::exp, Math::exp, any);
    assertDerivative("log", Dual::log, Math::log, x -> 1 / x, positive);
    assertDerivative("log1p", Dual::log1p, Math::log1p, x -> 1 / (1 + x), positive);
    assertDerivative("sigmoid", Dual::sigmoid, x -> 1 / (1 + Math.exp(-x)),
        x -> Math.exp(-x) / Math.pow(1 + Math.exp(-x), 2), any);
    assertDerivative("tanh", Dual::tanh, Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x), any);
    assertDerivative("abs", Dual::abs, Math::abs, Math::signum, any);
    assertDerivative("negate", Dual::negate, x -> -x, x -> -1, any);
    assertDerivative("rsub", d -> d.rsub(2), x -> 2 - x, x -> -1, any);
    assertDerivative("rdiv", d -> d.rdiv(3), x -> 3 / x, x -> -3 / (x * x), any);
    assertDerivative("affine", d -> d.times(3).plus(1).minus(4).div(2), x -> (3 * x - 3) / 2,
        x -> 1.5, any);
    assertDerivative("max with constant", d -> d.max(0.5), x -> Math.max(x, 0.5),
        x -> x >= 0.5 ? 1 : 0, any);
    assertDerivative("min with constant", d -> d.min(0.5), x -> Math.min(x, 0.5),
        x -> x <= 0.5 ? 1 : 0, any);
  }

  @Test
  void softplusIsStableForLargeArguments() {
    assertDerivative("softplus", Dual::softplus, x -> x > 0 ? x + Math.log1p(Math.exp(-x))
        : Math.log1p(Math.exp(x)), x -> 1 / (1 + Math.exp(-x)), -800, -5, 0, 5, 800);
    assertEquals(800.0, Dual.variable(800, 0, 1).softplus().value(), 0.0);
  }

  @Test
  void productAndQuotientRulesOverSeveralVariables() {
    Dual x = Dual.variable(2.0, 0, 2);
    Dual y = Dual.variable(-3.0, 1, 2);
    Dual f = x.times(y).plus(x.div(y)).minus(y.square());
    assertEquals(2 * -3 + 2 / -3.0 - 9, f.value(), 1e-15);
    assertEquals(-3 + 1 / -3.0, f.derivative(0), 1e-15);
    assertEquals(2 - 2 / 9.0 + 6, f.derivative(1), 1e-15);
    assertEquals(2, f.numVariables());
    Dual g = x.max(y);
    assertEquals(1.0, g.derivative(0));
    assertEquals(0.0, g.derivative(1));
  }

  @Test
  void constantsHaveNoDerivativesAndMixWithVariables() {
    Dual c = Dual.constant(4.0);
    assertEquals(0, c.numVariables());
    assertEquals(0.0, c.derivative(3));
    Dual x = Dual.variable(0.5, 1, 3);
    Dual f = c.times(x).plus(c);
    assertEquals(6.0, f.value());
    assertEquals(0.0, f.derivative(0));
    assertEquals(4.0, f.derivative(1));
    assertEquals(3, f.numVariables());
    double[] all = new double[3];
    f.derivatives(all);
    assertEquals(4.0, all[1]);
  }

  @Test
  void logSumExpIsTheSoftmaxGradientAndNeverOverflows() {
    Dual[] xs = Dual.variables(new double[] {1000, 1001, 999});
    Dual lse = Dual.logSumExp(xs);
    double z = Math.exp(-1) + 1 + Math.exp(-2);
    assertEquals(1001 + Math.log(z), lse.value(), 1e-12);
    assertEquals(Math.exp(-1) / z, lse.derivative(0), 1e-15);
    assertEquals(1 / z, lse.derivative(1), 1e-15);
    assertEquals(Math.exp(-2) / z, lse.derivative(2), 1e-15);
    assertThrows(IllegalArgumentException.class, Dual::logSumExp);
  }

  @Test
  void variableIndexIsChecked() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Dual.variable(1, 2, 2));
    assertTrue(e.getMessage().contains("index 2"), e.getMessage());
  }
}
