package dev.descent.spark.ml.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One conformance suite run over every registered optimizer (with PyTorch's defaults and with
 * every optional feature switched on), plus exact-semantics checks of each update rule against
 * an independent scalar reference written from PyTorch's documented algorithm.
 */
class OptimizerConformanceTest {

  // ------------------------------------------------------------------ hyperparameters

  /** A mutable builder over {@link Hyperparameters}, starting from PyTorch's defaults. */
  static final class Hp {
    double momentum = 0.0;
    double dampening = 0.0;
    boolean nesterov = false;
    double beta1 = 0.9;
    double beta2 = 0.999;
    OptionalDouble epsilon = OptionalDouble.empty();
    boolean amsgrad = false;
    OptionalDouble weightDecay = OptionalDouble.empty();
    OptionalDouble rho = OptionalDouble.empty();
    boolean centered = false;
    double initialAccumulatorValue = 0.0;
    double lrDecay = 0.0;
    double momentumDecay = 4e-3;
    double etaMinus = 0.5;
    double etaPlus = 1.2;
    double minStepSize = 1e-6;
    double maxStepSize = 50;
    double asgdLambda = 1e-4;
    double asgdAlpha = 0.75;
    double asgdT0 = 1e6;
    int historySize = 100;
    String lineSearch = Lbfgs.STRONG_WOLFE;
    double toleranceGrad = 1e-7;
    double toleranceChange = 1e-9;

    Hyperparameters build() {
      return new Hyperparameters(momentum, dampening, nesterov, beta1, beta2, epsilon, amsgrad,
          weightDecay, rho, centered, initialAccumulatorValue, lrDecay, momentumDecay, etaMinus,
          etaPlus, minStepSize, maxStepSize, asgdLambda, asgdAlpha, asgdT0, historySize,
          lineSearch, toleranceGrad, toleranceChange);
    }
  }

  @Test
  void hpBuilderDefaultsMatchHyperparametersDefaults() {
    assertEquals(Hyperparameters.defaults(), new Hp().build());
  }

  /** Every optional feature on: momentum buffers, amsgrad, centering, accumulators, decays. */
  static Hyperparameters rich() {
    Hp h = new Hp();
    h.momentum = 0.9;
    h.amsgrad = true;
    h.centered = true;
    h.initialAccumulatorValue = 0.1;
    h.lrDecay = 0.001;
    h.weightDecay = OptionalDouble.of(0.05);
    h.beta1 = 0.8;
    h.beta2 = 0.99;
    return h.build();
  }

  /**
   * The registered optimizers that take one step per gradient: all but lbfgs, which evaluates
   * the objective itself (its own suite is {@link LbfgsTest}).
   */
  static List<String> stepNames() {
    return Optimizers.names().stream()
        .filter(name -> !(Optimizers.create(name, Hyperparameters.defaults())
            instanceof FullBatchOptimizer))
        .toList();
  }

  static Stream<Arguments> optimizers() {
    List<Arguments> cases = new ArrayList<>();
    for (String name : stepNames()) {
      cases.add(Arguments.of(name, "defaults"));
      cases.add(Arguments.of(name, "rich"));
    }
    return cases.stream();
  }

  private static Optimizer create(String name, String variant) {
    return Optimizers.create(name,
        variant.equals("defaults") ? Hyperparameters.defaults() : rich());
  }

