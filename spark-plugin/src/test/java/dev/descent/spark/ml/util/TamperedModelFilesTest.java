package dev.descent.spark.ml.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.spark.ml.Tampering;
import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassificationModel;
import dev.descent.spark.ml.classification.MLPClassifier;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated test of saved models damaged at random (seeded): a file truncated, deleted,
 * replaced by random bytes or by an empty one, or a metadata value given another JSON type. The
 * property: loading fails with an IllegalArgumentException naming the model's path, or the model
 * loads and predicts exactly as the one saved (the damage hit nothing it reads, such as a
 * checksum or marker file); never another exception, a hang or a model that predicts otherwise.
 */
class TamperedModelFilesTest {

  private static final int CASES = 24;
  private static final long BASE_SEED = 20261201L;
  private static final List<String> KINDS = List.of("linear classifier", "linear regressor",
      "network classifier");

  @TempDir
  static Path temp;
  private static Dataset<Row> classification;
  private static Dataset<Row> regression;
  private static Path saved;

  @BeforeAll
  static void saveModels() throws IOException {
    classification = TestData.classification(30, 3, 2, 3L, 2, false).cache();
    regression = TestData.regression(30, 3, 3L, 2, false).cache();
    saved = temp.resolve("saved");
    new LinearClassifier().setMaxIter(2).fit(classification).write()
        .save(saved.resolve(KINDS.get(0)).toString());
    new LinearRegressor().setMaxIter(2).fit(regression).write()
        .save(saved.resolve(KINDS.get(1)).toString());
    new MLPClassifier().setHiddenLayers(3).setMaxIter(2).fit(classification).write()
        .save(saved.resolve(KINDS.get(2)).toString());
  }

  private static Function<String, Transformer> loader(String kind) {
    return switch (kind) {
      case "linear classifier" -> LinearClassificationModel::load;
      case "linear regressor" -> LinearRegressionModel::load;
      default -> MLPClassificationModel::load;
    };
  }

  private static Dataset<Row> data(String kind) {
    return kind.equals("linear regressor") ? regression : classification;
  }

  @TestFactory
  Stream<DynamicTest> damagedModelsFailNamingTheirPathOrPredictAsSaved() {
    return Tampering.seeded(CASES, BASE_SEED, seed -> check(seed));
  }

  static void check(long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    String kind = KINDS.get(random.nextInt(KINDS.size()));
    Path model = Tampering.copy(saved.resolve(kind), temp.resolve("case-" + seed));
    Path file = Tampering.anyFile(random, model);
    String damage = Tampering.damage(random, file);
    String what = kind + ", " + damage + " " + model.relativize(file);
    Transformer loaded;
    try {
      loaded = loader(kind).apply(model.toString());
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage() != null && e.getMessage().contains(model.toString()),
          what + ": the error should name " + model + ": " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      fail(what + ": " + e, e);
      return;
    }
    Dataset<Row> rows = data(kind);
    String column = kind.equals("linear regressor") ? "prediction" : "rawPrediction";
    List<Row> expected = loader(kind).apply(saved.resolve(kind).toString()).transform(rows)
        .select(column).collectAsList();
    assertEquals(expected, loaded.transform(rows).select(column).collectAsList(),
        what + ": loaded, so it must predict as saved");
  }
}
