package dev.descent.spark.ml.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * L-BFGS against an independent reference written from PyTorch's {@code LBFGS.step}: one call
 * with {@code max_iter} iterations, its history in lists and its line search in PyTorch's own
 * structure, where {@link Lbfgs} runs one iteration per call from a state that round-trips. Then
 * OWL-QN's optimality on L1 problems with known solutions, and the hyperparameter checks.
 */
class LbfgsTest {

  /** The extended Rosenbrock function over pairs of coordinates: minimum 0 at all ones. */
  static final SmoothObjective ROSENBROCK = x -> {
    double value = 0;
    double[] g = new double[x.length];
    for (int i = 0; i + 1 < x.length; i += 2) {
      double a = 1 - x[i];
      double b = x[i + 1] - x[i] * x[i];
      value += a * a + 100 * b * b;
      g[i] = -2 * a - 400 * x[i] * b;
      g[i + 1] = 200 * b;
    }
    return new SmoothObjective.Value(value, g);
  };

  private static final double[] START = {-1.2, 1.0, -0.5, 0.8, 1.5, 2.0};

  // ------------------------------------------------------------------ reference

  /** PyTorch's step(closure) with max_iter iterations and no max_eval cap, x after each. */
  static List<double[]> reference(SmoothObjective f, double[] start, double lr, int historySize,
      boolean strongWolfe, int maxIter) {
    double tolGrad = 1e-7;
    double tolChange = 1e-9;
    double[] x = start.clone();
    List<double[]> trajectory = new ArrayList<>();
    SmoothObjective.Value v = f.at(x);
    double loss = v.value();
    double[] flatGrad = v.gradient();
    if (maxAbs(flatGrad) <= tolGrad) {
      return trajectory;
    }
    double[] d = null;
    double t = 0;
    List<double[]> oldDirs = new ArrayList<>();
    List<double[]> oldStps = new ArrayList<>();
    List<Double> ro = new ArrayList<>();
    double hDiag = 1;
    double[] prevFlatGrad = null;
    double prevLoss;
    int nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      if (nIter == 1) {
        d = scale(flatGrad, -1);
      } else {
        double[] y = sub(flatGrad, prevFlatGrad);
        double[] s = scale(d, t);
        double ys = Lbfgs.dot(y, s);
        if (ys > 1e-10) {
          if (oldDirs.size() == historySize) {
            oldDirs.remove(0);
            oldStps.remove(0);
            ro.remove(0);
          }
          oldDirs.add(y);
          oldStps.add(s);
          ro.add(1.0 / ys);
          hDiag = ys / Lbfgs.dot(y, y);
        }
        int numOld = oldDirs.size();
        double[] al = new double[historySize];
        double[] q = scale(flatGrad, -1);
        for (int i = numOld - 1; i >= 0; i--) {
          al[i] = Lbfgs.dot(oldStps.get(i), q) * ro.get(i);
          addInPlace(q, oldDirs.get(i), -al[i]);
        }
        double[] r = scale(q, hDiag);
        for (int i = 0; i < numOld; i++) {
          double beI = Lbfgs.dot(oldDirs.get(i), r) * ro.get(i);
          addInPlace(r, oldStps.get(i), al[i] - beI);
        }
        d = r;
      }
      prevFlatGrad = flatGrad.clone();
      prevLoss = loss;
      t = nIter == 1 ? Math.min(1.0, 1.0 / sumAbs(flatGrad)) * lr : lr;
      double gtd = Lbfgs.dot(flatGrad, d);
      if (gtd > -tolChange) {
        break;
      }
      if (strongWolfe) {
        Object[] ls = referenceStrongWolfe(f, x, t, d, loss, flatGrad, gtd, tolChange);
        loss = (Double) ls[0];
        flatGrad = (double[]) ls[1];
        t = (Double) ls[2];
        addInPlace(x, d, t);
      } else {
        addInPlace(x, d, t);
        SmoothObjective.Value after = f.at(x);
        loss = after.value();
        flatGrad = after.gradient();
      }
      trajectory.add(x.clone());
      boolean optCond = maxAbs(flatGrad) <= tolGrad;
      if (nIter == maxIter || optCond || maxAbs(scale(d, t)) <= tolChange
          || Math.abs(loss - prevLoss) < tolChange) {
        break;
      }
    }
    return trajectory;
  }

  /** PyTorch's _strong_wolfe, returning {f_new, g_new, t}. */
  private static Object[] referenceStrongWolfe(SmoothObjective f, double[] x, double t,
      double[] d, double f0, double[] g0, double gtd, double tolChange) {
    double c1 = 1e-4;
    double c2 = 0.9;
    int maxLs = 25;
    double dNorm = maxAbs(d);
    SmoothObjective.Value v = f.at(axpy(x, d, t));
    double fNew = v.value();
    double[] gNew = v.gradient();
    double gtdNew = Lbfgs.dot(gNew, d);
    double tPrev = 0;
    double fPrev = f0;
    double[] gPrev = g0.clone();
    double gtdPrev = gtd;
    boolean done = false;
    int lsIter = 0;
    double[] bracket = null;
    double[] bracketF = null;
    double[][] bracketG = null;
    double[] bracketGtd = null;
    while (lsIter < maxLs) {
      if (fNew > f0 + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
        bracket = new double[] {tPrev, t};
        bracketF = new double[] {fPrev, fNew};
        bracketG = new double[][] {gPrev, gNew.clone()};
        bracketGtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        bracket = new double[] {t, t};
        bracketF = new double[] {fNew, fNew};
        bracketG = new double[][] {gNew, gNew};
        done = true;
        break;
      }
      if (gtdNew >= 0) {
        bracket = new double[] {tPrev, t};
        bracketF = new double[] {fPrev, fNew};
        bracketG = new double[][] {gPrev, gNew.clone()};
        bracketGtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      double minStep = t + 0.01 * (t - tPrev);
      double maxStep = t * 10;
      double tmp = t;
      t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
      tPrev = tmp;
      fPrev = fNew;
      gPrev = gNew.clone();
      gtdPrev = gtdNew;
      v = f.at(axpy(x, d, t));
      fNew = v.value();
      gNew = v.gradient();
      gtdNew = Lbfgs.dot(gNew, d);
      lsIter++;
    }
    if (lsIter == maxLs) {
      bracket = new double[] {0, t};
      bracketF = new double[] {f0, fNew};
      bracketG = new double[][] {g0, gNew};
    }
    boolean insufProgress = false;
    int lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
    int highPos = 1 - lowPos;
    while (!done && lsIter < maxLs) {
      if (Math.abs(bracket[1] - bracket[0]) * dNorm < tolChange) {
        break;
      }
      t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1],
          bracketGtd[1], Math.min(bracket[0], bracket[1]), Math.max(bracket[0], bracket[1]));
      double hi = Math.max(bracket[0], bracket[1]);
      double lo = Math.min(bracket[0], bracket[1]);
      double eps = 0.1 * (hi - lo);
      if (Math.min(hi - t, t - lo) < eps) {
        if (insufProgress || t >= hi || t <= lo) {
          t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
          insufProgress = false;
        } else {
          insufProgress = true;
        }
      } else {
        insufProgress = false;
      }
      v = f.at(axpy(x, d, t));
      fNew = v.value();
      gNew = v.gradient();
      gtdNew = Lbfgs.dot(gNew, d);
      lsIter++;
      if (fNew > f0 + c1 * t * gtd || fNew >= bracketF[lowPos]) {
        bracket[highPos] = t;
        bracketF[highPos] = fNew;
        bracketG[highPos] = gNew.clone();
        bracketGtd[highPos] = gtdNew;
        lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
        highPos = 1 - lowPos;
      } else {
        if (Math.abs(gtdNew) <= -c2 * gtd) {
          done = true;
        } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
          bracket[highPos] = bracket[lowPos];
          bracketF[highPos] = bracketF[lowPos];
          bracketG[highPos] = bracketG[lowPos];
          bracketGtd[highPos] = bracketGtd[lowPos];
        }
        bracket[lowPos] = t;
        bracketF[lowPos] = fNew;
        bracketG[lowPos] = gNew.clone();
        bracketGtd[lowPos] = gtdNew;
      }
    }
    return new Object[] {bracketF[lowPos], bracketG[lowPos], bracket[lowPos]};
  }

  private static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2,
      double g2, double lo, double hi) {
    double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
    double d2Square = d1 * d1 - g1 * g2;
    if (d2Square >= 0) {
      double d2 = Math.sqrt(d2Square);
      double minPos = x1 <= x2
          ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
          : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
      return Math.min(Math.max(minPos, lo), hi);
    }
    return (lo + hi) / 2.0;
  }

  // ------------------------------------------------------------------ trajectories

  /** Runs {@code lbfgs} one iteration per call, x after each, until it says it converged. */
  private static List<double[]> iterations(Lbfgs lbfgs, SmoothObjective f, double[] start,
      double lr, int maxIter) {
    double[] x = start.clone();
    OptimizerState state = lbfgs.initialState(x.length);
    List<double[]> trajectory = new ArrayList<>();
    for (int i = 0; i < maxIter; i++) {
      double[] before = x.clone();
      String converged = lbfgs.iterate(x, f, null, lr, state);
      if (!java.util.Arrays.equals(before, x)) {
        trajectory.add(x.clone());
      }
      if (converged != null) {
        break;
      }
      // The state round-trips mid-run, as a checkpoint does.
      state = OptimizerState.of(state.step(), state.slots());
    }
    return trajectory;
  }

  private static void assertSameTrajectory(List<double[]> expected, List<double[]> actual,
      double tolerance) {
    assertEquals(expected.size(), actual.size(), "iterations");
    for (int k = 0; k < expected.size(); k++) {
      for (int i = 0; i < expected.get(k).length; i++) {
        assertEquals(expected.get(k)[i], actual.get(k)[i],
            tolerance * Math.max(1, Math.abs(expected.get(k)[i])), "iteration " + (k + 1)
                + ", coordinate " + i);
      }
    }
  }

  @Test
  void strongWolfeTrajectoryOnRosenbrockMatchesPyTorch() {
    List<double[]> expected = reference(ROSENBROCK, START, 1.0, 100, true, 200);
    assertTrue(expected.size() > 20, "iterations: " + expected.size());
    assertSameTrajectory(expected, iterations(new Lbfgs(100, "strong_wolfe", 1e-7, 1e-9),
        ROSENBROCK, START, 1.0, 200), 1e-12);
    double[] last = expected.get(expected.size() - 1);
    for (double xi : last) {
      assertEquals(1.0, xi, 1e-4);
    }
  }

  @Test
  void shortHistoryDropsTheOldestPairsAsPyTorchDoes() {
    // History 3 fills and wraps the ring many times over.
    assertSameTrajectory(reference(ROSENBROCK, START, 1.0, 3, true, 200),
        iterations(new Lbfgs(3, "strong_wolfe", 1e-7, 1e-9), ROSENBROCK, START, 1.0, 200),
        1e-12);
  }

  @Test
  void fixedStepTrajectoryMatchesPyTorch() {
    List<double[]> expected = reference(ROSENBROCK, START, 0.05, 10, false, 60);
    assertEquals(60, expected.size());
    assertSameTrajectory(expected, iterations(new Lbfgs(10, "none", 1e-7, 1e-9), ROSENBROCK,
        START, 0.05, 60), 1e-12);
  }

  @Test
  void aQuadraticConvergesByTheGradientTolerance() {
    double[] a = {1, 4, 9, 16, 25};
    SmoothObjective quadratic = x -> {
      double value = 0;
      double[] g = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        value += 0.5 * a[i] * (x[i] - i) * (x[i] - i);
        g[i] = a[i] * (x[i] - i);
      }
      return new SmoothObjective.Value(value, g);
    };
    Lbfgs lbfgs = new Lbfgs(100, "strong_wolfe", 1e-7, 0);
    double[] x = new double[5];
    OptimizerState state = lbfgs.initialState(5);
    String converged = null;
    for (int i = 0; i < 50 && converged == null; i++) {
      converged = lbfgs.iterate(x, quadratic, null, 1.0, state);
    }
    assertNotNull(converged);
    assertTrue(converged.contains("toleranceGrad (1.0E-7)"), converged);
    assertTrue(state.step() <= 12, "iterations " + state.step());
    for (int i = 0; i < 5; i++) {
      assertEquals(i, x[i], 1e-7);
    }
    // At the optimum an iteration takes no step.
    double[] before = x.clone();
    assertNotNull(lbfgs.iterate(x, quadratic, null, 1.0, state));
    assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(x));
  }

  // ------------------------------------------------------------------ OWL-QN

  /**
   * A least-squares problem with an L1 penalty whose solution is known in closed form:
   * f(x) = sum_i a_i / 2 (x_i - c_i)^2 + l1 |x_i| is separable, with x_i = soft(c_i, l1 / a_i),
   * plus a coupling term that makes it not separable, checked by the KKT conditions.
   */
  @Test
  void owlqnMeetsTheOptimalityConditionsWithExactZeros() {
    double[] a = {2, 1, 3, 0.5, 4, 1};
    double[] c = {1.0, -0.2, 0.05, 2.0, -1.5, 0.3};
    double coupling = 0.3;
    SmoothObjective f = x -> {
      double value = 0;
      double[] g = new double[x.length];
      double sum = 0;
      for (int i = 0; i < x.length; i++) {
        value += 0.5 * a[i] * (x[i] - c[i]) * (x[i] - c[i]);
        g[i] = a[i] * (x[i] - c[i]);
        sum += x[i];
      }
      value += 0.5 * coupling * sum * sum;
      for (int i = 0; i < x.length; i++) {
        g[i] += coupling * sum;
      }
      return new SmoothObjective.Value(value, g);
    };
    double[] l1 = {0.4, 0.4, 0.4, 0.4, 0.4, 0};
    Lbfgs lbfgs = new Lbfgs(10, "strong_wolfe", 1e-10, 1e-14);
    double[] x = new double[6];
    OptimizerState state = lbfgs.initialState(6);
    String converged = null;
    for (int i = 0; i < 200 && converged == null; i++) {
      converged = lbfgs.iterate(x, f, l1, 1.0, state);
    }
    assertNotNull(converged, "converged within 200 iterations");
    double[] g = f.at(x).gradient();
    int zeros = 0;
    for (int i = 0; i < 6; i++) {
      if (x[i] == 0) {
        zeros++;
        assertTrue(Math.abs(g[i]) <= l1[i] + 1e-9, "|g| <= l1 at zero coordinate " + i);
      } else {
        assertEquals(0, g[i] + l1[i] * Math.signum(x[i]), 1e-7, "stationary coordinate " + i);
      }
    }
    assertTrue(zeros >= 2, "exact zeros: " + zeros + " in " + java.util.Arrays.toString(x));
    // The unpenalized coordinate 5 is never projected to zero.
    assertTrue(x[5] != 0);
  }

  @Test
  void pseudoGradientIsTheDescendingOneSidedDerivative() {
    double[] x = {1, -1, 0, 0, 0};
    double[] smooth = {0.5, 0.5, -2, 2, 0.3};
    double[] l1 = {1, 1, 1, 1, 1};
    assertEquals(java.util.Arrays.toString(new double[] {1.5, -0.5, -1, 1, 0}),
        java.util.Arrays.toString(Lbfgs.pseudoGradient(x, smooth, l1)));
  }

  // ------------------------------------------------------------------ hyperparameters

  @Test
  void invalidHyperparametersAreRejectedNamingThem() {
    assertMessage("historySize must be at least 1, got 0",
        () -> new Lbfgs(0, "strong_wolfe", 1e-7, 1e-9));
    assertMessage("lineSearch must be 'strong_wolfe' or 'none', got 'wolfe'",
        () -> new Lbfgs(10, "wolfe", 1e-7, 1e-9));
    assertThrows(IllegalArgumentException.class, () -> new Lbfgs(10, "none", -1, 1e-9));
    assertThrows(IllegalArgumentException.class, () -> new Lbfgs(10, "none", 1e-7, Double.NaN));
    IllegalArgumentException tooWide = assertThrows(IllegalArgumentException.class,
        () -> new Lbfgs(1000, "none", 1e-7, 1e-9).initialState(10_000_000));
    assertTrue(tooWide.getMessage().contains("lower historySize"), tooWide.getMessage());
  }

  @Test
  void stepWithAGradientIsRefusedNamingWhatToCall() {
    Lbfgs lbfgs = new Lbfgs(10, "none", 1e-7, 1e-9);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> lbfgs.step(new double[1], new double[1], 1, lbfgs.initialState(1)));
    assertTrue(e.getMessage().contains("call iterate"), e.getMessage());
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
  }

  // ------------------------------------------------------------------ vectors

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static double sumAbs(double[] v) {
    double s = 0;
    for (double x : v) {
      s += Math.abs(x);
    }
    return s;
  }

  private static double[] scale(double[] v, double c) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = v[i] * c;
    }
    return r;
  }

  private static double[] sub(double[] a, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] - b[i];
    }
    return r;
  }

  private static void addInPlace(double[] target, double[] v, double c) {
    for (int i = 0; i < target.length; i++) {
      target[i] += c * v[i];
    }
  }

  private static double[] axpy(double[] x, double[] d, double t) {
    double[] r = x.clone();
    addInPlace(r, d, t);
    return r;
  }
}
