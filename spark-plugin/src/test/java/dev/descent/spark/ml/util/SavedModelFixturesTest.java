package dev.descent.spark.ml.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.descent.spark.ml.Assertions2;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.Test;

/**
 * Loads the stages that an earlier version saved (committed under
 * {@code src/test/resources/fixtures}) and checks their predictions on fixed rows against the
 * values committed with them, so that a change to the saved format or to prediction fails here.
 */
class SavedModelFixturesTest {

  private static Path fixtures() throws Exception {
    return Path.of(SavedModelFixturesTest.class.getResource("/" + ModelFixtures.VERSION_DIR)
        .toURI());
  }

  private static void assertPredictsAsSaved(String name, Transformer model) throws Exception {
    List<String> expected = Files.readAllLines(fixtures().resolve(ModelFixtures.EXPECTED),
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
      Assertions2.assertClose(values(e[3]), values(a[3]), 1e-12, expected.get(i));
    }
  }

  private static double[] values(String text) {
    return Arrays.stream(text.split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  @Test
  void binaryClassifier() throws Exception {
    LinearClassificationModel model = LinearClassificationModel.load(
        fixtures().resolve(ModelFixtures.BINARY).toString());
    assertEquals(2, model.numClasses());
    assertEquals("fixtureBinary", model.uid());
    assertPredictsAsSaved(ModelFixtures.BINARY, model);
  }

  @Test
  void multinomialClassifier() throws Exception {
    LinearClassificationModel model = LinearClassificationModel.load(
        fixtures().resolve(ModelFixtures.MULTINOMIAL).toString());
    assertEquals(3, model.numClasses());
    assertPredictsAsSaved(ModelFixtures.MULTINOMIAL, model);
  }

  @Test
  void regressor() throws Exception {
    LinearRegressionModel model = LinearRegressionModel.load(
        fixtures().resolve(ModelFixtures.REGRESSOR).toString());
    assertEquals("poisson", model.getLoss());
    assertPredictsAsSaved(ModelFixtures.REGRESSOR, model);
  }

  @Test
  void unfittedEstimatorKeepsItsParams() throws Exception {
    LinearClassifier loaded = LinearClassifier.load(
        fixtures().resolve(ModelFixtures.ESTIMATOR).toString());
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
  }
}
