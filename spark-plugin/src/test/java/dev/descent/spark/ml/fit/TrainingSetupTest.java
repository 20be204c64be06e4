package dev.descent.spark.ml.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.classification.LinearClassifier;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The driver-memory check of a fit, once the data's width is known: with optimizer "auto", a
 * fit whose lbfgs history the driver cannot hold runs adam, which it can; a named lbfgs fails.
 */
class TrainingSetupTest {

  private static final long GIB = 1L << 30;
  private static final int WIDE = 1 << 20;

  @Test
  void autoRunsAdamWhereTheDriverCannotHoldLbfgsHistory() {
    TrainingSetup wide = new TrainingSetup(new LinearClassifier());
    wide.checkDriverMemory(new SparkConf(), GIB, WIDE + 1, WIDE, 200);
    assertEquals("adam", wide.stage().getOptimizer());
    assertEquals(0.01, wide.stage().getLearningRate(), "adam's default rate");
    assertEquals(1024, wide.stage().getBatchSize());

    TrainingSetup narrow = new TrainingSetup(new LinearClassifier());
    narrow.checkDriverMemory(new SparkConf(), GIB, 101, 100, 200);
    assertEquals("lbfgs", narrow.stage().optimizerChoice().optimizer());
  }

  @Test
  void aNamedLbfgsOrAFitTooLargeEvenForAdamFails() {
    TrainingSetup lbfgs = new TrainingSetup(new LinearClassifier().setOptimizer("lbfgs"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> lbfgs.checkDriverMemory(new SparkConf(), GIB, WIDE + 1, WIDE, 200));
    assertTrue(e.getMessage().contains("202 optimizer slots")
        && e.getMessage().endsWith("lower historySize or train with adam"), e.getMessage());

    TrainingSetup huge = new TrainingSetup(new LinearClassifier());
    e = assertThrows(IllegalArgumentException.class,
        () -> huge.checkDriverMemory(new SparkConf().set("spark.driver.maxResultSize", "0"), GIB,
            (1 << 24) + 1, 1 << 24, 64));
    assertTrue(e.getMessage().contains("22 optimizer slots")
        && e.getMessage().contains("raise spark.driver.memory"), e.getMessage());
    assertEquals("auto", huge.stage().getOptimizer());
  }
}
