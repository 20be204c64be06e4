package dev.descent.spark.ml.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassificationModel;
import dev.descent.spark.ml.classification.MLPClassifier;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import dev.descent.spark.ml.regression.MLPRegressionModel;
import dev.descent.spark.ml.regression.MLPRegressor;
import dev.descent.spark.ml.training.TrainingSummary;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model as JSON in the metadata of {@code descriptionCol}, read as a Connect client does. */
class ModelDescriptionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Dataset<Row> binary;
  private static Dataset<Row> regression;

  @TempDir
  Path tmp;

  @BeforeAll
  static void data() {
    binary = TestData.classification(120, 3, 2, 41, 2, false, 1.0).cache();
    regression = TestData.regression(120, 3, 42, 2, false).cache();
  }

  /** The description from the schema of an empty transform, as the Python wrapper reads it. */
  private static JsonNode describe(Transformer model, Dataset<Row> data) throws Exception {
    Dataset<Row> out = model.transform(data.limit(0));
    StructType schema = out.schema();
    String json = schema.apply("model").metadata().getString(ModelDescription.KEY);
    assertEquals(json, model.transformSchema(data.schema()).apply("model").metadata()
        .getString(ModelDescription.KEY), "transformSchema gives the same description");
    assertTrue(out.select("model").where("model is not null").isEmpty(), "the column is null");
    return JSON.readTree(json);
  }

  private static void assertHistory(TrainingSummary expected, JsonNode summary) {
    double[] objective = expected.objectiveHistory();
    assertEquals(objective.length, summary.get("objectiveHistory").size());
    for (int e = 0; e < objective.length; e++) {
      assertEquals(objective[e], summary.get("objectiveHistory").get(e).asDouble(),
          "bit-identical objective at epoch " + e);
    }
    assertEquals(expected.totalEpochs(), summary.get("totalEpochs").asInt());
    assertEquals(expected.totalSteps(), summary.get("totalSteps").asLong());
    assertEquals(expected.stopReason().name(), summary.get("stopReason").asText());
    assertEquals(expected.stopMessage(), summary.get("stopMessage").asText());
    assertEquals(expected.numRows(), summary.get("numRows").asLong());
    assertEquals(expected.learningRateHistory().length,
        summary.get("learningRateHistory").size());
    assertEquals(expected.layerParameterNorms().length,
        summary.get("layerParameterNorms").size());
  }

  @Test
  void aLinearClassifierCarriesItsCoefficientsAndHistory() throws Exception {
    LinearClassificationModel model = new LinearClassifier().setMaxIter(4).setBatchSize(50)
        .setSeed(1).fit(binary);
    assertFalse(Arrays.asList(model.transform(binary).columns()).contains("model"),
        "no description column by default");
    JsonNode d = describe(model.copy(new org.apache.spark.ml.param.ParamMap())
        .setDescriptionCol("model"), binary);
    assertEquals("LinearClassificationModel", d.get("model").asText());
    assertEquals(model.uid(), d.get("uid").asText());
    assertEquals(2, d.get("numClasses").asInt());
    assertTrue(d.get("hasProbabilities").asBoolean());
    Matrix w = model.coefficientMatrix();
    JsonNode matrix = d.get("coefficientMatrix");
    assertEquals(1, matrix.get("numRows").asInt());
    for (int j = 0; j < w.numCols(); j++) {
      assertEquals(w.apply(0, j), matrix.get("values").get(j).asDouble(), "exact coefficient");
    }
    assertEquals(model.intercept(), d.get("interceptVector").get(0).asDouble());
    List<Row> table = model.featureCoefficients().collectAsList();
    JsonNode rows = d.get("featureCoefficients");
    assertEquals(table.size(), rows.size());
    for (int i = 0; i < table.size(); i++) {
      assertEquals(table.get(i).getString(1), rows.get(i).get(1).asText());
      assertEquals(table.get(i).getDouble(4), rows.get(i).get(4).asDouble());
    }
    assertHistory(model.summary().training(), d.get("summary"));
  }

  @Test
  void aLoadedModelHasNoSummary() throws Exception {
    LinearClassificationModel model = new LinearClassifier().setMaxIter(2).fit(binary);
    String path = tmp.resolve("model").toString();
    model.write().save(path);
    JsonNode d = describe(LinearClassificationModel.load(path).setDescriptionCol("model"),
        binary);
    assertTrue(d.get("summary").isNull());
    assertEquals(model.intercept(), d.get("interceptVector").get(0).asDouble());
  }

  @Test
  void networksAndRegressorsDescribeThemselvesToo() throws Exception {
    MLPClassificationModel mlp = new MLPClassifier().setHiddenLayers(4).setMaxIter(3)
        .setNumRestarts(2).setSeed(2).fit(binary);
    JsonNode m = describe(mlp.setDescriptionCol("model"), binary);
    assertEquals("[3,4,1]", m.get("layers").toString());
    assertEquals(2, m.get("summary").get("restarts").size());
    assertHistory(mlp.summary().training().restarts().get(1),
        m.get("summary").get("restarts").get(1));

    LinearRegressionModel linear = new LinearRegressor().setMaxIter(3).fit(regression);
    JsonNode r = describe(linear.setDescriptionCol("model"), regression);
    assertEquals(linear.intercept(), r.get("intercept").asDouble());
    assertEquals(linear.coefficients().apply(2), r.get("coefficients").get(2).asDouble());
    assertHistory(linear.summary().training(), r.get("summary"));

    MLPRegressionModel net = new MLPRegressor().setHiddenLayers(3).setMaxIter(2).fit(regression);
    JsonNode n = describe(net.setDescriptionCol("model"), regression);
    assertEquals("MLPRegressionModel", n.get("model").asText());
    assertHistory(net.summary().training(), n.get("summary"));
  }

  @Test
  void aTakenColumnNameIsAnError() {
    LinearClassificationModel model = new LinearClassifier().setMaxIter(1).fit(binary);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.setDescriptionCol("label").transform(binary));
    assertTrue(e.getMessage().contains("descriptionCol 'label'"), e.getMessage());
  }
}
