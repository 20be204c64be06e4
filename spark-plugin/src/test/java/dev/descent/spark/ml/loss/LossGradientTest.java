package dev.descent.spark.ml.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Finite-difference gradient checks, known values and label checks for every registered loss. */
class LossGradientTest {

  private static final double H = 1e-6;
  private static final double REL_TOL = 1e-6;
  private static final double ABS_TOL = 1e-8;

  /** Shape parameters used for the regression losses, deliberately not the defaults. */
  private static final double HUBER_DELTA = 1.35;
  private static final double INSENSITIVITY = 0.1;
  private static final double QUANTILE = 0.3;

  /** Margins spread over [-8, 8] plus a few far out, none within 1e-3 of a kink. */
  private static final double[] MARGINS = margins();

  private static double[] margins() {
    List<Double> list = new ArrayList<>();
    for (int i = -40; i <= 40; i++) {
      list.add(i * 0.2 + 0.0137);
    }
    for (double m : new double[] {-30.3, -15.7, 12.1, 25.9, -0.9963, 0.9971, 1.0037, -1.0041}) {
      list.add(m);
    }
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static Stream<String> classificationNames() {
    return Losses.CLASSIFICATION.stream();
  }

  static Stream<String> regressionNames() {
    return Losses.REGRESSION.stream();
  }

  static Stream<Arguments> multiclassCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String name : Losses.CLASSIFICATION) {
      for (int k : new int[] {3, 4}) {
        cases.add(Arguments.of(name, k));
      }
    }
    return cases.stream();
  }

  private static RegressionLoss regression(String name) {
    return Losses.regression(name, HUBER_DELTA, INSENSITIVITY, QUANTILE);
  }

  /** The points where the loss of (margin, label) is not differentiable. */
  private static double[] kinks(Loss loss, double label) {
    return switch (loss.name()) {
      case "hinge", "squared_hinge" -> new double[] {1.0, -1.0};
      case "modified_huber" -> new double[] {1.0, -1.0};
      case "huber" -> new double[] {label - HUBER_DELTA, label + HUBER_DELTA};
      case "epsilon_insensitive" -> new double[] {label - INSENSITIVITY, label + INSENSITIVITY};
      case "quantile" -> new double[] {label};
      default -> new double[0];
    };
  }

  private static boolean nearKink(Loss loss, double margin, double label) {
    for (double k : kinks(loss, label)) {
      if (Math.abs(margin - k) < 1e-4) {
        return true;
      }
    }
    return false;
  }

  private static void assertClose(double expected, double actual, String what) {
    double tol = ABS_TOL + REL_TOL * Math.max(Math.abs(expected), Math.abs(actual));
    if (!(Math.abs(expected - actual) <= tol)) {
      fail(what + ": expected " + expected + " but got " + actual);
    }
  }

  /** Checks the analytic gradient of {@code loss} at {@code margins} by central differences. */
  private static void checkGradient(Loss loss, double[] margins, double label) {
    int k = loss.numOutputs();
    double[] grad = new double[k];
    double value = loss.lossAndGradient(margins.clone(), label, grad);
    assertTrue(Double.isFinite(value), "loss is finite");
    double[] scratch = new double[k];
    for (int j = 0; j < k; j++) {
      double[] plus = margins.clone();
      double[] minus = margins.clone();
      double h = H * Math.max(1.0, Math.abs(margins[j]));
      plus[j] += h;
      minus[j] -= h;
      double numeric = (loss.lossAndGradient(plus, label, scratch)
          - loss.lossAndGradient(minus, label, scratch)) / (plus[j] - minus[j]);
      // Central differences of a function of size |f| carry a rounding error ~ eps*|f|/h.
      double tol = 1e-6 * Math.max(1.0, Math.abs(grad[j])) + 1e-15 * Math.abs(value) / h;
      if (!(Math.abs(numeric - grad[j]) <= tol)) {
        fail(loss.name() + " d/dm" + j + " at margins " + java.util.Arrays.toString(margins)
            + " label " + label + ": analytic " + grad[j] + ", numeric " + numeric);
      }
    }
  }

  // ---------------------------------------------------------------- gradients

  @ParameterizedTest
  @MethodSource("classificationNames")
  void binaryGradientsMatchFiniteDifferences(String name) {
    ClassificationLoss loss = Losses.classification(name, 2);
    assertEquals(1, loss.numOutputs());
    int checked = 0;
    for (double label : new double[] {0.0, 1.0}) {
      for (double m : MARGINS) {
        double z = (2 * label - 1) * m;
        if (nearKink(loss, z, label)) {
          continue;
        }
        checkGradient(loss, new double[] {m}, label);
        checked++;
      }
    }
    assertTrue(checked > 150, "checked " + checked + " points");
  }

  @ParameterizedTest
  @MethodSource("multiclassCases")
  void multiclassGradientsMatchFiniteDifferences(String name, int numClasses) {
    ClassificationLoss loss = Losses.classification(name, numClasses);
    assertEquals(numClasses, loss.numOutputs());
    if (name.equals("log")) {
      assertTrue(loss instanceof SoftmaxLoss, "log with " + numClasses + " classes is softmax");
    } else {
      assertTrue(loss instanceof OneVsRestLoss, name + " with " + numClasses + " classes is OvR");
    }
    Random random = new Random(17L * numClasses + name.hashCode());
    int checked = 0;
    while (checked < 200) {
      double[] margins = new double[numClasses];
      for (int k = 0; k < numClasses; k++) {
        margins[k] = random.nextGaussian() * 3;
      }
      int y = random.nextInt(numClasses);
      boolean skip = false;
      for (int k = 0; k < numClasses; k++) {
        double z = (k == y ? 1 : -1) * margins[k];
        skip |= !name.equals("log") && nearKink(loss, z, 0);
      }
      if (skip) {
        continue;
      }
      checkGradient(loss, margins, y);
      checked++;
    }
  }

  @ParameterizedTest
  @MethodSource("regressionNames")
  void regressionGradientsMatchFiniteDifferences(String name) {
    RegressionLoss loss = regression(name);
    assertEquals(1, loss.numOutputs());
    double[] labels = name.equals("poisson")
        ? new double[] {0.0, 0.5, 1.0, 3.0, 17.0}
        : new double[] {-7.5, -1.0, 0.0, 0.25, 2.0, 13.0};
    int checked = 0;
    for (double y : labels) {
      for (double m : MARGINS) {
        if (nearKink(loss, m, y) || (name.equals("poisson") && Math.abs(m) > 10)) {
          continue;
        }
        checkGradient(loss, new double[] {m}, y);
        checked++;
      }
    }
    assertTrue(checked > 300, "checked " + checked + " points");
  }

  @ParameterizedTest
  @MethodSource("classificationNames")
  void oneVsRestIsTheSumOfBinaryLosses(String name) {
    if (name.equals("log")) {
      return; // multi-class log is softmax, checked separately
    }
    BinaryLoss binary = (BinaryLoss) Losses.classification(name, 2);
    ClassificationLoss ovr = Losses.classification(name, 4);
    double[] margins = {0.3, -1.7, 2.2, -0.4};
    double[] grad = new double[4];
    double total = ovr.lossAndGradient(margins, 2.0, grad);
    double expected = 0;
    double[] d = new double[1];
    for (int k = 0; k < 4; k++) {
      expected += binary.lossAndDerivative(margins[k], k == 2 ? 1.0 : 0.0, d, 0);
      assertEquals(d[0], grad[k], 0.0);
    }
    assertEquals(expected, total, 1e-15);
  }

  @Test
  void softmaxLossMatchesDefinitionAndGradientSumsToZero() {
    SoftmaxLoss loss = new SoftmaxLoss(4);
    double[] margins = {0.5, -1.25, 2.0, 0.0};
    double[] grad = new double[4];
    for (int y = 0; y < 4; y++) {
      double value = loss.lossAndGradient(margins, y, grad);
      double sum = 0;
      for (double m : margins) {
        sum += Math.exp(m);
      }
      assertEquals(Math.log(sum) - margins[y], value, 1e-14);
      double gsum = 0;
      for (int k = 0; k < 4; k++) {
        assertEquals(Math.exp(margins[k]) / sum - (k == y ? 1 : 0), grad[k], 1e-15);
        gsum += grad[k];
      }
      assertEquals(0.0, gsum, 1e-15);
    }
    // Stable for huge margins: shift invariance.
    double[] shifted = {1000.5, 998.75, 1002.0, 1000.0};
    double[] grad2 = new double[4];
    assertEquals(loss.lossAndGradient(margins, 1, grad), loss.lossAndGradient(shifted, 1, grad2),
        1e-12);
    for (int k = 0; k < 4; k++) {
      assertEquals(grad[k], grad2[k], 1e-12);
    }
  }

  // ---------------------------------------------------------------- known values

  private static double binaryLoss(String name, double margin, double label) {
    return Losses.classification(name, 2).lossAndGradient(new double[] {margin}, label,
        new double[1]);
  }

  private static double binaryGrad(String name, double margin, double label) {
    double[] g = new double[1];
    Losses.classification(name, 2).lossAndGradient(new double[] {margin}, label, g);
    return g[0];
  }

  @Test
  void logLossKnownValues() {
    assertEquals(Math.log(2), binaryLoss("log", 0, 1), 1e-15);
    assertEquals(Math.log(2), binaryLoss("log", 0, 0), 1e-15);
    assertEquals(-0.5, binaryGrad("log", 0, 1), 1e-15);
    assertEquals(0.5, binaryGrad("log", 0, 0), 1e-15);
    for (double m : new double[] {-3.0, -0.5, 0.7, 4.0}) {
      assertEquals(Math.log(1 + Math.exp(-m)), binaryLoss("log", m, 1), 1e-14);
      assertEquals(Math.log(1 + Math.exp(m)), binaryLoss("log", m, 0), 1e-14);
      double p = 1 / (1 + Math.exp(-m));
      assertEquals(p - 1, binaryGrad("log", m, 1), 1e-15);
      assertEquals(p, binaryGrad("log", m, 0), 1e-15);
    }
  }

  @Test
  void logLossIsStableAtExtremeMargins() {
    // Correctly classified far away: loss ~ exp(-|m|), gradient ~ -exp(-|m|) for label 1.
    assertEquals(0.0, binaryLoss("log", 1000, 1), 0.0);
    assertEquals(0.0, binaryLoss("log", -1000, 0), 0.0);
    assertEquals(Math.exp(-40), binaryLoss("log", 40, 1), 1e-30);
    assertEquals(-Math.exp(-40), binaryGrad("log", 40, 1), 1e-30);
    // Misclassified far away: loss ~ |m|, gradient saturates at +-1.
    assertEquals(1000.0, binaryLoss("log", -1000, 1), 0.0);
    assertEquals(1000.0, binaryLoss("log", 1000, 0), 0.0);
    assertEquals(-1.0, binaryGrad("log", -1000, 1), 0.0);
    assertEquals(1.0, binaryGrad("log", 1000, 0), 0.0);
    assertEquals(0.0, binaryGrad("log", 1000, 1), 0.0);
    assertEquals(0.0, binaryGrad("log", -1000, 0), 0.0);
    ClassificationLoss log = Losses.classification("log", 2);
    double[] p = new double[2];
    log.probabilities(new double[] {1000}, p);
    assertEquals(1.0, p[1], 0.0);
    assertEquals(0.0, p[0], 0.0);
    log.probabilities(new double[] {-1000}, p);
    assertEquals(0.0, p[1], 0.0);
    assertEquals(1.0, p[0], 0.0);
    for (double m : new double[] {-1e300, -745, 745, 1e300, Double.MAX_VALUE}) {
      for (double y : new double[] {0, 1}) {
        assertTrue(Double.isFinite(binaryLoss("log", m, y)), "log loss at " + m);
        assertTrue(Double.isFinite(binaryGrad("log", m, y)), "log gradient at " + m);
      }
    }
    // Softmax is stable too.
    double[] g = new double[3];
    double v = new SoftmaxLoss(3).lossAndGradient(new double[] {1000, -1000, 0}, 1, g);
    assertEquals(2000.0, v, 1e-9);
    assertEquals(1.0, g[0], 0.0);
    assertEquals(-1.0, g[1], 0.0);
  }

  @Test
  void hingeKnownValues() {
    assertEquals(0.0, binaryLoss("hinge", 1.0, 1), 0.0);
    assertEquals(0.0, binaryLoss("hinge", -1.0, 0), 0.0);
    assertEquals(1.0, binaryLoss("hinge", 0.0, 1), 0.0);
    assertEquals(3.5, binaryLoss("hinge", -2.5, 1), 0.0);
    assertEquals(3.5, binaryLoss("hinge", 2.5, 0), 0.0);
    assertEquals(0.0, binaryLoss("hinge", 7.0, 1), 0.0);
    // Subgradient 0 from z = 1 on (as LinearSVC), -1 below.
    assertEquals(0.0, binaryGrad("hinge", 1.0, 1), 0.0);
    assertEquals(-1.0, binaryGrad("hinge", 0.999, 1), 0.0);
    assertEquals(1.0, binaryGrad("hinge", 0.5, 0), 0.0);
  }

  @Test
  void squaredHingeKnownValues() {
    assertEquals(0.0, binaryLoss("squared_hinge", 1.0, 1), 0.0);
    assertEquals(1.0, binaryLoss("squared_hinge", 0.0, 1), 0.0);
    assertEquals(12.25, binaryLoss("squared_hinge", -2.5, 1), 0.0);
    assertEquals(12.25, binaryLoss("squared_hinge", 2.5, 0), 0.0);
    assertEquals(-7.0, binaryGrad("squared_hinge", -2.5, 1), 0.0);
    assertEquals(7.0, binaryGrad("squared_hinge", 2.5, 0), 0.0);
  }

  @Test
  void modifiedHuberKnownValues() {
    assertEquals(0.0, binaryLoss("modified_huber", 1.0, 1), 0.0);
    assertEquals(0.0, binaryLoss("modified_huber", 3.0, 1), 0.0);
    assertEquals(1.0, binaryLoss("modified_huber", 0.0, 1), 0.0);
    assertEquals(4.0, binaryLoss("modified_huber", -1.0, 1), 0.0);
    assertEquals(0.25, binaryLoss("modified_huber", 0.5, 1), 0.0);
    // Below z = -1 it is linear: -4z.
    for (double z : new double[] {-1.5, -3.0, -100.0}) {
      assertEquals(-4 * z, binaryLoss("modified_huber", z, 1), 1e-12);
      assertEquals(-4 * z, binaryLoss("modified_huber", -z, 0), 1e-12);
      assertEquals(-4.0, binaryGrad("modified_huber", z, 1), 0.0);
      assertEquals(4.0, binaryGrad("modified_huber", -z, 0), 0.0);
    }
    // Continuous with continuous derivative at z = -1.
    assertEquals(binaryLoss("modified_huber", -1.0 + 1e-9, 1),
        binaryLoss("modified_huber", -1.0 - 1e-9, 1), 1e-7);
    assertEquals(-4.0, binaryGrad("modified_huber", -1.0, 1), 0.0);
    assertEquals(-1.0, binaryGrad("modified_huber", 0.5, 1), 0.0);
  }

  @Test
  void regressionKnownValues() {
    double[] g = new double[1];
    RegressionLoss squared = regression("squared");
    assertEquals(4.5, squared.lossAndDerivative(5, 2, g, 0), 0.0);
    assertEquals(3.0, g[0], 0.0);

    RegressionLoss huber = regression("huber");
    assertEquals(0.5 * 0.25, huber.lossAndDerivative(2.5, 2, g, 0), 1e-15);
    assertEquals(0.5, g[0], 1e-15);
    assertEquals(HUBER_DELTA * (3 - HUBER_DELTA / 2), huber.lossAndDerivative(-1, 2, g, 0), 1e-15);
    assertEquals(-HUBER_DELTA, g[0], 0.0);
    assertEquals(HUBER_DELTA * (10 - HUBER_DELTA / 2), huber.lossAndDerivative(12, 2, g, 0),
        1e-13);
    assertEquals(HUBER_DELTA, g[0], 0.0);

    RegressionLoss eps = regression("epsilon_insensitive");
    assertEquals(0.0, eps.lossAndDerivative(2.05, 2, g, 0), 0.0);
    assertEquals(0.0, g[0], 0.0);
    assertEquals(0.0, eps.lossAndDerivative(1.95, 2, g, 0), 0.0);
    assertEquals(0.0, g[0], 0.0);
    assertEquals(2.9, eps.lossAndDerivative(5, 2, g, 0), 1e-15);
    assertEquals(1.0, g[0], 0.0);
    assertEquals(1.9, eps.lossAndDerivative(0, 2, g, 0), 1e-15);
    assertEquals(-1.0, g[0], 0.0);

    // Pinball: q (y - m) if y >= m else (1 - q)(m - y).
    RegressionLoss quantile = regression("quantile");
    assertEquals(QUANTILE * 3, quantile.lossAndDerivative(-1, 2, g, 0), 1e-15);
    assertEquals(-QUANTILE, g[0], 0.0);
    assertEquals((1 - QUANTILE) * 3, quantile.lossAndDerivative(5, 2, g, 0), 1e-15);
    assertEquals(1 - QUANTILE, g[0], 0.0);
    assertEquals(0.0, quantile.lossAndDerivative(2, 2, g, 0), 0.0);

    RegressionLoss poisson = regression("poisson");
    for (double m : new double[] {-2, 0, 0.5, 3}) {
      for (double y : new double[] {0, 1, 4.5}) {
        assertEquals(Math.exp(m) - y * m, poisson.lossAndDerivative(m, y, g, 0), 1e-13);
        assertEquals(Math.exp(m) - y, g[0], 1e-13);
      }
      assertEquals(Math.exp(m), poisson.predict(m), 0.0);
      assertEquals(m, squared.predict(m), 0.0);
      assertEquals(m, huber.predict(m), 0.0);
    }
  }

  @Test
  void quantileLossMinimiserIsTheQuantile() {
    // The empirical pinball risk over labels 0..9 is minimised at the 0.3 quantile (between 2 and 3).
    RegressionLoss quantile = regression("quantile");
    double[] g = new double[1];
    double best = Double.NaN;
    double bestRisk = Double.POSITIVE_INFINITY;
    for (double m = -1; m <= 10; m += 0.01) {
      double risk = 0;
      for (int y = 0; y < 10; y++) {
        risk += quantile.lossAndDerivative(m, y, g, 0);
      }
      if (risk < bestRisk - 1e-12) {
        bestRisk = risk;
        best = m;
      }
    }
    assertTrue(best >= 2 - 1e-9 && best <= 3 + 1e-9, "minimiser " + best);
  }

  @Test
  void invalidShapeParametersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new HuberLoss(0));
    assertThrows(IllegalArgumentException.class, () -> new HuberLoss(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new EpsilonInsensitiveLoss(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new QuantileLoss(0));
    assertThrows(IllegalArgumentException.class, () -> new QuantileLoss(1));
    assertThrows(IllegalArgumentException.class, () -> new SoftmaxLoss(1));
    assertThrows(IllegalArgumentException.class, () -> new OneVsRestLoss(new HingeLoss(), 2));
  }

  // ---------------------------------------------------------------- probabilities

  @Test
  void binaryProbabilitiesMatchSigmoidAndModifiedHuber() {
    ClassificationLoss log = Losses.classification("log", 2);
    ClassificationLoss mh = Losses.classification("modified_huber", 2);
    assertTrue(log.hasProbabilities());
    assertTrue(mh.hasProbabilities());
    double[] p = new double[2];
    for (double m : MARGINS) {
      log.probabilities(new double[] {m}, p);
      assertEquals(1 / (1 + Math.exp(-m)), p[1], 1e-15);
      assertEquals(1.0, p[0] + p[1], 1e-15);
      mh.probabilities(new double[] {m}, p);
      assertEquals((Math.max(-1, Math.min(1, m)) + 1) / 2, p[1], 0.0);
      assertEquals(1.0, p[0] + p[1], 1e-15);
    }
    mh.probabilities(new double[] {0.5}, p);
    assertEquals(0.75, p[1], 0.0);
    mh.probabilities(new double[] {-3}, p);
    assertEquals(0.0, p[1], 0.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hinge", "squared_hinge"})
  void marginLossesHaveNoProbabilities(String name) {
    ClassificationLoss binary = Losses.classification(name, 2);
    assertFalse(binary.hasProbabilities());
    assertFalse(Losses.classification(name, 3).hasProbabilities());
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> binary.probabilities(new double[] {0.3}, new double[2]));
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @Test
  void softmaxProbabilitiesMatchSoftmax() {
    Random random = new Random(5);
    for (int numClasses = 2; numClasses <= 5; numClasses++) {
      SoftmaxLoss loss = new SoftmaxLoss(numClasses);
      double[] p = new double[numClasses];
      for (int trial = 0; trial < 50; trial++) {
        double[] m = new double[numClasses];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < numClasses; k++) {
          m[k] = random.nextGaussian() * (trial < 40 ? 3 : 30);
          max = Math.max(max, m[k]);
        }
        double sum = 0;
        for (double v : m) {
          sum += Math.exp(v - max);
        }
        loss.probabilities(m, p);
        double total = 0;
        for (int k = 0; k < numClasses; k++) {
          double expected = Math.exp(m[k] - max) / sum;
          assertEquals(expected, p[k], 1e-15 + 1e-12 * expected,
              "class " + k + " of " + java.util.Arrays.toString(m));
          total += p[k];
        }
        assertEquals(1.0, total, 1e-14);
      }
    }
  }

  @Test
  void softmaxProbabilitiesKeepRelativePrecisionForEveryClass() {
    // Small probabilities must not be lost to cancellation, whichever class they belong to.
    SoftmaxLoss loss = new SoftmaxLoss(3);
    double[] p = new double[3];
    for (int small = 0; small < 3; small++) {
      double[] m = {0.0, 0.0, 0.0};
      m[small] = -50;
      loss.probabilities(m, p);
      double expected = Math.exp(-50) / (2 + Math.exp(-50));
      assertEquals(expected, p[small], 1e-12 * expected, "tiny probability of class " + small);
      assertEquals(0.5, p[(small + 1) % 3], 1e-15);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"log", "modified_huber"})
  void multiclassProbabilitiesSumToOne(String name) {
    ClassificationLoss loss = Losses.classification(name, 4);
    assertTrue(loss.hasProbabilities());
    double[] p = new double[4];
    Random random = new Random(11);
    for (int trial = 0; trial < 100; trial++) {
      double[] m = new double[4];
      for (int k = 0; k < 4; k++) {
        m[k] = random.nextGaussian() * 2;
      }
      loss.probabilities(m, p);
      double total = 0;
      for (double v : p) {
        assertTrue(v >= 0 && v <= 1, "probability " + v);
        total += v;
      }
      assertEquals(1.0, total, 1e-14);
    }
    if (name.equals("modified_huber")) {
      // Normalised per-class probabilities; uniform when all are zero.
      loss.probabilities(new double[] {0.0, 1.0, -1.0, 0.5}, p);
      assertEquals(0.5 / 2.25, p[0], 1e-15);
      assertEquals(1.0 / 2.25, p[1], 1e-15);
      assertEquals(0.0, p[2], 0.0);
      assertEquals(0.75 / 2.25, p[3], 1e-15);
      loss.probabilities(new double[] {-2, -3, -1, -5}, p);
      for (double v : p) {
        assertEquals(0.25, v, 0.0);
      }
    }
  }

  // ---------------------------------------------------------------- labels

  @ParameterizedTest
  @MethodSource("classificationNames")
  void binaryLabelErrors(String name) {
    ClassificationLoss loss = Losses.classification(name, 2);
    assertNull(loss.labelError(0.0));
    assertNull(loss.labelError(1.0));
    for (double bad : new double[] {-1.0, 2.0, 0.5, -0.0 - 1e-9, Double.NaN, 1.0000001}) {
      assertNotNull(loss.labelError(bad), "label " + bad);
    }
  }

  @ParameterizedTest
  @MethodSource("multiclassCases")
  void multiclassLabelErrors(String name, int numClasses) {
    ClassificationLoss loss = Losses.classification(name, numClasses);
    for (int k = 0; k < numClasses; k++) {
      assertNull(loss.labelError(k), "label " + k);
    }
    for (double bad : new double[] {-1, numClasses, numClasses + 0.0001, 1.5, -0.5, Double.NaN,
        Double.POSITIVE_INFINITY}) {
      String error = loss.labelError(bad);
      assertNotNull(error, "label " + bad);
      assertTrue(error.contains(String.valueOf(numClasses - 1)), error);
    }
  }

  @ParameterizedTest
  @MethodSource("regressionNames")
  void regressionLabelErrors(String name) {
    RegressionLoss loss = regression(name);
    assertNull(loss.labelError(0.0));
    assertNull(loss.labelError(3.7));
    if (name.equals("poisson")) {
      assertNotNull(loss.labelError(-0.001));
      assertNotNull(loss.labelError(-5));
      assertNotNull(loss.labelError(Double.NaN));
    } else {
      assertNull(loss.labelError(-3.7));
    }
  }

  // ---------------------------------------------------------------- registry

  @Test
  void registryNamesAndErrors() {
    for (String name : Losses.CLASSIFICATION) {
      assertEquals(name, Losses.classification(name, 2).name());
      assertEquals(name, Losses.classification(name, 3).name());
    }
    for (String name : Losses.REGRESSION) {
      assertEquals(name, regression(name).name());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.classification("squared", 2));
    assertTrue(e.getMessage().contains("'squared'"), e.getMessage());
    for (String known : Losses.CLASSIFICATION) {
      assertTrue(e.getMessage().contains(known), e.getMessage());
    }
    e = assertThrows(IllegalArgumentException.class, () -> Losses.classification("nope", 5));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> regression("log"));
    assertTrue(e.getMessage().contains("'log'"), e.getMessage());
    for (String known : Losses.REGRESSION) {
      assertTrue(e.getMessage().contains(known), e.getMessage());
    }
  }
}
