package dev.descent.spark.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassifier;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A generated test of sizes declared by ML attributes (seeded): label metadata declaring from 2
 * to 2^31 - 1 classes and features metadata declaring from the true width to 2^31 - 1, for the
 * linear and the network classifier. The property: the fit gives a model, or fails on the driver
 * with an IllegalArgumentException naming the label or features column or the parameter count;
 * never an OutOfMemoryError, a NegativeArraySizeException or another exception from a task.
 */
class HostileMetadataTest {

  private static final int CASES = 16;
  private static final long BASE_SEED = 20261201L;
  private static final List<Integer> CLASSES = List.of(2, 3, 1000, 500_000, 5_000_000,
      Integer.MAX_VALUE);
  private static final List<Integer> WIDTHS = List.of(3, 3, 1_000_000, 1_000_000_000,
      Integer.MAX_VALUE);
  private static Dataset<Row> rows;

  @BeforeAll
  static void data() {
    rows = TestData.classification(30, 3, 2, 5L, 2, false).cache();
  }

  @TestFactory
  Stream<DynamicTest> declaredSizesFitOrFailClearlyOnTheDriver() {
    return IntStream.range(0, CASES).mapToObj(i -> {
      long seed = BASE_SEED + i;
      return DynamicTest.dynamicTest("seed " + seed, () -> check(seed));
    });
  }

  static void check(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int classes = CLASSES.get(random.nextInt(CLASSES.size()));
    int width = WIDTHS.get(random.nextInt(WIDTHS.size()));
    boolean network = random.nextBoolean();
    String what = (network ? "MLPClassifier" : "LinearClassifier") + ", " + classes
        + " classes declared, width " + width + " declared";
    Dataset<Row> declared = rows
        .withColumn("label", rows.col("label").as("label",
            NominalAttribute.defaultAttr().withName("label").withNumValues(classes)
                .toMetadata()))
        .withColumn("features", rows.col("features").as("features",
            new AttributeGroup("features", width).toMetadata()));
    Predictor<?, ?, ?> stage = network
        ? new MLPClassifier().setHiddenLayers(2).setMaxIter(1)
        : new LinearClassifier().setMaxIter(1);
    try {
      stage.fit(declared);
      assertTrue((long) classes * width < 100_000_000L,
          what + ": a fit this large should have been refused");
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      assertTrue(message.contains("'label'") || message.contains("'features'")
              || message.contains("parameters"),
          what + ": the error should name the column or the parameter count: " + message);
    } catch (RuntimeException | OutOfMemoryError e) {
      fail(what + ": " + e, e);
    }
  }
}
