package dev.descent.spark.ml.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.optim.OptimizerConformanceTest.Reference;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reference trajectories through the whole engine: full-batch fits of a small quadratic (squared
 * loss) and logistic objective with every optimizer, compared after every epoch count with a plain
 * Java loop that computes the same objective's gradient and applies the independent reference
 * update from {@link OptimizerConformanceTest}. The learning rate decays exponentially per epoch,
 * so the schedule's rate is checked too.
 */
class FullBatchTrajectoryTest {

  private static final int ROWS = 40;
  private static final int FEATURES = 3;
  private static final int EPOCHS = 6;
  private static final double REG_PARAM = 0.05;
  private static final double GAMMA = 0.9;

  private static double[][] x;
  private static double[] y01;
  private static double[] yReal;
  private static double[] w;
  private static Dataset<Row> classification;
  private static Dataset<Row> regression;

  @BeforeAll
  static void data() {
    Random random = new Random(5);
    x = new double[ROWS][FEATURES];
    y01 = new double[ROWS];
    yReal = new double[ROWS];
    w = new double[ROWS];
    List<Row> cls = new ArrayList<>();
    List<Row> reg = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < FEATURES; j++) {
        x[i][j] = random.nextGaussian() * (j + 1);
      }
      w[i] = 0.5 + random.nextDouble();
      y01[i] = x[i][0] - 0.5 * x[i][1] + random.nextGaussian() > 0 ? 1.0 : 0.0;
      yReal[i] = 2 * x[i][0] - x[i][2] + 1 + 0.1 * random.nextGaussian();
      cls.add(RowFactory.create(y01[i], w[i], Vectors.dense(x[i])));
      reg.add(RowFactory.create(yReal[i], w[i], Vectors.dense(x[i])));
    }
    classification = TestSpark.session().createDataFrame(cls, TestData.SCHEMA).repartition(2);
    regression = TestSpark.session().createDataFrame(reg, TestData.SCHEMA).repartition(2);
  }

  /** Optimizer name, learning rate, and the matching reference on FEATURES + 1 parameters. */
  static Stream<Arguments> optimizers() {
    int n = FEATURES + 1;
    return Stream.of(
        Arguments.of("sgd", 0.1, OptimizerConformanceTest.sgdReference(n, 0, 0, false)),
        Arguments.of("adam", 0.05,
            OptimizerConformanceTest.adamReference(n, 0.9, 0.999, 1e-8, false, 0)),
        Arguments.of("adamw", 0.05,
            OptimizerConformanceTest.adamReference(n, 0.9, 0.999, 1e-8, false, 0.01)),
        Arguments.of("adagrad", 0.1,
            OptimizerConformanceTest.adagradReference(n, 0, 0, 1e-10)),
        Arguments.of("rmsprop", 0.01,
            OptimizerConformanceTest.rmspropReference(n, 0.99, 1e-8, 0, false)),
        Arguments.of("adadelta", 1.0, OptimizerConformanceTest.adadeltaReference(n, 0.9, 1e-6)),
        Arguments.of("adamax", 0.05,
            OptimizerConformanceTest.adamaxReference(n, 0.9, 0.999, 1e-8)),
        Arguments.of("nadam", 0.05,
            OptimizerConformanceTest.nadamReference(n, 0.9, 0.999, 1e-8, 4e-3)));
  }

  /** Both stages share these settings: full batch, raw features, exponential decay, L2. */
  private static void configure(dev.descent.spark.ml.param.GradientDescentSetters<?> stage,
      String optimizer, double lr) {
    stage.setOptimizer(optimizer).setLearningRate(lr).setMaxIter(EPOCHS).setTol(0.0)
        .setBatchSize(ROWS).setStandardization(false).setRegParam(REG_PARAM)
        .setLrSchedule("exponential").setLrGamma(GAMMA).setWeightCol("weight").setSeed(3L);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void logisticTrajectoryMatchesTheReference(String optimizer, double lr, Reference reference) {
    LinearClassifier classifier = new LinearClassifier().setLoss("log");
    configure(classifier, optimizer, lr);
    LinearClassificationModel model = classifier.fit(classification);
    double[] expected = referenceRun(reference, lr, true);
    assertClose(optimizer + " logistic", expected, model.coefficients().toArray(),
        model.intercept());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void quadraticTrajectoryMatchesTheReference(String optimizer, double lr, Reference reference) {
    LinearRegressor regressor = new LinearRegressor().setLoss("squared");
    configure(regressor, optimizer, lr);
    LinearRegressionModel model = regressor.fit(regression);
    double[] expected = referenceRun(reference, lr, false);
    assertClose(optimizer + " quadratic", expected, model.coefficients().toArray(),
        model.intercept());
  }

  /**
   * EPOCHS full-batch steps from zero on the weighted mean loss plus regParam / 2 ||beta||^2
   * (intercept last, not regularized), with the rate of epoch e equal to lr * GAMMA^e.
   */
  private static double[] referenceRun(Reference reference, double lr, boolean logistic) {
    double[] theta = new double[FEATURES + 1];
    double weightSum = 0;
    for (double wi : w) {
      weightSum += wi;
    }
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      double[] g = new double[FEATURES + 1];
      for (int i = 0; i < ROWS; i++) {
        double margin = theta[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
          margin += theta[j] * x[i][j];
        }
        double dLoss = logistic ? 1 / (1 + Math.exp(-margin)) - y01[i] : margin - yReal[i];
        for (int j = 0; j < FEATURES; j++) {
          g[j] += w[i] * dLoss * x[i][j] / weightSum;
        }
        g[FEATURES] += w[i] * dLoss / weightSum;
      }
      for (int j = 0; j < FEATURES; j++) {
        g[j] += REG_PARAM * theta[j];
      }
      reference.step(theta, g, lr * Math.pow(GAMMA, epoch));
    }
    return theta;
  }

  private static void assertClose(String what, double[] expected, double[] coefficients,
      double intercept) {
    double[] actual = new double[FEATURES + 1];
    System.arraycopy(coefficients, 0, actual, 0, FEATURES);
    actual[FEATURES] = intercept;
    assertEquals(FEATURES, coefficients.length, what);
    for (int i = 0; i <= FEATURES; i++) {
      double tolerance = 1e-9 * Math.max(Math.abs(expected[i]), 1e-3);
      if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) {
        fail(what + ": parameter " + i + " expected " + expected[i] + " but got " + actual[i]);
      }
    }
  }
}
