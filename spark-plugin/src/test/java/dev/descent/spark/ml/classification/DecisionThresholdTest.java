package dev.descent.spark.ml.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestData;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The binary {@code threshold}: on the probability of label 1, or on the margin for hinge. */
class DecisionThresholdTest {

  private static Dataset<Row> binary;
  private static LinearClassificationModel logistic;
  private static LinearClassificationModel svm;

  @BeforeAll
  static void fit() {
    binary = TestData.classification(200, 3, 2, 31, 2, false, 1.0).cache();
    LinearClassifier quick = new LinearClassifier().setMaxIter(10).setBatchSize(64)
        .setLearningRate(0.1).setSeed(5);
    logistic = quick.fit(binary);
    svm = quick.copy(ParamMap.empty()).setLoss("hinge").fit(binary);
  }

  @Test
  void aProbabilityThresholdDecidesEveryRowAsItsProbabilityDoes() {
    for (double threshold : new double[] {0.2, 0.5, 0.8}) {
      LinearClassificationModel model = logistic.copy(
          ParamMap.empty()).setThreshold(threshold);
      List<Row> rows = model.transform(binary).select("features", "probability", "prediction")
          .collectAsList();
      long ones = 0;
      for (Row row : rows) {
        double p1 = ((Vector) row.get(1)).apply(1);
        double expected = p1 > threshold ? 1.0 : 0.0;
        assertEquals(expected, row.getDouble(2), "threshold " + threshold + ", p1 " + p1);
        assertEquals(expected, model.predict((Vector) row.get(0)), "predict() agrees");
        ones += (long) expected;
      }
      assertTrue(ones > 0 && ones < rows.size(), "threshold " + threshold + " splits the rows");
    }
    LinearClassificationModel noProbability = logistic.copy(
        ParamMap.empty()).setThreshold(0.8);
    noProbability.setProbabilityCol("");
    List<Row> raw = noProbability.transform(binary).select("rawPrediction", "prediction")
        .collectAsList();
    for (Row row : raw) {
      double margin = ((Vector) row.get(0)).apply(1);
      assertEquals(1 / (1 + Math.exp(-margin)) > 0.8 ? 1.0 : 0.0, row.getDouble(1), 1e-12,
          "without the probability column the threshold still acts on the probability");
    }
  }

  @Test
  void aHingeThresholdActsOnTheMargin() {
    LinearClassificationModel model = svm.copy(ParamMap.empty())
        .setThreshold(0.5);
    for (Row row : model.transform(binary).select("rawPrediction", "prediction")
        .collectAsList()) {
      double margin = ((Vector) row.get(0)).apply(1);
      assertEquals(margin > 0.5 ? 1.0 : 0.0, row.getDouble(1), "margin " + margin);
    }
    assertFalse(model.transform(binary).where("prediction = 1").isEmpty());
  }

  @Test
  void unsetMeansTheLikelierLabelAndTheEstimatorPassesItOn() {
    List<Row> rows = logistic.transform(binary).select("probability", "prediction")
        .collectAsList();
    for (Row row : rows) {
      assertEquals(((Vector) row.get(0)).apply(1) > 0.5 ? 1.0 : 0.0, row.getDouble(1));
    }
    LinearClassificationModel fitted = new LinearClassifier().setMaxIter(2).setThreshold(0.3)
        .fit(binary);
    assertEquals(0.3, fitted.getThreshold());
  }

  @Test
  void misuseIsAnErrorNamingTheParams() {
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> logistic.copy(ParamMap.empty()).setThreshold(1.5)
            .transform(binary));
    assertTrue(range.getMessage().contains("threshold 1.5") && range.getMessage().contains("[0, 1]"),
        range.getMessage());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> logistic.copy(ParamMap.empty()).setThreshold(0.4)
            .setThresholds(new double[] {0.5, 0.5}).transform(binary));
    assertTrue(both.getMessage().contains("threshold and thresholds"), both.getMessage());
    LinearClassificationModel multiclass = new LinearClassifier().setMaxIter(2)
        .fit(TestData.classification(90, 3, 3, 32, 2, false, 1.0));
    IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
        () -> multiclass.setThreshold(0.4).transformSchema(binary.schema()));
    assertTrue(classes.getMessage().contains("3 classes"), classes.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new LinearClassifier().setThreshold(Double.NaN));
  }

  @Test
  void theNetworkClassifierTakesItToo() {
    MLPClassificationModel model = new MLPClassifier().setHiddenLayers(new int[] {4})
        .setMaxIter(5).setSeed(3).fit(binary).setThreshold(0.7);
    for (Row row : model.transform(binary).select("probability", "prediction").collectAsList()) {
      assertEquals(((Vector) row.get(0)).apply(1) > 0.7 ? 1.0 : 0.0, row.getDouble(1));
    }
  }
}