  private static double[] randomVector(Random random, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian() * scale;
    }
    return v;
  }

  private static double lr(String name) {
    return Optimizers.defaultLearningRate(name);
  }

  @Test
  void registryHasTheTwelveOptimizers() {
    assertEquals(List.of("sgd", "adam", "adamw", "adagrad", "rmsprop", "adadelta", "adamax",
        "nadam", "radam", "rprop", "asgd", "lbfgs"), Optimizers.names());
    assertEquals(List.of("lbfgs"), Optimizers.names().stream()
        .filter(name -> !stepNames().contains(name)).toList());
    for (String name : Optimizers.names()) {
      assertEquals(name, Optimizers.create(name, Hyperparameters.defaults()).name());
      assertTrue(Optimizers.defaultLearningRate(name) > 0);
    }
  }

  // ------------------------------------------------------------------ conformance

  private static final java.util.Set<String> ONE_NUMBER_SLOTS =
      java.util.Set.of("mu_product", "eta", "mu");

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("optimizers")
  void stepCountStartsAtZeroAndAdvancesByOne(String name, String variant) {
    Optimizer opt = create(name, variant);
    OptimizerState state = opt.initialState(4);
    assertEquals(0, state.step());
    for (Map.Entry<String, double[]> slot : state.slots().entrySet()) {
      // One-number slots: NAdam's mu_product, ASGD's eta and mu (PyTorch's scalars).
      assertEquals(4, ONE_NUMBER_SLOTS.contains(slot.getKey()) ? 4 : slot.getValue().length,
          "slot " + slot.getKey());
    }
    Random random = new Random(1);
    double[] theta = randomVector(random, 4, 1);
    for (int t = 1; t <= 7; t++) {
      opt.step(theta, randomVector(random, 4, 1), lr(name), state);
      assertEquals(t, state.step());
    }
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("optimizers")
  void stateRoundTripsAndResumesBitIdentically(String name, String variant) {
    Optimizer opt = create(name, variant);
    Random random = new Random(2);
    int n = 6;
    double[] theta = randomVector(random, n, 1);
    OptimizerState state = opt.initialState(n);
    for (int t = 0; t < 5; t++) {
      opt.step(theta, randomVector(random, n, 1), lr(name), state);
    }
    OptimizerState restored = OptimizerState.of(state.step(), state.slots());
    assertEquals(state, restored);
    assertEquals(state.hashCode(), restored.hashCode());
    assertEquals(state.slots().keySet().stream().toList(),
        restored.slots().keySet().stream().toList(), "slot order is kept");

    double[] thetaA = theta.clone();
    double[] thetaB = theta.clone();
    for (int t = 0; t < 10; t++) {
      double[] g = randomVector(random, n, 1);
      opt.step(thetaA, g, lr(name), state);
      opt.step(thetaB, g, lr(name), restored);
    }
    assertArrayEquals(thetaA, thetaB, 0.0);
    assertEquals(state, restored);
    // After diverging in one step, they are no longer equal.
    opt.step(thetaA, randomVector(random, n, 1), lr(name), state);
    assertNotEquals(state, restored);
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("optimizers")
  void optimizerAndStateSurviveJavaSerialization(String name, String variant) throws Exception {
    Optimizer opt = create(name, variant);
    Random random = new Random(3);
    int n = 5;
    double[] theta = randomVector(random, n, 1);
    OptimizerState state = opt.initialState(n);
    for (int t = 0; t < 3; t++) {
      opt.step(theta, randomVector(random, n, 1), lr(name), state);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(opt);
      out.writeObject(state);
    }
    Optimizer opt2;
    OptimizerState state2;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      opt2 = (Optimizer) in.readObject();
      state2 = (OptimizerState) in.readObject();
    }
    assertEquals(state, state2);
    double[] theta2 = theta.clone();
    for (int t = 0; t < 4; t++) {
      double[] g = randomVector(random, n, 1);
      opt.step(theta, g, lr(name), state);
      opt2.step(theta2, g, lr(name), state2);
    }
    assertArrayEquals(theta, theta2, 0.0);
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("optimizers")
  void copyIsDeep(String name, String variant) {
    Optimizer opt = create(name, variant);
    Random random = new Random(4);
    int n = 5;
    double[] theta = randomVector(random, n, 1);
    OptimizerState state = opt.initialState(n);
    for (int t = 0; t < 3; t++) {
      opt.step(theta, randomVector(random, n, 1), lr(name), state);
    }
    OptimizerState copy = state.copy();
    assertEquals(state, copy);
    for (String slot : state.slots().keySet()) {
      assertTrue(state.slot(slot) != copy.slot(slot), "slot " + slot + " is a new array");
    }
    // Snapshot of the copy, taken independently.
    long step = copy.step();
    Map<String, double[]> snapshot = new java.util.LinkedHashMap<>();
    copy.slots().forEach((k, v) -> snapshot.put(k, v.clone()));

    // Stepping the original must not move the copy.
    opt.step(theta, randomVector(random, n, 1), lr(name), state);
    assertEquals(step, copy.step());
    for (String slot : snapshot.keySet()) {
      assertArrayEquals(snapshot.get(slot), copy.slot(slot), 0.0, "slot " + slot);
    }
    assertNotEquals(state, copy);
    // And writing into the copy must not touch the original.
    OptimizerState before = state.copy();
    for (String slot : copy.slots().keySet()) {
      Arrays.fill(copy.slot(slot), 123.0);
    }
    assertEquals(before, state);
    // OptimizerState.of copies its input too.
    Map<String, double[]> raw = new java.util.LinkedHashMap<>();
    raw.put("x", new double[] {1, 2});
    OptimizerState fromRaw = OptimizerState.of(3, raw);
    raw.get("x")[0] = 99;
    assertEquals(1.0, fromRaw.slot("x")[0]);
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("optimizers")
  void gradientIsNotModified(String name, String variant) {
    Optimizer opt = create(name, variant);
    Random random = new Random(5);
    int n = 8;
    double[] theta = randomVector(random, n, 1);
    OptimizerState state = opt.initialState(n);
    for (int t = 0; t < 6; t++) {
      double[] g = randomVector(random, n, 2);
      double[] original = g.clone();
      opt.step(theta, g, lr(name), state);
      assertArrayEquals(original, g, 0.0, "step " + (t + 1));
    }
  }

  /**
   * Final/initial objective thresholds on 0.5 * sum(a_i x_i^2) after {@link #QUADRATIC_STEPS}
   * steps at the default learning rate. Each is well below what a few hundred steps reach, so the
   * check can fail if an optimizer moves the wrong way or stalls.
   */
  private static final int QUADRATIC_STEPS = 3000;

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("optimizers")
  void minimisesAConvexQuadratic(String name, String variant) {
    Optimizer opt = create(name, variant);
    double[] a = {0.5, 1.0, 2.0, 4.0, 8.0};
    double[] theta = {1.0, -2.0, 1.5, -1.0, 0.5};
    double lr = lr(name);
    double initial = quadratic(a, theta);
    OptimizerState state = opt.initialState(a.length);
    double[] g = new double[a.length];
    for (int t = 0; t < QUADRATIC_STEPS; t++) {
      for (int i = 0; i < a.length; i++) {
        g[i] = a[i] * theta[i];
      }
      opt.step(theta, g, lr, state);
    }
    double ratio = quadratic(a, theta) / initial;
    double threshold = quadraticThreshold(name);
    assertTrue(ratio < threshold, name + " reduced the objective only by a factor " + ratio
        + " (needs < " + threshold + "); theta " + Arrays.toString(theta));
  }

  private static double quadraticThreshold(String name) {
    // Observed after 3000 steps (defaults / all features on): sgd ~1e-136, adam(w) <1e-23,
    // adagrad <1e-11, adamax <1e-8, nadam ~1e-7, rmsprop ~1e-5 (it hovers within ~lr of the
    // optimum), adadelta ~5e-4 (its effective step starts at ~sqrt(eps) and grows slowly).
    // Each threshold leaves a margin of a few orders of magnitude but fails for a stalled rule.
    return switch (name) {
      case "sgd", "asgd", "rprop" -> 1e-12;
      case "adam", "adamw", "adagrad", "adamax", "radam" -> 1e-6;
      case "rmsprop", "nadam" -> 1e-3;
      case "adadelta" -> 1e-2;
      default -> throw new AssertionError("no quadratic threshold for new optimizer " + name);
    };
  }

  private static double quadratic(double[] a, double[] x) {
    double f = 0;
    for (int i = 0; i < a.length; i++) {
      f += 0.5 * a[i] * x[i] * x[i];
    }
    return f;
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("optimizers")
  void zeroGradientFromZeroStateLeavesParametersUnchanged(String name, String variant) {
    Hyperparameters h = variant.equals("defaults") ? Hyperparameters.defaults() : rich();
    if (!name.equals("adamw")) {
      // Coupled weight decay makes the gradient the optimizer sees nonzero: see
      // coupledWeightDecayWithZeroGradientIsTheRuleOnWeightDecayTimesTheta.
      h = withWeightDecay(h, OptionalDouble.empty());
    }
    Optimizer opt = Optimizers.create(name, h);
    double[] theta = {1.5, -2.0, 0.0, 3.25};
    double[] expected = theta.clone();
    OptimizerState state = opt.initialState(theta.length);
    double lr = lr(name);
    for (int t = 0; t < 5; t++) {
      opt.step(theta, new double[theta.length], lr, state);
      if (name.equals("adamw")) {
        // Decoupled weight decay shrinks the parameters even without a gradient.
        for (int i = 0; i < expected.length; i++) {
          expected[i] *= 1 - lr * h.weightDecay().orElse(0.01);
        }
      }
      if (name.equals("asgd")) {
        // So does ASGD's decay term: theta *= 1 - lambd * eta, eta = lr on the first step.
        double eta = t == 0 ? lr : lr / Math.pow(1 + h.asgdLambda() * lr * t, h.asgdAlpha());
        for (int i = 0; i < expected.length; i++) {
          expected[i] *= 1 - h.asgdLambda() * eta;
        }
      }
    }
    assertArrayEquals(expected, theta, 1e-15);
    if (name.equals("adamw")) {
      assertTrue(Math.abs(theta[0]) < 1.5, "adamw shrinks");
    }
  }

  // ------------------------------------------------------------------ validation

  private static void assertInvalid(String param, String badValue, Supplier<Object> construct) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, construct::get, param + " = " + badValue);
    String message = e.getMessage();
    assertTrue(message.contains(param), "message '" + message + "' names " + param);
    assertTrue(message.contains(badValue), "message '" + message + "' has value " + badValue);
  }

  @Test
  void invalidHyperparametersAreRejectedWithNameAndValue() {
    assertInvalid("momentum", "-0.5", () -> new Sgd(-0.5, 0, false));
    assertInvalid("dampening", "-0.1", () -> new Sgd(0.9, -0.1, false));
    assertInvalid("momentum", "0.0", () -> new Sgd(0.0, 0.0, true));
    assertInvalid("dampening", "0.1", () -> new Sgd(0.9, 0.1, true));
    assertInvalid("momentum", "NaN", () -> new Sgd(Double.NaN, 0, false));

    assertInvalid("beta1", "1.0", () -> new Adam(1.0, 0.999, 1e-8, false));
    assertInvalid("beta1", "-0.1", () -> new Adam(-0.1, 0.999, 1e-8, false));
    assertInvalid("beta2", "1.0", () -> new Adam(0.9, 1.0, 1e-8, false));
    assertInvalid("beta2", "1.5", () -> new Adam(0.9, 1.5, 1e-8, true));
    assertInvalid("epsilon", "-1.0E-8", () -> new Adam(0.9, 0.999, -1e-8, false));
    assertInvalid("epsilon", "Infinity", () -> new Adam(0.9, 0.999, Double.POSITIVE_INFINITY,
        false));
    assertInvalid("weightDecay", "-0.01", () -> new AdamW(0.9, 0.999, 1e-8, false, -0.01));
    assertInvalid("beta1", "1.0", () -> new AdamW(1.0, 0.999, 1e-8, false, 0.01));

    assertInvalid("lrDecay", "-1.0", () -> new Adagrad(-1.0, 0, 1e-10));
    assertInvalid("initialAccumulatorValue", "-0.1", () -> new Adagrad(0, -0.1, 1e-10));
    assertInvalid("epsilon", "-1.0", () -> new Adagrad(0, 0, -1.0));

    assertInvalid("rho", "1.5", () -> new RmsProp(1.5, 1e-8, 0, false));
    assertInvalid("rho", "-0.5", () -> new RmsProp(-0.5, 1e-8, 0, false));
    assertInvalid("epsilon", "-1.0E-8", () -> new RmsProp(0.99, -1e-8, 0, false));
    assertInvalid("momentum", "-0.9", () -> new RmsProp(0.99, 1e-8, -0.9, false));

    assertInvalid("rho", "1.1", () -> new Adadelta(1.1, 1e-6));
    assertInvalid("rho", "-0.1", () -> new Adadelta(-0.1, 1e-6));
    assertInvalid("epsilon", "-1.0E-6", () -> new Adadelta(0.9, -1e-6));

    assertInvalid("beta1", "1.0", () -> new Adamax(1.0, 0.999, 1e-8));
    assertInvalid("beta2", "2.0", () -> new Adamax(0.9, 2.0, 1e-8));
    assertInvalid("epsilon", "-1.0", () -> new Adamax(0.9, 0.999, -1.0));

    assertInvalid("beta1", "1.0", () -> new NAdam(1.0, 0.999, 1e-8, 4e-3));
    assertInvalid("beta2", "1.0", () -> new NAdam(0.9, 1.0, 1e-8, 4e-3));
    assertInvalid("epsilon", "-1.0E-8", () -> new NAdam(0.9, 0.999, -1e-8, 4e-3));
    assertInvalid("momentumDecay", "-0.004", () -> new NAdam(0.9, 0.999, 1e-8, -0.004));

    // Boundary values that PyTorch accepts.
    new Adadelta(1.0, 0.0);
    new RmsProp(0.0, 0.0, 0.0, true);
    new Adam(0.0, 0.0, 0.0, true);
    new Sgd(0.0, 0.5, false);
  }

  @Test
  void invalidHyperparametersAreRejectedThroughTheRegistry() {
    Hp h = new Hp();
    h.beta1 = 1.0;
    for (String name : List.of("adam", "adamw", "adamax", "nadam")) {
      Hyperparameters bad = h.build();
      assertInvalid("beta1", "1.0", () -> Optimizers.create(name, bad));
    }
    Hp s = new Hp();
    s.nesterov = true;
    assertInvalid("momentum", "0.0", () -> Optimizers.create("sgd", s.build()));
    Hp r = new Hp();
    r.rho = OptionalDouble.of(1.5);
    assertInvalid("rho", "1.5", () -> Optimizers.create("rmsprop", r.build()));
    assertInvalid("rho", "1.5", () -> Optimizers.create("adadelta", r.build()));
    Hp w = new Hp();
    w.weightDecay = OptionalDouble.of(-1);
    assertInvalid("weightDecay", "-1.0", () -> Optimizers.create("adamw", w.build()));
  }

  @Test
  void unknownOptimizerNameListsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Optimizers.create("nope", Hyperparameters.defaults()));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    for (String name : Optimizers.names()) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Optimizers.defaultLearningRate("nope"));
    IllegalArgumentException slot = assertThrows(IllegalArgumentException.class,
        () -> OptimizerState.zeros(2, "a").slot("b"));
    assertTrue(slot.getMessage().contains("'b'"), slot.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OptimizerState.of(-1, Map.of()));
  }

  // ------------------------------------------------------------------ exact semantics

  /** A scalar reference of one update rule, written from the formulas in PyTorch's docs. */
  interface Reference {
    void step(double[] theta, double[] g, double lr);
  }

  /** SGD: buf = g on step 1; then buf = mu buf + (1 - tau) g; nesterov d = g + mu buf. */
  static Reference sgdReference(int n, double mu, double tau, boolean nesterov) {
    return new Reference() {
      final double[] buf = new double[n];
      int t = 0;

      @Override
      public void step(double[] theta, double[] g, double lr) {
        t++;
        for (int i = 0; i < n; i++) {
          double d = g[i];
          if (mu != 0) {
            if (t == 1) {
              buf[i] = g[i];
            } else {
              buf[i] = mu * buf[i] + (1 - tau) * g[i];
            }
            d = nesterov ? g[i] + mu * buf[i] : buf[i];
          }
          theta[i] = theta[i] - lr * d;
        }
      }
    };
  }

  /** Adam / AdamW (wd > 0 decays first), with amsgrad over the raw second moment. */
  static Reference adamReference(int n, double b1, double b2, double eps, boolean amsgrad,
      double wd) {
    return new Reference() {
      final double[] m = new double[n];
      final double[] v = new double[n];
      final double[] vmax = new double[n];
      int t = 0;

      @Override
      public void step(double[] theta, double[] g, double lr) {
        t++;
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        for (int i = 0; i < n; i++) {
          theta[i] = theta[i] * (1 - lr * wd);
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
          double second = v[i];
          if (amsgrad) {
            vmax[i] = Math.max(vmax[i], v[i]);
            second = vmax[i];
          }
          double denom = Math.sqrt(second) / Math.sqrt(bc2) + eps;
          theta[i] = theta[i] - (lr / bc1) * (m[i] / denom);
        }
      }
    };
  }

  static Reference adagradReference(int n, double lrDecay, double init, double eps) {
    return new Reference() {
      final double[] sum = filled(n, init);
      int t = 0;

      @Override
      public void step(double[] theta, double[] g, double lr) {
        t++;
        double clr = lr / (1 + (t - 1) * lrDecay);
        for (int i = 0; i < n; i++) {
          sum[i] = sum[i] + g[i] * g[i];
          theta[i] = theta[i] - clr * (g[i] / (Math.sqrt(sum[i]) + eps));
        }
      }
    };
  }

  static Reference rmspropReference(int n, double alpha, double eps, double mu,
      boolean centered) {
    return new Reference() {
      final double[] v = new double[n];
      final double[] gbar = new double[n];
      final double[] buf = new double[n];

      @Override
      public void step(double[] theta, double[] g, double lr) {
        for (int i = 0; i < n; i++) {
          v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i];
          double denom;
          if (centered) {
            gbar[i] = alpha * gbar[i] + (1 - alpha) * g[i];
            denom = Math.sqrt(v[i] - gbar[i] * gbar[i]) + eps;
          } else {
            denom = Math.sqrt(v[i]) + eps;
          }
          if (mu > 0) {
            buf[i] = mu * buf[i] + g[i] / denom;
            theta[i] = theta[i] - lr * buf[i];
          } else {
            theta[i] = theta[i] - lr * (g[i] / denom);
          }
        }
      }
    };
  }

  static Reference adadeltaReference(int n, double rho, double eps) {
    return new Reference() {
      final double[] v = new double[n];
      final double[] u = new double[n];

      @Override
      public void step(double[] theta, double[] g, double lr) {
        for (int i = 0; i < n; i++) {
          v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
          double delta = Math.sqrt(u[i] + eps) / Math.sqrt(v[i] + eps) * g[i];
          u[i] = rho * u[i] + (1 - rho) * delta * delta;
          theta[i] = theta[i] - lr * delta;
        }
      }
    };
  }

  static Reference adamaxReference(int n, double b1, double b2, double eps) {
    return new Reference() {
      final double[] m = new double[n];
      final double[] u = new double[n];
      int t = 0;

      @Override
      public void step(double[] theta, double[] g, double lr) {
        t++;
        for (int i = 0; i < n; i++) {
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          u[i] = Math.max(b2 * u[i], Math.abs(g[i]) + eps);
          theta[i] = theta[i] - lr / (1 - Math.pow(b1, t)) * (m[i] / u[i]);
        }
      }
    };
  }

  /** NAdam with mu_t = beta1 (1 - 0.5 * 0.96^(t psi)); products recomputed from scratch. */
  static Reference nadamReference(int n, double b1, double b2, double eps, double psi) {
    return new Reference() {
      final double[] m = new double[n];
      final double[] v = new double[n];
      int t = 0;

      double mu(int s) {
        return b1 * (1 - 0.5 * Math.pow(0.96, s * psi));
      }

      double product(int upTo) {
        double p = 1;
        for (int s = 1; s <= upTo; s++) {
          p *= mu(s);
        }
        return p;
      }

      @Override
      public void step(double[] theta, double[] g, double lr) {
        t++;
        double muT = mu(t);
        double muNext = mu(t + 1);
        double prodT = product(t);
        double prodNext = product(t + 1);
        for (int i = 0; i < n; i++) {
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
          double denom = Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps;
          theta[i] = theta[i] - lr * (1 - muT) / (1 - prodT) * g[i] / denom
              - lr * muNext / (1 - prodNext) * m[i] / denom;
        }
      }
    };
  }

  private static double[] filled(int n, double value) {
    double[] a = new double[n];
    Arrays.fill(a, value);
    return a;
  }

  /**
   * Runs {@code steps} steps of the optimizer and the reference from the same start with the
   * same random gradients (some steps with a zero or repeated gradient entry, and a varying
   * learning rate, as a scheduler would give) and compares parameters after every step.
   */
  private static void assertMatchesReference(String what, Optimizer opt, Reference ref,
      double lr0, long seed) {
    int n = 7;
    int steps = 60;
    Random random = new Random(seed);
    double[] theta = randomVector(random, n, 1);
    double[] expected = theta.clone();
    OptimizerState state = opt.initialState(n);
    for (int t = 1; t <= steps; t++) {
      double[] g = randomVector(random, n, t % 10 == 0 ? 5 : 1);
      g[t % n] = t % 3 == 0 ? 0.0 : g[t % n];
      double lr = lr0 * (1 + 0.5 * Math.sin(t));
      opt.step(theta, g, lr, state);
      ref.step(expected, g, lr);
      for (int i = 0; i < n; i++) {
        double scale = Math.max(1.0, Math.abs(expected[i]));
        if (!(Math.abs(theta[i] - expected[i]) <= 1e-12 * scale)) {
          fail(what + ": step " + t + " parameter " + i + ": expected " + expected[i] + " but got "
              + theta[i]);
        }
      }
    }
    assertEquals(steps, state.step());
  }

  @Test
  void sgdMatchesPyTorch() {
    int n = 7;
    assertMatchesReference("sgd plain", new Sgd(0, 0, false), sgdReference(n, 0, 0, false), 0.1,
        11);
    assertMatchesReference("sgd momentum", new Sgd(0.9, 0, false),
        sgdReference(n, 0.9, 0, false), 0.05, 12);
    assertMatchesReference("sgd dampening", new Sgd(0.9, 0.1, false),
        sgdReference(n, 0.9, 0.1, false), 0.05, 13);
    assertMatchesReference("sgd dampening 0.5", new Sgd(0.5, 0.5, false),
        sgdReference(n, 0.5, 0.5, false), 0.05, 14);
    assertMatchesReference("sgd nesterov", new Sgd(0.9, 0, true), sgdReference(n, 0.9, 0, true),
        0.05, 15);
    assertMatchesReference("sgd nesterov 0.5", new Sgd(0.5, 0, true),
        sgdReference(n, 0.5, 0, true), 0.05, 16);
  }

  @Test
  void adamMatchesPyTorch() {
    int n = 7;
    for (boolean amsgrad : new boolean[] {false, true}) {
      assertMatchesReference("adam amsgrad=" + amsgrad, new Adam(0.9, 0.999, 1e-8, amsgrad),
          adamReference(n, 0.9, 0.999, 1e-8, amsgrad, 0), 0.01, 21);
      assertMatchesReference("adam betas (0.5, 0.9) amsgrad=" + amsgrad,
          new Adam(0.5, 0.9, 1e-3, amsgrad), adamReference(n, 0.5, 0.9, 1e-3, amsgrad, 0), 0.1,
          22);
      assertMatchesReference("adam beta1=0 amsgrad=" + amsgrad, new Adam(0.0, 0.99, 1e-8, amsgrad),
          adamReference(n, 0.0, 0.99, 1e-8, amsgrad, 0), 0.01, 23);
    }
  }

  @Test
  void adamWMatchesPyTorch() {
    int n = 7;
    for (boolean amsgrad : new boolean[] {false, true}) {
      for (double wd : new double[] {0.0, 0.01, 0.3}) {
        assertMatchesReference("adamw wd=" + wd + " amsgrad=" + amsgrad,
            new AdamW(0.9, 0.999, 1e-8, amsgrad, wd),
            adamReference(n, 0.9, 0.999, 1e-8, amsgrad, wd), 0.05, 31);
      }
    }
    // With wd = 0 AdamW is Adam, bit for bit.
    Random random = new Random(32);
    double[] a = randomVector(random, n, 1);
    double[] b = a.clone();
    Optimizer adam = new Adam(0.9, 0.999, 1e-8, false);
    Optimizer adamw = new AdamW(0.9, 0.999, 1e-8, false, 0.0);
    OptimizerState sa = adam.initialState(n);
    OptimizerState sb = adamw.initialState(n);
    for (int t = 0; t < 20; t++) {
      double[] g = randomVector(random, n, 1);
      adam.step(a, g, 0.01, sa);
      adamw.step(b, g, 0.01, sb);
    }
    assertArrayEquals(a, b, 0.0);
    // The registry's adamw uses the weight decay hyperparameter (PyTorch default 0.01).
    Hp h = new Hp();
    h.weightDecay = OptionalDouble.of(0.2);
    Optimizer registered = Optimizers.create("adamw", h.build());
    assertMatchesReference("registered adamw", registered,
        adamReference(n, 0.9, 0.999, 1e-8, false, 0.2), 0.05, 33);
    // Changed with coupled weight decay: adam no longer ignores weightDecay, it adds
    // weightDecay * theta to the gradient, as torch.optim.Adam(weight_decay=0.2).
    assertMatchesReference("registered adam applies coupled weight decay",
        Optimizers.create("adam", h.build()),
        coupled(adamReference(n, 0.9, 0.999, 1e-8, false, 0), 0.2), 0.05, 34);
  }

  @Test
  void adagradMatchesPyTorch() {
    int n = 7;
    assertMatchesReference("adagrad", new Adagrad(0, 0, 1e-10), adagradReference(n, 0, 0, 1e-10),
        0.1, 41);
    assertMatchesReference("adagrad lr_decay", new Adagrad(0.05, 0, 1e-10),
        adagradReference(n, 0.05, 0, 1e-10), 0.1, 42);
    assertMatchesReference("adagrad initial accumulator", new Adagrad(0, 0.5, 1e-10),
        adagradReference(n, 0, 0.5, 1e-10), 0.1, 43);
    assertMatchesReference("adagrad both, eps", new Adagrad(0.01, 2.0, 1e-3),
        adagradReference(n, 0.01, 2.0, 1e-3), 0.3, 44);
    Hp h = new Hp();
    h.lrDecay = 0.02;
    h.initialAccumulatorValue = 0.25;
    assertMatchesReference("registered adagrad", Optimizers.create("adagrad", h.build()),
        adagradReference(n, 0.02, 0.25, 1e-10), 0.1, 45);
  }

  @Test
  void rmspropMatchesPyTorch() {
    int n = 7;
    for (boolean centered : new boolean[] {false, true}) {
      for (double mu : new double[] {0.0, 0.9}) {
        assertMatchesReference("rmsprop centered=" + centered + " momentum=" + mu,
            new RmsProp(0.99, 1e-8, mu, centered), rmspropReference(n, 0.99, 1e-8, mu, centered),
            0.01, 51);
        assertMatchesReference("rmsprop alpha 0.8 centered=" + centered + " momentum=" + mu,
            new RmsProp(0.8, 1e-4, mu, centered), rmspropReference(n, 0.8, 1e-4, mu, centered),
            0.01, 52);
      }
    }
    // Registry defaults: alpha (rho) 0.99, eps 1e-8.
    Hp h = new Hp();
    h.centered = true;
    h.momentum = 0.5;
    assertMatchesReference("registered rmsprop", Optimizers.create("rmsprop", h.build()),
        rmspropReference(n, 0.99, 1e-8, 0.5, true), 0.01, 53);
  }

  @Test
  void adadeltaMatchesPyTorch() {
    int n = 7;
    assertMatchesReference("adadelta", new Adadelta(0.9, 1e-6), adadeltaReference(n, 0.9, 1e-6),
        1.0, 61);
    assertMatchesReference("adadelta rho 0.5", new Adadelta(0.5, 1e-3),
        adadeltaReference(n, 0.5, 1e-3), 0.5, 62);
    assertMatchesReference("registered adadelta",
        Optimizers.create("adadelta", Hyperparameters.defaults()),
        adadeltaReference(n, 0.9, 1e-6), 1.0, 63);
  }

  @Test
  void adamaxMatchesPyTorch() {
    int n = 7;
    assertMatchesReference("adamax", new Adamax(0.9, 0.999, 1e-8),
        adamaxReference(n, 0.9, 0.999, 1e-8), 0.002, 71);
    assertMatchesReference("adamax betas (0.5, 0.9)", new Adamax(0.5, 0.9, 1e-2),
        adamaxReference(n, 0.5, 0.9, 1e-2), 0.05, 72);
    assertMatchesReference("registered adamax",
        Optimizers.create("adamax", Hyperparameters.defaults()),
        adamaxReference(n, 0.9, 0.999, 1e-8), 0.002, 73);
  }

  @Test
  void nadamMatchesPyTorch() {
    int n = 7;
    assertMatchesReference("nadam", new NAdam(0.9, 0.999, 1e-8, 4e-3),
        nadamReference(n, 0.9, 0.999, 1e-8, 4e-3), 0.002, 81);
    assertMatchesReference("nadam psi 0.1", new NAdam(0.8, 0.99, 1e-6, 0.1),
        nadamReference(n, 0.8, 0.99, 1e-6, 0.1), 0.01, 82);
    assertMatchesReference("nadam psi 0", new NAdam(0.9, 0.999, 1e-8, 0.0),
        nadamReference(n, 0.9, 0.999, 1e-8, 0.0), 0.01, 83);
    Hp h = new Hp();
    h.momentumDecay = 0.05;
    h.epsilon = OptionalDouble.of(1e-4);
    assertMatchesReference("registered nadam", Optimizers.create("nadam", h.build()),
        nadamReference(n, 0.9, 0.999, 1e-4, 0.05), 0.002, 84);
  }

  // ------------------------------------------------------------------ first-step special cases

  @Test
  void sgdMomentumBufferIsTheGradientOnTheFirstStep() {
    Sgd sgd = new Sgd(0.9, 0.3, false);
    OptimizerState state = sgd.initialState(2);
    double[] theta = {1.0, 2.0};
    sgd.step(theta, new double[] {0.5, -4.0}, 0.1, state);
    // No dampening on step 1: buf = g, not (1 - 0.3) g.
    assertArrayEquals(new double[] {0.5, -4.0}, state.slot("momentum_buffer"), 0.0);
    assertArrayEquals(new double[] {1.0 - 0.05, 2.0 + 0.4}, theta, 1e-15);
    sgd.step(theta, new double[] {1.0, 1.0}, 0.1, state);
    assertArrayEquals(new double[] {0.9 * 0.5 + 0.7, 0.9 * -4.0 + 0.7},
        state.slot("momentum_buffer"), 1e-15);

    // Nesterov's first step: d = g + mu * g.
    Sgd nesterov = new Sgd(0.9, 0, true);
    OptimizerState ns = nesterov.initialState(1);
    double[] x = {0.0};
    nesterov.step(x, new double[] {2.0}, 0.1, ns);
    assertEquals(-0.1 * (2.0 + 0.9 * 2.0), x[0], 1e-15);

    // Without momentum there is no buffer and the step is plain.
    Sgd plain = new Sgd(0, 0, false);
    OptimizerState ps = plain.initialState(1);
    assertTrue(ps.slots().isEmpty());
    double[] y = {1.0};
    plain.step(y, new double[] {3.0}, 0.1, ps);
    assertEquals(0.7, y[0], 1e-15);
  }

  @Test
  void adamFirstStepIsBiasCorrected() {
    // With t = 1, m_hat = g and v_hat = g^2, so the step is lr * g / (|g| + eps): about lr sign(g).
    for (boolean amsgrad : new boolean[] {false, true}) {
      Adam adam = new Adam(0.9, 0.999, 1e-8, amsgrad);
      OptimizerState state = adam.initialState(3);
      double[] theta = {0.0, 1.0, -1.0};
      double[] g = {3.0, -0.25, 1e-4};
      adam.step(theta, g, 0.01, state);
      for (int i = 0; i < 3; i++) {
        double m = 0.1 * g[i];
        double v = 0.001 * g[i] * g[i];
        double expected = (i == 0 ? 0.0 : i == 1 ? 1.0 : -1.0)
            - 0.01 / 0.1 * m / (Math.sqrt(v) / Math.sqrt(0.001) + 1e-8);
        assertEquals(expected, theta[i], 1e-15);
        assertEquals(m, state.slot("exp_avg")[i], 1e-15 * Math.abs(m));
        assertEquals(v, state.slot("exp_avg_sq")[i], 1e-15 * v);
      }
      assertEquals(-0.01, theta[0], 1e-10);
      assertEquals(1.01, theta[1], 1e-9);
      // eps is added after the bias correction: for a tiny gradient, eps matters in proportion.
      assertEquals(-1.0 - 0.01 * 1e-4 / (1e-4 + 1e-8), theta[2], 1e-15);
    }
  }

  @Test
  void amsgradKeepsTheMaximumOfTheRawSecondMoment() {
    Adam adam = new Adam(0.9, 0.9, 1e-8, true);
    OptimizerState state = adam.initialState(1);
    double[] theta = {0.0};
    adam.step(theta, new double[] {10.0}, 0.01, state);
    // Raw v after step 1: 0.1 * 100 = 10 (not the bias-corrected 100).
    assertEquals(10.0, state.slot("exp_avg_sq")[0], 1e-12);
    assertEquals(10.0, state.slot("max_exp_avg_sq")[0], 1e-12);
    adam.step(theta, new double[] {0.1}, 0.01, state);
    double v2 = 0.9 * 10.0 + 0.1 * 0.01;
    assertEquals(v2, state.slot("exp_avg_sq")[0], 1e-12);
    // The raw v decreased, so vmax keeps step 1's raw value, even though the bias-corrected v
    // (v2 / (1 - 0.81) = 47.4) is now above it.
    assertEquals(10.0, state.slot("max_exp_avg_sq")[0], 1e-12);
    double m2 = 0.9 * 1.0 + 0.1 * 0.1;
    double expectedStep2 = 0.01 / (1 - 0.81) * m2 / (Math.sqrt(10.0) / Math.sqrt(1 - 0.81) + 1e-8);
    double step1 = 0.01 / 0.1 * 1.0 / (Math.sqrt(10.0) / Math.sqrt(0.1) + 1e-8);
    assertEquals(-step1 - expectedStep2, theta[0], 1e-15);
    // Without amsgrad there is no max slot.
    assertThrows(IllegalArgumentException.class,
        () -> new Adam(0.9, 0.9, 1e-8, false).initialState(1).slot("max_exp_avg_sq"));
  }

  @Test
  void adamWDecaysBeforeTheAdamStepAndScalesDecayByLr() {
    AdamW adamw = new AdamW(0.9, 0.999, 1e-8, false, 0.5);
    OptimizerState state = adamw.initialState(1);
    double[] theta = {2.0};
    adamw.step(theta, new double[] {1.0}, 0.1, state);
    // theta * (1 - lr wd) = 2 * 0.95 = 1.9, then Adam's first step ~ lr * sign(g).
    assertEquals(1.9 - 0.1 * 1.0 / (1.0 + 1e-8), theta[0], 1e-15);
  }

  @Test
  void adagradFirstStepsAndDecay() {
    Adagrad adagrad = new Adagrad(0.5, 1.0, 0.0);
    OptimizerState state = adagrad.initialState(1);
    assertEquals(1.0, state.slot("sum")[0], 0.0);
    double[] theta = {0.0};
    adagrad.step(theta, new double[] {3.0}, 1.0, state);
    assertEquals(10.0, state.slot("sum")[0], 0.0);
    assertEquals(-3.0 / Math.sqrt(10.0), theta[0], 1e-15);
    adagrad.step(theta, new double[] {0.0}, 1.0, state);
    adagrad.step(theta, new double[] {2.0}, 1.0, state);
    // Step 3: clr = 1 / (1 + 2 * 0.5) = 0.5.
    assertEquals(-3.0 / Math.sqrt(10.0) - 0.5 * 2.0 / Math.sqrt(14.0), theta[0], 1e-15);
  }

  @Test
  void adadeltaFirstStep() {
    Adadelta adadelta = new Adadelta(0.9, 1e-6);
    OptimizerState state = adadelta.initialState(1);
    double[] theta = {0.0};
    adadelta.step(theta, new double[] {2.0}, 1.0, state);
    double v = 0.1 * 4.0;
    double delta = Math.sqrt(1e-6) / Math.sqrt(v + 1e-6) * 2.0;
    assertEquals(-delta, theta[0], 1e-18);
    assertEquals(0.1 * delta * delta, state.slot("acc_delta")[0], 1e-20);
  }

  @Test
  void adamaxFirstStepIsAboutLr() {
    Adamax adamax = new Adamax(0.9, 0.999, 1e-8);
    OptimizerState state = adamax.initialState(1);
    double[] theta = {0.0};
    adamax.step(theta, new double[] {-4.0}, 0.002, state);
    assertEquals(4.0 + 1e-8, state.slot("exp_inf")[0], 0.0);
    assertEquals(0.002 * 4.0 / (4.0 + 1e-8), theta[0], 1e-18);
  }

  @Test
  void nadamFirstStep() {
    NAdam nadam = new NAdam(0.9, 0.999, 1e-8, 4e-3);
    OptimizerState state = nadam.initialState(1);
    double[] theta = {0.0};
    double g = 2.0;
    nadam.step(theta, new double[] {g}, 0.002, state);
    double mu1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 4e-3));
    double mu2 = 0.9 * (1 - 0.5 * Math.pow(0.96, 2 * 4e-3));
    double denom = Math.sqrt(0.001 * g * g / 0.001) + 1e-8;
    double expected = -0.002 * (1 - mu1) / (1 - mu1) * g / denom
        - 0.002 * mu2 / (1 - mu1 * mu2) * (0.1 * g) / denom;
    assertEquals(expected, theta[0], 1e-15);
  }

  @Test
  void sameInstanceDrivesIndependentStates() {
    // Optimizers keep no per-run state: two runs sharing one instance do not interfere.
    for (String name : stepNames()) {
      Optimizer opt = Optimizers.create(name, rich());
      Random random = new Random(9);
      double[] x = randomVector(random, 3, 1);
      double[] y = x.clone();
      OptimizerState sx = opt.initialState(3);
      OptimizerState sy = opt.initialState(3);
      List<double[]> grads = new ArrayList<>();
      for (int t = 0; t < 5; t++) {
        grads.add(randomVector(random, 3, 1));
      }
      for (double[] g : grads) {
        opt.step(x, g, lr(name), sx);
      }
      Optimizer other = Optimizers.create(name, rich());
      for (double[] g : grads) {
        other.step(y, g, lr(name), sy);
        opt.step(new double[3], randomVector(random, 3, 1), lr(name), opt.initialState(3));
      }
      assertArrayEquals(x, y, 0.0, name);
      assertSame(sx.getClass(), sy.getClass());
    }
  }

  // ------------------------------------------------------------------ weight decay

  /** {@code h} with its weight decay replaced. */
  static Hyperparameters withWeightDecay(Hyperparameters h, OptionalDouble weightDecay) {
    return new Hyperparameters(h.momentum(), h.dampening(), h.nesterov(), h.beta1(), h.beta2(),
        h.epsilon(), h.amsgrad(), weightDecay, h.rho(), h.centered(),
        h.initialAccumulatorValue(), h.lrDecay(), h.momentumDecay(), h.etaMinus(), h.etaPlus(),
        h.minStepSize(), h.maxStepSize(), h.asgdLambda(), h.asgdAlpha(), h.asgdT0(),
        h.historySize(), h.lineSearch(), h.toleranceGrad(), h.toleranceChange());
  }

  /**
   * PyTorch's coupled weight decay around any rule: {@code grad = grad + weight_decay * param}
   * at the start of the step, on a copy of the gradient.
   */
  static Reference coupled(Reference rule, double wd) {
    return (theta, g, lr) -> {
      double[] decayed = new double[g.length];
      for (int i = 0; i < g.length; i++) {
        decayed[i] = g[i] + wd * theta[i];
      }
      rule.step(theta, decayed, lr);
    };
  }

  /** The optimizers with coupled weight decay (every one but adamw, decoupled, and rprop). */
  private static final List<String> COUPLED = List.of("sgd", "adam", "adagrad", "rmsprop",
      "adadelta", "adamax", "nadam", "radam", "asgd");

  /** The reference of {@code name} with PyTorch's defaults ({@code plain}) or features on. */
  private static Reference referenceFor(String name, int n, boolean plain) {
    return switch (name) {
      case "sgd" -> plain ? sgdReference(n, 0, 0, false) : sgdReference(n, 0.9, 0, false);
      case "adam" -> plain ? adamReference(n, 0.9, 0.999, 1e-8, false, 0)
          : adamReference(n, 0.8, 0.99, 1e-8, true, 0);
      case "adagrad" -> plain ? adagradReference(n, 0, 0, 1e-10)
          : adagradReference(n, 0.001, 0.1, 1e-10);
      case "rmsprop" -> plain ? rmspropReference(n, 0.99, 1e-8, 0, false)
          : rmspropReference(n, 0.99, 1e-8, 0.9, true);
      case "adadelta" -> adadeltaReference(n, 0.9, 1e-6);
      case "adamax" -> plain ? adamaxReference(n, 0.9, 0.999, 1e-8)
          : adamaxReference(n, 0.8, 0.99, 1e-8);
      case "nadam" -> plain ? nadamReference(n, 0.9, 0.999, 1e-8, 4e-3)
          : nadamReference(n, 0.8, 0.99, 1e-8, 4e-3);
      case "radam" -> plain ? radamReference(n, 0.9, 0.999, 1e-8)
          : radamReference(n, 0.8, 0.99, 1e-8);
      case "asgd" -> new AsgdReference(n, 1e-4, 0.75, 1e6);
      default -> throw new AssertionError("no reference for " + name);
    };
  }

  /** Every feature the rich variant switches on, but with the given weight decay. */
  private static Hyperparameters richWith(double wd) {
    return withWeightDecay(rich(), OptionalDouble.of(wd));
  }

  @Test
  void coupledWeightDecayMatchesPyTorchForEveryOptimizer() {
    int n = 7;
    for (String name : COUPLED) {
      for (double wd : new double[] {0.01, 0.3}) {
        Hp h = new Hp();
        h.weightDecay = OptionalDouble.of(wd);
        assertMatchesReference(name + " weight_decay=" + wd, Optimizers.create(name, h.build()),
            coupled(referenceFor(name, n, true), wd), lr(name), 101);
        assertMatchesReference(name + " rich weight_decay=" + wd,
            Optimizers.create(name, richWith(wd)), coupled(referenceFor(name, n, false), wd),
            lr(name), 102);
      }
    }
    // The constructors take it too, and zero decay is the rule without it, bit for bit.
    assertMatchesReference("sgd nesterov wd", new Sgd(0.9, 0, true, 0.1),
        coupled(sgdReference(n, 0.9, 0, true), 0.1), 0.05, 103);
    assertMatchesReference("adam amsgrad wd", new Adam(0.9, 0.999, 1e-8, true, 0.1),
        coupled(adamReference(n, 0.9, 0.999, 1e-8, true, 0), 0.1), 0.01, 104);
    assertMatchesReference("adagrad wd", new Adagrad(0.01, 0.5, 1e-10, 0.1),
        coupled(adagradReference(n, 0.01, 0.5, 1e-10), 0.1), 0.1, 105);
    assertMatchesReference("rmsprop wd", new RmsProp(0.8, 1e-4, 0.5, false, 0.1),
        coupled(rmspropReference(n, 0.8, 1e-4, 0.5, false), 0.1), 0.01, 106);
    assertMatchesReference("adadelta wd", new Adadelta(0.5, 1e-3, 0.1),
        coupled(adadeltaReference(n, 0.5, 1e-3), 0.1), 0.5, 107);
    assertMatchesReference("adamax wd", new Adamax(0.5, 0.9, 1e-2, 0.1),
        coupled(adamaxReference(n, 0.5, 0.9, 1e-2), 0.1), 0.05, 108);
    assertMatchesReference("nadam wd", new NAdam(0.9, 0.999, 1e-8, 0.1, 0.1),
        coupled(nadamReference(n, 0.9, 0.999, 1e-8, 0.1), 0.1), 0.01, 109);
    assertMatchesReference("radam wd", new RAdam(0.9, 0.999, 1e-8, 0.1),
        coupled(radamReference(n, 0.9, 0.999, 1e-8), 0.1), 0.01, 110);
    assertMatchesReference("asgd wd", new Asgd(0.01, 0.75, 20, 0.1),
        coupled(new AsgdReference(n, 0.01, 0.75, 20), 0.1), 0.1, 111);
  }

  @Test
  void unsetWeightDecayIsEachOptimizersPyTorchDefault() {
    int n = 7;
    Hp zero = new Hp();
    zero.weightDecay = OptionalDouble.of(0.0);
    for (String name : stepNames()) {
      // Unset and 0 are the same trajectory, bit for bit, for every optimizer but adamw.
      Optimizer unset = Optimizers.create(name, Hyperparameters.defaults());
      Optimizer explicit = Optimizers.create(name, name.equals("adamw")
          ? withWeightDecay(Hyperparameters.defaults(), OptionalDouble.of(0.01)) : zero.build());
      Random random = new Random(112);
      double[] a = randomVector(random, n, 1);
      double[] b = a.clone();
      OptimizerState sa = unset.initialState(n);
      OptimizerState sb = explicit.initialState(n);
      for (int t = 0; t < 30; t++) {
        double[] g = randomVector(random, n, 1);
        unset.step(a, g, lr(name), sa);
        explicit.step(b, g, lr(name), sb);
      }
      assertArrayEquals(b, a, 0.0, name);
      assertEquals(sb, sa, name);
    }
    // AdamW unset decays by 0.01.
    assertMatchesReference("adamw unset", Optimizers.create("adamw", Hyperparameters.defaults()),
        adamReference(n, 0.9, 0.999, 1e-8, false, 0.01), 0.05, 113);
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("optimizers")
  void coupledWeightDecayWithZeroGradientIsTheRuleOnWeightDecayTimesTheta(String name,
      String variant) {
    if (!COUPLED.contains(name)) {
      return;
    }
    double wd = 0.05;
    Hyperparameters base = variant.equals("defaults") ? Hyperparameters.defaults() : rich();
    Optimizer decayed = Optimizers.create(name, withWeightDecay(base, OptionalDouble.of(wd)));
    Optimizer plain = Optimizers.create(name, withWeightDecay(base, OptionalDouble.empty()));
    double[] theta = {1.5, -2.0, 0.0, 3.25};
    double[] expected = theta.clone();
    OptimizerState sd = decayed.initialState(theta.length);
    OptimizerState sp = plain.initialState(theta.length);
    for (int t = 0; t < 5; t++) {
      double[] g = new double[theta.length];
      for (int i = 0; i < g.length; i++) {
        g[i] = wd * expected[i];
      }
      decayed.step(theta, new double[theta.length], lr(name), sd);
      plain.step(expected, g, lr(name), sp);
    }
    assertArrayEquals(expected, theta, 0.0);
    assertTrue(Math.abs(theta[3]) < 3.25, name + " decays");
  }

  @Test
  void invalidWeightDecayIsRejectedByEveryOptimizerThatTakesIt() {
    Hp w = new Hp();
    w.weightDecay = OptionalDouble.of(-0.5);
    for (String name : Optimizers.using("weightDecay")) {
      assertInvalid("weightDecay", "-0.5", () -> Optimizers.create(name, w.build()));
    }
    assertInvalid("weightDecay", "-1.0", () -> new Sgd(0, 0, false, -1));
    assertInvalid("weightDecay", "NaN", () -> new Adam(0.9, 0.999, 1e-8, false, Double.NaN));
    assertInvalid("weightDecay", "-1.0", () -> new Adagrad(0, 0, 1e-10, -1));
    assertInvalid("weightDecay", "-1.0", () -> new RmsProp(0.99, 1e-8, 0, false, -1));
    assertInvalid("weightDecay", "-1.0", () -> new Adadelta(0.9, 1e-6, -1));
    assertInvalid("weightDecay", "-1.0", () -> new Adamax(0.9, 0.999, 1e-8, -1));
    assertInvalid("weightDecay", "-1.0", () -> new NAdam(0.9, 0.999, 1e-8, 4e-3, -1));
    assertInvalid("weightDecay", "-1.0", () -> new RAdam(0.9, 0.999, 1e-8, -1));
    assertInvalid("weightDecay", "-1.0", () -> new Asgd(1e-4, 0.75, 1e6, -1));
  }

  // ------------------------------------------------------------------ radam, rprop, asgd

  /** RAdam as PyTorch's single-tensor code: rectified once rho_t > 5, else m_hat alone. */
  static Reference radamReference(int n, double b1, double b2, double eps) {
    return new Reference() {
      final double[] m = new double[n];
      final double[] v = new double[n];
      int t = 0;

      @Override
      public void step(double[] theta, double[] g, double lr) {
        t++;
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        double rhoInf = 2 / (1 - b2) - 1;
        double rhoT = rhoInf - 2 * t * Math.pow(b2, t) / bc2;
        for (int i = 0; i < n; i++) {
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
          double mHat = m[i] / bc1;
          if (rhoT > 5.0) {
            double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf
                / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
            double adaptiveLr = Math.sqrt(bc2) / (Math.sqrt(v[i]) + eps);
            theta[i] = theta[i] - lr * rect * adaptiveLr * mHat;
          } else {
            theta[i] = theta[i] - lr * mHat;
          }
        }
      }
    };
  }

  /**
   * Rprop as PyTorch's code: a factor per coordinate from sign(g * prev), the gradient zeroed
   * where the factor is etaminus, the step size (lr when the state is created) clamped.
   */
  static Reference rpropReference(int n, double etaMinus, double etaPlus, double min,
      double max) {
    return new Reference() {
      final double[] prev = new double[n];
      double[] stepSize;

      @Override
      public void step(double[] theta, double[] g, double lr) {
        if (stepSize == null) {
          stepSize = filled(n, lr);
        }
        for (int i = 0; i < n; i++) {
          double sign = Math.signum(g[i] * prev[i]);
          double factor = sign > 0 ? etaPlus : sign < 0 ? etaMinus : 1;
          stepSize[i] = Math.max(min, Math.min(max, stepSize[i] * factor));
          double d = factor == etaMinus ? 0.0 : g[i];
          theta[i] = theta[i] - Math.signum(d) * stepSize[i];
          prev[i] = d;
        }
      }
    };
  }

  /** ASGD as PyTorch's single-tensor code, keeping ax to compare. */
  static final class AsgdReference implements Reference {
    final double[] ax;
    final double lambd;
    final double alpha;
    final double t0;
    Double eta;
    double mu = 1;
    int step = 0;

    AsgdReference(int n, double lambd, double alpha, double t0) {
      this.ax = new double[n];
      this.lambd = lambd;
      this.alpha = alpha;
      this.t0 = t0;
    }

    @Override
    public void step(double[] theta, double[] g, double lr) {
      if (eta == null) {
        eta = lr; // the state is created with the group's lr
      }
      step++;
      for (int i = 0; i < theta.length; i++) {
        theta[i] = theta[i] * (1 - lambd * eta);
        theta[i] = theta[i] - eta * g[i];
        if (mu != 1) {
          ax[i] = ax[i] + mu * (theta[i] - ax[i]);
        } else {
          ax[i] = theta[i];
        }
      }
      eta = lr / Math.pow(1 + lambd * lr * step, alpha);
      mu = 1 / Math.max(1, step - t0);
    }
  }

  @Test
  void radamMatchesPyTorch() {
    int n = 7;
    assertMatchesReference("radam", new RAdam(0.9, 0.999, 1e-8, 0),
        radamReference(n, 0.9, 0.999, 1e-8), 0.01, 121);
    // beta2 = 0.9: rho_inf = 19, so rho_t passes 5 early and the rectified branch dominates.
    assertMatchesReference("radam betas (0.5, 0.9)", new RAdam(0.5, 0.9, 1e-3, 0),
        radamReference(n, 0.5, 0.9, 1e-3), 0.05, 122);
    // beta2 = 0.6: rho_inf = 4, never above 5: always the unrectified step.
    assertMatchesReference("radam beta2 0.6", new RAdam(0.9, 0.6, 1e-8, 0),
        radamReference(n, 0.9, 0.6, 1e-8), 0.01, 123);
    assertMatchesReference("registered radam",
        Optimizers.create("radam", Hyperparameters.defaults()),
        radamReference(n, 0.9, 0.999, 1e-8), 0.01, 124);
  }

  @Test
  void radamStepsAreUnrectifiedUntilRhoTExceedsFive() {
    // beta2 = 0.999: rho_t = 1, 1.999, 2.998, 3.997, 4.996, 5.995, ... so steps 1 to 5 are
    // theta -= lr * m_hat (the gradient itself, not normalized), step 6 is rectified.
    RAdam radam = new RAdam(0.9, 0.999, 1e-8, 0);
    OptimizerState state = radam.initialState(1);
    double[] theta = {0.0};
    double g = 3.0;
    for (int t = 1; t <= 5; t++) {
      double before = theta[0];
      radam.step(theta, new double[] {g}, 0.01, state);
      assertEquals(-0.01 * g, theta[0] - before, 1e-15, "step " + t);
    }
    double before = theta[0];
    radam.step(theta, new double[] {g}, 0.01, state);
    double rhoInf = 1999;
    double rhoT = rhoInf - 12 * Math.pow(0.999, 6) / (1 - Math.pow(0.999, 6));
    assertTrue(rhoT > 5 && rhoT < 6, "rho_6 " + rhoT);
    double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf
        / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
    double v = (1 - Math.pow(0.999, 6)) * g * g;
    double expected = -0.01 * g * rect * Math.sqrt(1 - Math.pow(0.999, 6))
        / (Math.sqrt(v) + 1e-8);
    assertEquals(expected, theta[0] - before, 1e-15);
    assertTrue(Math.abs(expected) < 0.01 * 0.1, "the rectified step is small at first");
  }

  @Test
  void rpropMatchesPyTorch() {
    int n = 7;
    assertMatchesReference("rprop", new Rprop(0.5, 1.2, 1e-6, 50),
        rpropReference(n, 0.5, 1.2, 1e-6, 50), 0.01, 131);
    assertMatchesReference("rprop etas (0.3, 1.5)", new Rprop(0.3, 1.5, 1e-6, 50),
        rpropReference(n, 0.3, 1.5, 1e-6, 50), 0.01, 132);
    // Tight step sizes: the clamp from both sides.
    assertMatchesReference("rprop clamped", new Rprop(0.5, 1.2, 5e-3, 2e-2),
        rpropReference(n, 0.5, 1.2, 5e-3, 2e-2), 0.01, 133);
    // An initial lr outside the bounds is clamped on the first step.
    assertMatchesReference("rprop lr above max", new Rprop(0.5, 1.2, 1e-6, 1e-3),
        rpropReference(n, 0.5, 1.2, 1e-6, 1e-3), 0.01, 134);
    Hp h = new Hp();
    h.etaMinus = 0.4;
    h.etaPlus = 1.3;
    h.minStepSize = 1e-4;
    h.maxStepSize = 0.5;
    assertMatchesReference("registered rprop", Optimizers.create("rprop", h.build()),
        rpropReference(n, 0.4, 1.3, 1e-4, 0.5), 0.01, 135);
  }

  @Test
  void rpropGrowsShrinksAndSkipsTheStepAfterASignChange() {
    Rprop rprop = new Rprop(0.5, 1.2, 1e-6, 50);
    OptimizerState state = rprop.initialState(1);
    double[] theta = {0.0};
    rprop.step(theta, new double[] {2.0}, 0.1, state);
    assertEquals(-0.1, theta[0], 1e-15);
    assertEquals(0.1, state.slot("step_size")[0], 0.0);
    // Same sign: grow by 1.2. The learning rate no longer matters.
    rprop.step(theta, new double[] {5.0}, 99.0, state);
    assertEquals(-0.1 - 0.12, theta[0], 1e-15);
    // Sign change: shrink by 0.5, no move, prev = 0.
    rprop.step(theta, new double[] {-1.0}, 0.1, state);
    assertEquals(-0.22, theta[0], 1e-15);
    assertEquals(0.06, state.slot("step_size")[0], 1e-15);
    assertEquals(0.0, state.slot("prev")[0], 0.0);
    // After the skipped step, sign(g * prev) = 0: the step size stays and the move resumes.
    rprop.step(theta, new double[] {-1.0}, 0.1, state);
    assertEquals(-0.22 + 0.06, theta[0], 1e-15);
    assertEquals(0.06, state.slot("step_size")[0], 1e-15);
  }

  @Test
  void asgdMatchesPyTorchIncludingItsAverage() {
    int n = 7;
    assertMatchesReference("asgd", new Asgd(1e-4, 0.75, 1e6, 0),
        new AsgdReference(n, 1e-4, 0.75, 1e6), 0.1, 141);
    assertMatchesReference("registered asgd",
        Optimizers.create("asgd", Hyperparameters.defaults()),
        new AsgdReference(n, 1e-4, 0.75, 1e6), 0.1, 142);
    // Averaging from t0 = 10 and 0, a strong decay term, a different power.
    for (double t0 : new double[] {0, 10, 25.5}) {
      Hp h = new Hp();
      h.asgdLambda = 0.05;
      h.asgdAlpha = 0.5;
      h.asgdT0 = t0;
      Optimizer asgd = Optimizers.create("asgd", h.build());
      AsgdReference ref = new AsgdReference(n, 0.05, 0.5, t0);
      assertMatchesReference("asgd t0=" + t0, asgd, ref, 0.1, 143);
      // And the average itself, step by step.
      AsgdReference ref2 = new AsgdReference(n, 0.05, 0.5, t0);
      Random random = new Random(144);
      double[] theta = randomVector(random, n, 1);
      double[] expected = theta.clone();
      OptimizerState state = asgd.initialState(n);
      for (int t = 1; t <= 60; t++) {
        double[] g = randomVector(random, n, 1);
        double lr = 0.1 * (1 + 0.5 * Math.sin(t));
        asgd.step(theta, g, lr, state);
        ref2.step(expected, g, lr);
        for (int i = 0; i < n; i++) {
          assertEquals(ref2.ax[i], state.slot("ax")[i], 1e-12 * Math.max(1, Math.abs(ref2.ax[i])),
              "t0 " + t0 + " step " + t + " ax " + i);
        }
        assertEquals(ref2.eta, state.slot("eta")[0], 1e-15, "eta");
        assertEquals(ref2.mu, state.slot("mu")[0], 1e-15, "mu");
        double[] model = asgd.modelParameters(theta, state);
        if (ref2.mu == 1 && t <= t0 + 2) {
          assertSame(theta, model, "before averaging the model is theta, step " + t);
        } else if (t > t0 + 2) {
          assertArrayEquals(state.slot("ax"), model, 0.0);
          assertTrue(model != state.slot("ax"), "a copy");
        }
      }
    }
  }

  @Test
  void asgdAveragesFromStepT0PlusThree() {
    // mu used at step t is 1 / max(1, (t - 1) - t0): 1 up to t = t0 + 2, then 1/2, 1/3, ...
    Asgd asgd = new Asgd(0, 0.75, 3, 0);
    OptimizerState state = asgd.initialState(1);
    double[] theta = {0.0};
    double[] thetas = new double[9];
    for (int t = 1; t <= 8; t++) {
      asgd.step(theta, new double[] {-1.0}, 1.0, state);
      thetas[t] = theta[0];
      assertEquals(t, theta[0], 0.0);
      double[] model = asgd.modelParameters(theta, state);
      if (t <= 5) {
        assertEquals(t, state.slot("ax")[0], 0.0, "ax copies theta at step " + t);
        assertSame(theta, model);
      } else {
        assertTrue(model != theta);
      }
    }
    // ax_5 = 5; ax_6 = 5 + (6 - 5) / 2; ax_7 = ax_6 + (7 - ax_6) / 3; ax_8 = ax_7 + (8 - ax_7) / 4.
    double ax = 5;
    for (int t = 6; t <= 8; t++) {
      ax = ax + (thetas[t] - ax) / (t - 4);
    }
    assertEquals(ax, state.slot("ax")[0], 1e-15);
    assertEquals(ax, asgd.modelParameters(theta, state)[0], 1e-15);
    // Writing into the returned copy does not touch the state.
    asgd.modelParameters(theta, state)[0] = -1;
    assertEquals(ax, state.slot("ax")[0], 1e-15);
  }

  @Test
  void modelParametersAreTheParametersForEveryOptimizerButAsgd() {
    for (String name : stepNames()) {
      Optimizer opt = Optimizers.create(name, rich());
      Random random = new Random(145);
      double[] theta = randomVector(random, 3, 1);
      OptimizerState state = opt.initialState(3);
      for (int t = 0; t < 5; t++) {
        opt.step(theta, randomVector(random, 3, 1), lr(name), state);
        assertSame(theta, opt.modelParameters(theta, state), name);
      }
    }
  }

  @Test
  void invalidNewHyperparametersAreRejectedWithNameAndValue() {
    assertInvalid("beta1", "1.0", () -> new RAdam(1.0, 0.999, 1e-8, 0));
    assertInvalid("beta2", "1.0", () -> new RAdam(0.9, 1.0, 1e-8, 0));
    assertInvalid("epsilon", "-1.0", () -> new RAdam(0.9, 0.999, -1.0, 0));
    assertInvalid("etaMinus", "1.0", () -> new Rprop(1.0, 1.2, 1e-6, 50));
    assertInvalid("etaMinus", "0.0", () -> new Rprop(0.0, 1.2, 1e-6, 50));
    assertInvalid("etaPlus", "1.0", () -> new Rprop(0.5, 1.0, 1e-6, 50));
    assertInvalid("etaPlus", "NaN", () -> new Rprop(0.5, Double.NaN, 1e-6, 50));
    assertInvalid("minStepSize", "-1.0", () -> new Rprop(0.5, 1.2, -1, 50));
    assertInvalid("maxStepSize", "1.0E-7", () -> new Rprop(0.5, 1.2, 1e-6, 1e-7));
    assertInvalid("asgdLambda", "-1.0", () -> new Asgd(-1, 0.75, 1e6, 0));
    assertInvalid("asgdAlpha", "-1.0", () -> new Asgd(1e-4, -1, 1e6, 0));
    assertInvalid("asgdT0", "-1.0", () -> new Asgd(1e-4, 0.75, -1, 0));
    Hp h = new Hp();
    h.etaPlus = 0.9;
    assertInvalid("etaPlus", "0.9", () -> Optimizers.create("rprop", h.build()));
    Hp a = new Hp();
    a.asgdT0 = Double.NaN;
    assertInvalid("asgdT0", "NaN", () -> Optimizers.create("asgd", a.build()));
  }

  // ------------------------------------------------------------------ params per optimizer

  private static final List<String> HYPERPARAMETERS = List.of("momentum", "dampening",
      "nesterov", "beta1", "beta2", "epsilon", "amsgrad", "weightDecay", "rho", "centered",
      "initialAccumulatorValue", "lrDecay", "momentumDecay", "etaMinus", "etaPlus",
      "minStepSize", "maxStepSize", "asgdLambda", "asgdAlpha", "asgdT0", "historySize",
      "lineSearch", "toleranceGrad", "toleranceChange");

  /** Sets the Hp field {@code name} (named as its param) to a valid non-default value. */
  private static void perturb(Hp h, String name) throws ReflectiveOperationException {
    java.lang.reflect.Field field = Hp.class.getDeclaredField(name);
    Object value = switch (name) {
      case "nesterov", "amsgrad", "centered" -> true;
      case "epsilon", "rho", "weightDecay" -> OptionalDouble.of(0.3);
      case "etaPlus" -> 1.7;
      case "asgdT0" -> 3.0;
      case "maxStepSize" -> 0.02;
      case "historySize" -> 1;
      case "lineSearch" -> Lbfgs.NO_LINE_SEARCH;
      case "toleranceGrad", "toleranceChange" -> 0.05;
      default -> 0.3;
    };
    field.set(h, value);
  }

  @Test
  void eachRegistrationListsEveryHyperparameterItsOptimizerReads() throws Exception {
    // Every Hp field is a hyperparameter param of the same name.
    assertEquals(HYPERPARAMETERS, Arrays.stream(Hp.class.getDeclaredFields())
        .map(java.lang.reflect.Field::getName).toList());
    int n = 4;
    for (String name : Optimizers.names()) {
      List<String> takes = Optimizers.hyperparameters(name);
      assertTrue(HYPERPARAMETERS.containsAll(takes), name + " takes " + takes);
      assertEquals(takes.stream().distinct().toList(), takes, name);
      double[] reference = trajectory(Optimizers.create(name, Hyperparameters.defaults()), n);
      for (String param : HYPERPARAMETERS) {
        if (takes.contains(param)) {
          continue;
        }
        Hp h = new Hp();
        perturb(h, param);
        assertArrayEquals(reference, trajectory(Optimizers.create(name, h.build()), n), 0.0,
            name + " does not list " + param + " but reads it");
      }
    }
    assertEquals(List.of("sgd", "adam", "adamw", "adagrad", "rmsprop", "adadelta", "adamax",
        "nadam", "radam", "asgd"), Optimizers.using("weightDecay"));
    assertEquals(List.of("rprop"), Optimizers.using("etaMinus"));
    assertThrows(IllegalArgumentException.class, () -> Optimizers.hyperparameters("nope"));
  }

  private static double[] trajectory(Optimizer opt, int n) {
    Random random = new Random(150);
    double[] theta = randomVector(random, n, 1);
    OptimizerState state = opt.initialState(n);
    if (opt instanceof FullBatchOptimizer fullBatch) {
      for (int t = 0; t < 8 && fullBatch.iterate(theta, LbfgsTest.ROSENBROCK, null, 0.5,
          state) == null; t++) {
        // Each iteration moves theta; a converged one ends the trajectory.
      }
      return theta;
    }
    for (int t = 0; t < 30; t++) {
      opt.step(theta, randomVector(random, n, 1), 0.01 * (1 + 0.5 * Math.sin(t)), state);
    }
    return theta;
  }

  private static dev.descent.spark.ml.classification.LinearClassifier classifier(String name) {
    return new dev.descent.spark.ml.classification.LinearClassifier().setOptimizer(name);
  }

  @Test
  void aHyperparameterTheOptimizerDoesNotUseIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> classifier("sgd").setBeta1(0.8).newOptimizer());
    assertEquals("optimizer 'sgd' does not use beta1; it takes: momentum, dampening, nesterov,"
        + " weightDecay", e.getMessage());
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
        () -> classifier("rprop").setWeightDecay(0.1).setMomentum(0.5).newOptimizer());
    assertEquals("optimizer 'rprop' does not use momentum, weightDecay; it takes: etaMinus,"
        + " etaPlus, minStepSize, maxStepSize", two.getMessage());
    IllegalArgumentException network = assertThrows(IllegalArgumentException.class,
        () -> new dev.descent.spark.ml.classification.MLPClassifier().setOptimizer("adam")
            .setMomentum(0.9).newOptimizer());
    assertEquals("optimizer 'adam' does not use momentum; it takes: beta1, beta2, epsilon,"
        + " amsgrad, weightDecay", network.getMessage());
    // Only set params count: defaults are there for every optimizer. Setting a param to its
    // default value still counts as setting it.
    for (String name : Optimizers.names()) {
      assertEquals(name, classifier(name).newOptimizer().name());
      assertEquals(name, classifier(name).setLearningRate(0.5).newOptimizer().name());
    }
    assertThrows(IllegalArgumentException.class,
        () -> classifier("adam").setMomentum(0.0).newOptimizer());
    // The set param is checked against whichever optimizer is chosen last.
    assertEquals("sgd", classifier("adam").setMomentum(0.9).setOptimizer("sgd").newOptimizer()
        .name());
  }

  @Test
  void everyParamAnOptimizerTakesIsAcceptedAndEveryOtherRejected() {
    for (String name : Optimizers.names()) {
      List<String> takes = Optimizers.hyperparameters(name);
      for (String param : HYPERPARAMETERS) {
        dev.descent.spark.ml.classification.LinearClassifier stage = classifier(name);
        org.apache.spark.ml.param.Param<Object> p =
            (org.apache.spark.ml.param.Param<Object>) (Object) stage.getParam(param);
        Object value = p instanceof org.apache.spark.ml.param.BooleanParam ? (Object) false
            : p instanceof org.apache.spark.ml.param.IntParam ? (Object) 5
            : param.equals("lineSearch") ? Lbfgs.NO_LINE_SEARCH
            : param.equals("etaPlus") ? (Object) 1.5 : param.equals("maxStepSize") ? 1.0 : 0.5;
        if (name.equals("sgd") && param.equals("dampening")) {
          value = 0.0;
        }
        stage.set(p, value);
        if (takes.contains(param)) {
          assertEquals(name, stage.newOptimizer().name(), name + " takes " + param);
        } else {
          IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
              stage::newOptimizer, name + " does not take " + param);
          assertEquals("optimizer '" + name + "' does not use " + param + "; it takes: "
              + String.join(", ", takes), e.getMessage());
        }
      }
    }
  }

  @Test
  void weightDecayHasNoDefaultAndItsDocSaysWhoUsesIt() {
    dev.descent.spark.ml.classification.LinearClassifier c = classifier("adamw");
    assertTrue(Double.isNaN(c.getWeightDecay()));
    assertTrue(!c.isDefined(c.weightDecay()));
    assertEquals(0.2, c.setWeightDecay(0.2).getWeightDecay());
    assertTrue(c.momentum().doc().endsWith("; used by sgd, rmsprop"), c.momentum().doc());
    assertTrue(c.etaPlus().doc().endsWith("; used by rprop"), c.etaPlus().doc());
  }

  // ------------------------------------------------------------------ proximal steps

  /** The features that leave a constant gradient's averages well defined (no centering). */
  static Stream<Arguments> proximalVariants() {
    List<Arguments> cases = new ArrayList<>();
    for (String name : stepNames()) {
      cases.add(Arguments.of(name, "defaults"));
      cases.add(Arguments.of(name, "features"));
      if (name.equals("sgd")) {
        cases.add(Arguments.of(name, "nesterov"));
      }
    }
    return cases.stream();
  }

  private static Hyperparameters proximalHyperparameters(String variant) {
    Hp h = new Hp();
    switch (variant) {
      case "defaults" -> { }
      case "features" -> {
        // rich() without centering (a constant gradient has no variance: rmsprop's centered
        // denominator goes to eps) and without coupled weight decay (it makes the gradient the
        // rule sees move with theta).
        h.momentum = 0.9;
        h.dampening = 0.1;
        h.amsgrad = true;
        h.initialAccumulatorValue = 0.1;
        h.lrDecay = 0.001;
        h.beta1 = 0.8;
        h.beta2 = 0.99;
        h.rho = OptionalDouble.of(0.95);
        h.momentumDecay = 0.01;
        h.asgdLambda = 0.01;
        h.asgdT0 = 100;
      }
      case "nesterov" -> {
        h.momentum = 0.5;
        h.nesterov = true;
      }
      default -> throw new AssertionError(variant);
    }
    return h.build();
  }

  /**
   * The contract of {@link Optimizer#proximalSteps}: with a constant gradient, once the averages
   * have settled, each step moves theta_i by -steps[i] * g[i] (besides the rule's own decay of
   * theta: adamw's 1 - lr * weightDecay and asgd's 1 - lambd * eta, both on the parameters).
   * Gradients of 3e-4 to 1e-3 let adadelta's accumulated update settle within the steps run.
   */
  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("proximalVariants")
  void proximalStepsAreTheSettledStepPerUnitOfGradient(String name, String variant) {
    Hyperparameters h = proximalHyperparameters(variant);
    Optimizer opt = Optimizers.create(name, h);
    double[] g = {1e-3, -5e-4, 3e-4, -1e-3, 7e-4};
    int n = g.length;
    double[] theta = new double[n];
    OptimizerState state = opt.initialState(n);
    double[] steps = new double[n];
    double lr = lr(name);
    if (name.equals("rprop")) {
      assertTrue(!opt.supportsL1());
      opt.step(theta, g, lr, state);
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> opt.proximalSteps(lr, state, steps));
      assertTrue(e.getMessage().contains("rprop") && e.getMessage().contains("elasticNetParam")
          && e.getMessage().contains("regParam"), e.getMessage());
      return;
    }
    assertTrue(opt.supportsL1(), name);
    int settle = 20000;
    double worst = 0;
    for (int t = 1; t <= settle; t++) {
      double[] before = theta.clone();
      opt.step(theta, g, lr, state);
      opt.proximalSteps(lr, state, steps);
      if (t < settle - 100) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        assertTrue(steps[i] > 0 && Double.isFinite(steps[i]), name + " step " + steps[i]);
        double shrink = switch (name) {
          case "adamw" -> 1 - lr * h.weightDecay().orElse(0.01);
          case "asgd" -> 1 - h.asgdLambda() * steps[i];
          default -> 1.0;
        };
        double expectedMove = before[i] * shrink - steps[i] * g[i] - before[i];
        double move = theta[i] - before[i];
        double error = Math.abs(move - expectedMove) / Math.abs(steps[i] * g[i]);
        worst = Math.max(worst, error);
      }
    }
    assertTrue(worst < 1e-10, name + " (" + variant + "): relative error " + worst);
  }

  /**
   * Weight decay is part of the smooth gradient: the steps read the state only, so two
   * optimizers that differ only in weight decay give the same steps from the same state.
   */
  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("optimizers")
  void proximalStepsDoNotDependOnWeightDecay(String name, String variant) {
    if (!Optimizers.using("weightDecay").contains(name)) {
      return;
    }
    Hyperparameters base = variant.equals("defaults") ? Hyperparameters.defaults() : rich();
    Optimizer decayed = Optimizers.create(name, withWeightDecay(base, OptionalDouble.of(0.4)));
    Optimizer plain = Optimizers.create(name, withWeightDecay(base, OptionalDouble.of(0.0)));
    Random random = new Random(160);
    double[] theta = randomVector(random, 5, 1);
    OptimizerState state = decayed.initialState(5);
    for (int t = 0; t < 12; t++) {
      decayed.step(theta, randomVector(random, 5, 1), lr(name), state);
      double[] a = new double[5];
      double[] b = new double[5];
      decayed.proximalSteps(lr(name), state, a);
      plain.proximalSteps(lr(name), state, b);
      assertArrayEquals(b, a, 0.0, name);
    }
  }
}
