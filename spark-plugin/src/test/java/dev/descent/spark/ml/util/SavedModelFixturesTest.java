package dev.descent.spark.ml.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.Assertions2;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassificationModel;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loads the stages that an earlier version saved (committed under
 * {@code src/test/resources/fixtures}) and checks their predictions on fixed rows against the
 * values committed with them, so that a change to the saved format or to prediction fails here.
 * Every set runs on every Spark line: a model saved on Spark 3.5 loads on 4.x and back.
 */
class SavedModelFixturesTest {

  static List<String> sets() {
    return ModelFixtures.SETS;
  }

  static List<String> setsWithNetworks() {
    return ModelFixtures.SETS_WITH_NETWORKS;
  }

  private static Path fixtures(String set) throws Exception {
    URL url = SavedModelFixturesTest.class.getResource("/" + set);
    assertNotNull(url, "fixture set " + set + " is not on the test classpath");
    return Path.of(url.toURI());
  }

  private static void assertPredictsAsSaved(String set, String name, Transformer model)
      throws Exception {
    List<String> expected = Files.readAllLines(fixtures(set).resolve(ModelFixtures.EXPECTED),
        StandardCharsets.UTF_8).stream().filter(line -> line.startsWith(name + ","))
        .collect(Collectors.toList());
    String[] columns = expected.stream().map(line -> line.split(",")[2]).distinct()
        .toArray(String[]::new);
    List<String> actual = ModelFixtures.predictions(name, model, columns);
    assertFalse(expected.isEmpty(), "no expected predictions for " + name);
    assertEquals(expected.size(), actual.size(), name);
    for (int i = 0; i < expected.size(); i++) {
      String[] e = expected.get(i).split(",");
      String[] a = actual.get(i).split(",");
      assertEquals(e[0] + e[1] + e[2], a[0] + a[1] + a[2]);
      Assertions2.assertClose(values(e[3]), values(a[3]), 1e-12, set + ": " + expected.get(i));
    }
  }

  private static double[] values(String text) {
    return Arrays.stream(text.split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  @ParameterizedTest
  @MethodSource("sets")
  void binaryClassifier(String set) throws Exception {
    LinearClassificationModel model = LinearClassificationModel.load(
        fixtures(set).resolve(ModelFixtures.BINARY).toString());
    assertEquals(2, model.numClasses());
    assertEquals("fixtureBinary", model.uid());
    assertPredictsAsSaved(set, ModelFixtures.BINARY, model);
  }

  @ParameterizedTest
  @MethodSource("sets")
  void multinomialClassifier(String set) throws Exception {
    LinearClassificationModel model = LinearClassificationModel.load(
        fixtures(set).resolve(ModelFixtures.MULTINOMIAL).toString());
    assertEquals(3, model.numClasses());
    assertPredictsAsSaved(set, ModelFixtures.MULTINOMIAL, model);
  }

  @ParameterizedTest
  @MethodSource("sets")
  void regressor(String set) throws Exception {
    LinearRegressionModel model = LinearRegressionModel.load(
        fixtures(set).resolve(ModelFixtures.REGRESSOR).toString());
    assertEquals("poisson", model.getLoss());
    assertPredictsAsSaved(set, ModelFixtures.REGRESSOR, model);
  }

  @ParameterizedTest
  @MethodSource("sets")
  void unfittedEstimatorKeepsItsParams(String set) throws Exception {
    LinearClassifier loaded = LinearClassifier.load(
        fixtures(set).resolve(ModelFixtures.ESTIMATOR).toString());
    LinearClassifier expected = ModelFixtures.estimator();
    assertEquals(expected.uid(), loaded.uid());
    assertEquals(expected.getOptimizer(), loaded.getOptimizer());
    assertEquals(expected.getMomentum(), loaded.getMomentum());
    assertEquals(expected.getMaxIter(), loaded.getMaxIter());
    assertEquals(expected.getLrSchedule(), loaded.getLrSchedule());
    assertArrayEquals(expected.getLrMilestones(), loaded.getLrMilestones());
    assertEquals(expected.getRegParam(), loaded.getRegParam());
    assertEquals(expected.getElasticNetParam(), loaded.getElasticNetParam());
    assertEquals(expected.getLoss(), loaded.getLoss());
    assertEquals(expected.getWeightCol(), loaded.getWeightCol());
    assertEquals(expected.getSeed(), loaded.getSeed());
    // Earlier versions saved weightDecay's old default (0.01, used by adamw only); it is
    // dropped on load, so the loaded sgd estimator does not decay, as it did not when saved.
    assertTrue(Double.isNaN(loaded.getWeightDecay()), "weightDecay is unset");
    assertEquals("sgd", loaded.newOptimizer().name());
  }

  @ParameterizedTest
  @MethodSource("setsWithNetworks")
  void networkClassifier(String set) throws Exception {
    MLPClassificationModel model = MLPClassificationModel.load(
        fixtures(set).resolve(ModelFixtures.MLP).toString());
    assertEquals("fixtureMlp", model.uid());
    assertEquals(3, model.numClasses());
    assertPredictsAsSaved(set, ModelFixtures.MLP, model);
  }

  @ParameterizedTest
  @MethodSource("setsWithNetworks")
  void setNamesTheSparkThatSavedIt(String set) throws Exception {
    List<String> savedBy = Files.readAllLines(fixtures(set).resolve(ModelFixtures.SAVED_BY),
        StandardCharsets.UTF_8);
    String line = set.substring(set.lastIndexOf("-spark-") + "-spark-".length());
    assertTrue(savedBy.get(0).startsWith("spark " + line + "."), set + ": " + savedBy);
  }
}
