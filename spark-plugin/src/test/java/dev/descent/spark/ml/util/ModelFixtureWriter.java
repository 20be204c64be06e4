package dev.descent.spark.ml.util;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Rewrites the committed model fixtures. Disabled unless asked for explicitly, because the
 * fixtures exist to catch a version that can no longer load what an earlier one saved:
 *
 * <pre>
 * mvn -B test -pl spark-plugin -Dtest=ModelFixtureWriter -Ddescent.writeFixtures=true
 * </pre>
 *
 * Write a new fixture version into a new directory (change {@link ModelFixtures#VERSION_DIR} and
 * keep the old directory and its test), never over an old one.
 */
class ModelFixtureWriter {

  @Test
  @EnabledIfSystemProperty(named = "descent.writeFixtures", matches = "true")
  void writeFixtures() throws Exception {
    ModelFixtures.write(Path.of("src/test/resources").resolve(ModelFixtures.VERSION_DIR));
  }
}
