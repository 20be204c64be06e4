package dev.descent.spark.ml.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The elastic-net penalty: value, smooth gradient and L1 proximal step, never on intercepts. */
class RegularizationTest {

  /** 3 features x 2 outputs = 6 coefficients, then 2 intercepts. */
  private static final ParameterLayout LAYOUT = new ParameterLayout(3, 2, true);

  private static double[] parameters() {
    return new double[] {0.5, -2.0, 0.0, 3.0, -0.05, 0.2, 10.0, -7.0};
  }

  @Test
  void penaltyValue() {
    double[] w = parameters();
    double squares = 0.25 + 4 + 0 + 9 + 0.0025 + 0.04;
    double absolutes = 0.5 + 2 + 0 + 3 + 0.05 + 0.2;
    for (double regParam : new double[] {0.0, 0.1, 2.5}) {
      for (double alpha : new double[] {0.0, 0.3, 1.0}) {
        Regularization reg = new Regularization(regParam, alpha, LAYOUT.numCoefficients());
        double expected = regParam * ((1 - alpha) / 2 * squares + alpha * absolutes);
        assertEquals(expected, reg.penalty(w), 1e-12, "regParam " + regParam + " alpha " + alpha);
      }
    }
    // Intercepts (indices 6, 7) never count, however large.
    double[] w2 = parameters();
    w2[6] = 1e6;
    w2[7] = -1e6;
    Regularization reg = new Regularization(1.0, 0.5, LAYOUT.numCoefficients());
    assertEquals(reg.penalty(w), reg.penalty(w2), 0.0);
    assertEquals(0.0, new Regularization(1.0, 0.5, 0).penalty(w), 0.0);
  }

  @Test
  void smoothGradientIsTheL2PartOnCoefficientsOnly() {
    double[] w = parameters();
    double regParam = 0.4;
    double alpha = 0.25;
    Regularization reg = new Regularization(regParam, alpha, LAYOUT.numCoefficients());
    double[] gradient = {1, 1, 1, 1, 1, 1, 1, 1};
    reg.addSmoothGradient(w, gradient);
    for (int i = 0; i < w.length; i++) {
      double expected = i < LAYOUT.numCoefficients() ? 1 + regParam * (1 - alpha) * w[i] : 1.0;
      assertEquals(expected, gradient[i], 1e-15, "index " + i);
    }
    // It adds to, not overwrites, the gradient; pure L1 adds nothing.
    double[] g2 = {1, 1, 1, 1, 1, 1, 1, 1};
    new Regularization(0.4, 1.0, 6).addSmoothGradient(w, g2);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, g2, 0.0);
  }

  @Test
  void smoothGradientMatchesFiniteDifferencesOfTheL2Penalty() {
    Random random = new Random(3);
    double[] w = new double[8];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextGaussian();
    }
    Regularization reg = new Regularization(0.7, 0.0, 6);
    double[] g = new double[8];
    reg.addSmoothGradient(w, g);
    for (int i = 0; i < w.length; i++) {
      double[] plus = w.clone();
      double[] minus = w.clone();
      plus[i] += 1e-6;
      minus[i] -= 1e-6;
      double numeric = (reg.penalty(plus) - reg.penalty(minus)) / 2e-6;
      assertEquals(numeric, g[i], 1e-8, "index " + i);
    }
  }

  @Test
  void proximalStepSoftThresholdsCoefficients() {
    double regParam = 0.5;
    double alpha = 0.8;
    double lr = 0.25;
    double threshold = lr * regParam * alpha; // 0.1
    Regularization reg = new Regularization(regParam, alpha, LAYOUT.numCoefficients());
    double[] w = parameters();
    reg.applyProximal(w, steps(lr, w.length));
    double[] expected = {0.4, -1.9, 0.0, 2.9, 0.0, 0.1, 10.0, -7.0};
    assertArrayEquals(expected, w, 1e-15);
    // Exact zeros (no tiny residue, no negative zero sign flips into the other side).
    assertEquals(0.0, w[2], 0.0);
    assertEquals(0.0, Math.abs(w[4]), 0.0);
    // Intercepts untouched.
    assertEquals(10.0, w[6], 0.0);
    assertEquals(-7.0, w[7], 0.0);
    // Values exactly at the threshold go to zero; just above shrink to the excess.
    double[] edge = {threshold, -threshold, 0.3, -0.3, 0, 0, 5, 5};
    reg.applyProximal(edge, steps(lr, edge.length));
    assertEquals(0.0, edge[0], 0.0);
    assertEquals(0.0, edge[1], 0.0);
    assertEquals(0.2, edge[2], 1e-15);
    assertEquals(-0.2, edge[3], 1e-15);
    assertTrue(threshold > 0);
  }

  @Test
  void proximalStepIsTheMinimiserOfTheL1ProximalProblem() {
    // prox(v) = argmin_x 0.5 (x - v)^2 + lr * l1 * |x|; check against a fine grid search.
    Regularization reg = new Regularization(2.0, 0.5, 1);
    double lr = 0.3;
    double t = lr * 1.0;
    for (double v : new double[] {-2.0, -0.31, -0.2, 0.0, 0.1, 0.29, 0.75, 3.0}) {
      double[] w = {v};
      reg.applyProximal(w, steps(lr, w.length));
      double best = Double.NaN;
      double bestValue = Double.POSITIVE_INFINITY;
      for (int k = -40000; k <= 40000; k++) {
        double x = k * 1e-4;
        double value = 0.5 * (x - v) * (x - v) + t * Math.abs(x);
        if (value < bestValue) {
          bestValue = value;
          best = x;
        }
      }
      assertEquals(best, w[0], 1e-4, "prox of " + v);
    }
  }

  /** The same step of {@code lr} for each of {@code n} coordinates: plain SGD's. */
  private static double[] steps(double lr, int n) {
    double[] steps = new double[n];
    Arrays.fill(steps, lr);
    return steps;
  }

  @Test
  void noRegularizationIsANoOp() {
    Regularization none = new Regularization(0.0, 0.5, 6);
    double[] w = parameters();
    double[] g = new double[8];
    assertEquals(0.0, none.penalty(w), 0.0);
    none.addSmoothGradient(w, g);
    none.applyProximal(w, steps(1.0, w.length));
    assertArrayEquals(new double[8], g, 0.0);
    assertArrayEquals(parameters(), w, 0.0);
    // Pure L2 has no proximal step.
    double[] w2 = parameters();
    new Regularization(1.0, 0.0, 6).applyProximal(w2, steps(1.0, w2.length));
    assertArrayEquals(parameters(), w2, 0.0);
  }

  @Test
  void layoutPutsInterceptsAfterCoefficients() {
    assertEquals(8, LAYOUT.size());
    assertEquals(6, LAYOUT.numCoefficients());
    assertEquals(3, LAYOUT.coefficientOffset(1));
    double[] w = parameters();
    assertEquals(10.0, LAYOUT.intercept(w, 0), 0.0);
    assertEquals(-7.0, LAYOUT.intercept(w, 1), 0.0);
    ParameterLayout noIntercept = new ParameterLayout(3, 2, false);
    assertEquals(6, noIntercept.size());
    assertEquals(0.0, noIntercept.intercept(w, 1), 0.0);
  }
}
