package dev.descent.spark.ml.checkpoint;

import static dev.descent.spark.ml.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A warm start from a model fitted for k epochs, run for m more, ends where one fit of k + m
 * epochs does, for plain full-batch gradient descent (no optimizer state, constant learning rate,
 * no shuffling): the model's coefficients map back exactly into the training space, up to
 * rounding.
 */
class WarmStartTest {

  private static LinearClassifier classifier(int epochs) {
    return new LinearClassifier().setOptimizer("sgd").setLearningRate(0.5).setBatchSize(100_000)
        .setShuffle(false).setTol(0).setRegParam(0.01).setMaxIter(epochs);
  }

  private static LinearRegressor regressor(int epochs) {
    return new LinearRegressor().setOptimizer("sgd").setLearningRate(0.2).setBatchSize(100_000)
        .setShuffle(false).setTol(0).setMaxIter(epochs);
  }

  private static void assertSameModel(LinearClassificationModel expected,
      LinearClassificationModel actual) {
    assertClose(expected.coefficientMatrix().toArray(), actual.coefficientMatrix().toArray(),
        1e-12, "coefficients");
    assertClose(expected.interceptVector().toArray(), actual.interceptVector().toArray(), 1e-12,
        "intercepts");
  }

  @Test
  void binaryAndMultinomialClassifiers() {
    for (int classes : new int[] {2, 3}) {
      Dataset<Row> data = TestData.classification(120, 3, classes, 21L, 2, true);
      LinearClassificationModel first = classifier(4).setWeightCol("weight").fit(data);
      LinearClassificationModel warm = classifier(5).setWeightCol("weight")
          .setInitialModel(first).fit(data);
      LinearClassificationModel whole = classifier(9).setWeightCol("weight").fit(data);
      assertSameModel(whole, warm);
    }
  }

  @Test
  void regressorWithCenteringAndWithoutStandardization() {
    Dataset<Row> data = TestData.regression(100, 4, 22L, 2, false);
    for (boolean standardize : new boolean[] {true, false}) {
      LinearRegressionModel first = regressor(3).setStandardization(standardize)
          .setLearningRate(standardize ? 0.2 : 0.01).fit(data);
      LinearRegressionModel warm = regressor(4).setStandardization(standardize)
          .setLearningRate(standardize ? 0.2 : 0.01).setInitialModel(first).fit(data);
      LinearRegressionModel whole = regressor(7).setStandardization(standardize)
          .setLearningRate(standardize ? 0.2 : 0.01).fit(data);
      assertClose(whole.coefficients().toArray(), warm.coefficients().toArray(), 1e-12,
          "coefficients");
      assertClose(whole.intercept(), warm.intercept(), 1e-12, "intercept");
    }
  }

  @Test
  void copiesKeepTheInitialModel() {
    LinearRegressionModel model = new LinearRegressionModel("m", Vectors.dense(1, 2), 0.5);
    LinearRegressor regressor = regressor(1).setInitialModel(model);
    assertSame(model, regressor.copy(ParamMap.empty()).getInitialModel());
  }

  @Test
  void mismatchedModelsFailClearly() {
    Dataset<Row> data = TestData.classification(40, 3, 2, 23L, 2, false);
    LinearClassificationModel twoFeatures = new LinearClassificationModel("m",
        new DenseMatrix(1, 2, new double[] {1, 2}), Vectors.dense(0.5), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> classifier(1).setInitialModel(twoFeatures).fit(data));
    assertTrue(e.getMessage().contains("initialModel has 2 features"), e.getMessage());

    LinearClassificationModel threeClasses = new LinearClassificationModel("m",
        DenseMatrix.zeros(3, 3), Vectors.zeros(3), 3);
    LinearClassificationModel warm = classifier(1).setInitialModel(threeClasses).fit(data);
    assertTrue(warm.numClasses() == 3, "the model's classes are the least assumed");

    LinearClassificationModel withIntercept = new LinearClassificationModel("m",
        DenseMatrix.zeros(1, 3), Vectors.dense(0.5), 2);
    e = assertThrows(IllegalArgumentException.class, () -> classifier(1)
        .setFitIntercept(false).setInitialModel(withIntercept).fit(data));
    assertTrue(e.getMessage().contains("fitIntercept is false"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> classifier(1)
        .setInitialModel(withIntercept).setResumeFrom("/nowhere").fit(data));
    assertTrue(e.getMessage().contains("either initialModel or resumeFrom"), e.getMessage());
  }
}
