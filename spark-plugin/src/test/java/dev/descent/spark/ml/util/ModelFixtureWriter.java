package dev.descent.spark.ml.util;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the model fixture set of the Spark line it runs on
 * ({@link ModelFixtures#currentLineSet()}). Disabled unless asked for explicitly, because the
 * fixtures exist to catch a version that can no longer load what an earlier one saved:
 *
 * <pre>
 * mvn -B test -pl spark-plugin -P&lt;line&gt; -Dtest=ModelFixtureWriter -Ddescent.writeFixtures=true
 * </pre>
 *
 * It refuses to write over a set that exists: a new fixture version goes into a new directory
 * (listed in {@link ModelFixtures#SETS}), next to the old ones.
 */
class ModelFixtureWriter {

  @Test
  @EnabledIfSystemProperty(named = "descent.writeFixtures", matches = "true")
  void writeFixtures() throws Exception {
    Path dir = Path.of("src/test/resources").resolve(ModelFixtures.currentLineSet());
    if (Files.exists(dir)) {
      throw new IllegalStateException(dir + " exists; fixture sets are never rewritten");
    }
    ModelFixtures.write(dir);
  }
}
