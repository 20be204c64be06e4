package dev.descent.spark.ml.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.loss.CustomLossExamples.AsymmetricSquared;
import dev.descent.spark.ml.loss.CustomLossExamples.AsymmetricSquaredByHand;
import dev.descent.spark.ml.loss.CustomLossExamples.Focal;
import dev.descent.spark.ml.loss.CustomLossExamples.FocalByHand;
import dev.descent.spark.ml.loss.CustomLossExamples.Pinball;
import dev.descent.spark.ml.loss.CustomLossExamples.Softmax3;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stages trained with user losses given by class name. */
class CustomLossFitTest {

  private static final Dataset<Row> BINARY = TestData.classification(80, 3, 2, 7, 2, true);
  private static final Dataset<Row> THREE_CLASSES = TestData.classification(90, 3, 3, 8, 2, false);
  private static final Dataset<Row> REGRESSION = TestData.regression(80, 3, 9, 2, true);

  private static LinearClassifier classifier(String loss) {
    return new LinearClassifier().setLoss(loss).setOptimizer("adam").setLearningRate(0.05)
        .setMaxIter(4).setBatchSize(16).setSeed(11L).setWeightCol("weight").setRegParam(0.01);
  }

  private static LinearRegressor regressor(String loss) {
    return new LinearRegressor().setLoss(loss).setOptimizer("adam").setLearningRate(0.05)
        .setMaxIter(4).setBatchSize(16).setSeed(11L).setWeightCol("weight").setRegParam(0.01);
  }

  private static void assertClose(Vector expected, Vector actual, double relative) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.apply(i);
      assertEquals(e, actual.apply(i), relative * Math.max(1e-3, Math.abs(e)), "entry " + i);
    }
  }

  @Test
  void focalLossByAutomaticDifferentiationEqualsTheHandDerivedOne() {
    LinearClassificationModel auto = classifier(Focal.class.getName()).fit(BINARY);
    LinearClassificationModel hand = classifier(FocalByHand.class.getName()).fit(BINARY);
    assertClose(hand.coefficients(), auto.coefficients(), 1e-12);
    assertEquals(hand.intercept(), auto.intercept(), 1e-12);
    // The loss gives probabilities, so the model has a probability column.
    List<Row> rows = auto.transform(BINARY).select("probability", "prediction").collectAsList();
    Vector p = rows.get(0).getAs(0);
    assertEquals(1.0, p.apply(0) + p.apply(1), 1e-12);
  }

  @Test
  void asymmetricSquaredLossEqualsTheHandDerivedOne() {
    LinearRegressionModel auto = regressor(AsymmetricSquared.class.getName()).fit(REGRESSION);
    LinearRegressionModel hand =
        regressor(AsymmetricSquaredByHand.class.getName()).fit(REGRESSION);
    assertClose(hand.coefficients(), auto.coefficients(), 1e-12);
    assertEquals(hand.intercept(), auto.intercept(), 1e-12);
  }

  @Test
  void pinballLossEqualsTheBuiltInQuantileLoss() {
    LinearRegressionModel custom = regressor(Pinball.class.getName()).fit(REGRESSION);
    LinearRegressionModel builtIn = regressor("quantile").setQuantile(0.3).fit(REGRESSION);
    assertClose(builtIn.coefficients(), custom.coefficients(), 1e-12);
    assertEquals(builtIn.intercept(), custom.intercept(), 1e-12);
  }

  @Test
  void multiClassLossTakesOneOutputPerClass() {
    LinearClassificationModel custom =
        classifier(Softmax3.class.getName()).setRegParam(0.0).fit(THREE_CLASSES);
    LinearClassificationModel builtIn = classifier("log").setRegParam(0.0).fit(THREE_CLASSES);
    // The built-in softmax centers its margins after training; probabilities do not change.
    List<Row> a = custom.transform(THREE_CLASSES).select("probability").collectAsList();
    List<Row> b = builtIn.transform(THREE_CLASSES).select("probability").collectAsList();
    for (int i = 0; i < a.size(); i++) {
      assertClose(b.get(i).getAs(0), a.get(i).getAs(0), 1e-9);
    }
  }

  @Test
  void modelWithACustomLossSavesAndLoads(@TempDir Path dir) throws Exception {
    LinearClassificationModel model = classifier(Focal.class.getName()).fit(BINARY);
    String path = dir.resolve("focal").toString();
    model.write().save(path);
    LinearClassificationModel loaded = LinearClassificationModel.load(path);
    assertEquals(Focal.class.getName(), loaded.getLoss());
    assertEquals(model.transform(BINARY).select("probability").collectAsList(),
        loaded.transform(BINARY).select("probability").collectAsList());
    LinearClassifier estimator = classifier(Focal.class.getName());
    estimator.write().save(dir.resolve("estimator").toString());
    assertEquals(Focal.class.getName(),
        LinearClassifier.load(dir.resolve("estimator").toString()).getLoss());
    assertTrue(Files.isDirectory(dir.resolve("focal").resolve("data")));
  }

  @Test
  void lossWithoutProbabilitiesGivesNoProbabilityColumn() {
    // Pinball is a regression loss; as a classification loss it is a margin loss, like hinge.
    LinearClassificationModel model = classifier(Pinball.class.getName()).fit(BINARY);
    assertFalse(List.of(model.transform(BINARY).columns()).contains("probability"));
  }

  @Test
  void userLossErrorsReachTheCaller() {
    Exception nan = assertThrows(Exception.class,
        () -> regressor(CustomLossExamples.NaNLoss.class.getName()).fit(REGRESSION));
    assertTrue(messages(nan).contains("custom loss " + CustomLossExamples.NaNLoss.class.getName()
        + " gave a loss of NaN"), messages(nan));
    Exception arity = assertThrows(Exception.class,
        () -> classifier(Focal.class.getName()).fit(THREE_CLASSES));
    assertTrue(messages(arity).contains("a 3-class classifier has 3"), messages(arity));
    Exception missing = assertThrows(Exception.class,
        () -> regressor("com.example.NoSuchLoss").fit(REGRESSION));
    assertTrue(messages(missing).contains("com.example.NoSuchLoss"), messages(missing));
    assertThrows(IllegalArgumentException.class, () -> regressor("not a class name"));
  }

  private static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append(" | ");
    }
    return all.toString();
  }
}
