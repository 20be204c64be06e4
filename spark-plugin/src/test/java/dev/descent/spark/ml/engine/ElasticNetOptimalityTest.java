package dev.descent.spark.ml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.optim.Optimizer;
import dev.descent.spark.ml.optim.OptimizerState;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With an L1 or elastic-net penalty, every optimizer's step rule converges to the elastic-net
 * optimum: after enough full-batch steps the KKT conditions hold to 1e-6 (the smooth gradient is
 * -l1 * sign(beta_j) on every nonzero coefficient and at most l1 in size on every zero one, the
 * intercept's gradient is 0). The problems are small and held in memory, and the gradients are
 * computed here, independently of the engine's aggregators; what is tested is the step rule
 * itself, optimizer and proximal step together.
 */
class ElasticNetOptimalityTest {

  private static final int ROWS = 300;
  private static final int FEATURES = 8;

  /** Rows of 8 features (3 informative, 5 noise) and labels in {0, 1} or real values. */
  private record Problem(double[][] x, double[] y, boolean logistic) {

    static Problem of(boolean logistic, long seed) {
      Random random = new Random(seed);
      double[][] x = new double[ROWS][FEATURES];
      double[] y = new double[ROWS];
      double[] beta = {1.5, -2.0, 0.7, 0, 0, 0, 0, 0};
      for (int i = 0; i < ROWS; i++) {
        double margin = 0.3;
        for (int j = 0; j < FEATURES; j++) {
          x[i][j] = random.nextGaussian();
          margin += beta[j] * x[i][j];
        }
        y[i] = logistic
            ? (random.nextDouble() < 1 / (1 + Math.exp(-margin)) ? 1.0 : 0.0)
            : margin + 0.5 * random.nextGaussian();
      }
      return new Problem(x, y, logistic);
    }

    /** The mean loss at theta: log loss or half the squared residual. */
    double loss(double[] theta) {
      double sum = 0;
      for (int i = 0; i < ROWS; i++) {
        double margin = theta[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
          margin += theta[j] * x[i][j];
        }
        sum += logistic
            ? Math.log1p(Math.exp(-Math.abs(margin))) + Math.max(margin, 0) - y[i] * margin
            : 0.5 * (margin - y[i]) * (margin - y[i]);
      }
      return sum / ROWS;
    }

    /** The mean loss's gradient at theta (coefficients, then the intercept). */
    double[] gradient(double[] theta) {
      double[] g = new double[FEATURES + 1];
      for (int i = 0; i < ROWS; i++) {
        double margin = theta[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
          margin += theta[j] * x[i][j];
        }
        double residual = logistic ? 1 / (1 + Math.exp(-margin)) - y[i] : margin - y[i];
        for (int j = 0; j < FEATURES; j++) {
          g[j] += residual * x[i][j] / ROWS;
        }
        g[FEATURES] += residual / ROWS;
      }
      return g;
    }
  }

  /** The largest violation of the elastic-net optimality conditions at theta. */
  private static double kktViolation(Problem problem, double[] theta, double regParam,
      double alpha) {
    double[] g = problem.gradient(theta);
    double l1 = regParam * alpha;
    double worst = Math.abs(g[FEATURES]);
    for (int j = 0; j < FEATURES; j++) {
      double smooth = g[j] + regParam * (1 - alpha) * theta[j];
      double violation = theta[j] != 0
          ? Math.abs(smooth + l1 * Math.signum(theta[j]))
          : Math.max(0, Math.abs(smooth) - l1);
      worst = Math.max(worst, violation);
    }
    return worst;
  }

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("sgd", 0.5, (Supplier<LinearClassifier>) () -> stage("sgd")),
        Arguments.of("sgd momentum", 0.1,
            (Supplier<LinearClassifier>) () -> stage("sgd").setMomentum(0.9)),
        Arguments.of("sgd nesterov", 0.1,
            (Supplier<LinearClassifier>) () -> stage("sgd").setMomentum(0.9).setNesterov(true)),
        Arguments.of("sgd dampened", 0.2, (Supplier<LinearClassifier>)
            () -> stage("sgd").setMomentum(0.5).setDampening(0.3)),
        Arguments.of("adam", 0.01, (Supplier<LinearClassifier>) () -> stage("adam")),
        Arguments.of("adam amsgrad", 0.01,
            (Supplier<LinearClassifier>) () -> stage("adam").setAmsgrad(true)),
        Arguments.of("adagrad", 0.5, (Supplier<LinearClassifier>) () -> stage("adagrad")),
        // RMSprop's step on an unpenalized coordinate whose gradient nears 0 (the intercept)
        // grows like lr / (|g| + epsilon): at a constant rate it hovers around the optimum, so
        // the rate decays (and a larger epsilon bounds that step).
        // (Centered RMSprop divides by the gradient's variance, which full-batch training
        // drives to 0 on every coordinate: it has no fixed point to test.)
        Arguments.of("rmsprop", -0.002,
            (Supplier<LinearClassifier>) () -> stage("rmsprop").setEpsilon(1e-3)),
        Arguments.of("rmsprop momentum", -0.001, (Supplier<LinearClassifier>)
            () -> stage("rmsprop").setMomentum(0.5)),
        Arguments.of("adadelta", 1.0, (Supplier<LinearClassifier>) () -> stage("adadelta")),
        Arguments.of("adamax", 0.01, (Supplier<LinearClassifier>) () -> stage("adamax")),
        Arguments.of("nadam", 0.01, (Supplier<LinearClassifier>) () -> stage("nadam")),
        Arguments.of("radam", 0.01, (Supplier<LinearClassifier>) () -> stage("radam")),
        // ASGD's own decay lambd shrinks every parameter (as a weight decay would): without it
        // the fixed point is the elastic-net optimum's.
        Arguments.of("asgd", 0.5,
            (Supplier<LinearClassifier>) () -> stage("asgd").setAsgdLambda(0.0)));
  }

  /**
   * L-BFGS takes no proximal step: with an L1 part it runs OWL-QN, whose iterations evaluate the
   * objective along a projected line; here the data term's sums come from the problem itself.
   */
  @org.junit.jupiter.api.Test
  void lbfgsReachesTheElasticNetOptimumByOwlqn() {
    for (boolean logistic : new boolean[] {true, false}) {
      for (double alpha : new double[] {1.0, 0.5, 0.0}) {
        Problem problem = Problem.of(logistic, 7);
        double regParam = logistic ? 0.05 : 0.2;
        Optimizer optimizer = stage("lbfgs").setToleranceGrad(1e-10).setToleranceChange(1e-15)
            .newOptimizer();
        StepRule rule = new StepRule(new Regularization(regParam, alpha, FEATURES),
            GradientClipping.none(), optimizer);
        double[] theta = new double[FEATURES + 1];
        OptimizerState state = optimizer.initialState(theta.length);
        StepRule.Iteration iteration = null;
        int iterations = 0;
        while (iterations < 200 && (iteration == null || iteration.converged() == null)) {
          iteration = rule.iterate(theta, point -> {
            double[] sums = problem.gradient(point);
            for (int j = 0; j < sums.length; j++) {
              sums[j] *= ROWS;
            }
            return new BatchGradient(problem.loss(point) * ROWS, ROWS, sums);
          }, 1.0, state);
          assertEquals(null, iteration.problem());
          iterations++;
        }
        String what = "lbfgs" + (logistic ? " logistic" : " least squares") + " alpha " + alpha;
        double violation = kktViolation(problem, theta, regParam, alpha);
        assertTrue(violation <= 1e-6, what + ": KKT violation " + violation + " after "
            + iterations + " iterations (" + iteration.converged() + ")");
        assertTrue(iterations < 100, what + ": " + iterations + " iterations");
        int zeros = 0;
        for (int j = 0; j < FEATURES; j++) {
          zeros += theta[j] == 0 ? 1 : 0;
        }
        assertTrue(alpha == 0 ? zeros == 0 : zeros >= 3, what + ": " + zeros + " exact zeros");
      }
    }
  }

  private static LinearClassifier stage(String optimizer) {
    return new LinearClassifier().setOptimizer(optimizer);
  }

  /**
   * @param lr the learning rate; a negative one is decayed as |lr| * sqrt(1000 / (1000 + step))
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void everyOptimizerReachesTheElasticNetOptimum(String name, double lr,
      Supplier<LinearClassifier> stage) {
    for (boolean logistic : new boolean[] {true, false}) {
      for (double alpha : new double[] {1.0, 0.5}) {
        Problem problem = Problem.of(logistic, 7);
        double regParam = logistic ? 0.05 : 0.2;
        Optimizer optimizer = stage.get().newOptimizer();
        StepRule rule = new StepRule(new Regularization(regParam, alpha, FEATURES),
            new GradientClipping(Double.NaN, Double.NaN), optimizer);
        double[] theta = new double[FEATURES + 1];
        OptimizerState state = optimizer.initialState(theta.length);
        double violation = Double.NaN;
        for (int step = 1; step <= 400_000; step++) {
          double rate = lr > 0 ? lr : -lr * Math.sqrt(1000 / (1000.0 + step));
          assertEquals(null, rule.apply(theta, problem.gradient(theta), rate, state).problem());
          if (step % 1000 == 0) {
            violation = kktViolation(problem, theta, regParam, alpha);
            if (violation < 1e-8) {
              break;
            }
          }
        }
        String what = name + (logistic ? " logistic" : " least squares") + " alpha " + alpha;
        assertTrue(violation <= 1e-6, what + ": KKT violation " + violation);
        int zeros = 0;
        for (int j = 0; j < FEATURES; j++) {
          zeros += theta[j] == 0 ? 1 : 0;
        }
        assertTrue(zeros >= 3, what + ": " + zeros + " exact zeros");
      }
    }
  }
}
