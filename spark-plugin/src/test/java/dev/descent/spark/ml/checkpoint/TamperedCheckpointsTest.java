package dev.descent.spark.ml.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.spark.ml.Tampering;
import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated test of checkpoints damaged at random (seeded), as the tampered-model test does
 * with saved models. The property: resuming fails with an IllegalArgumentException naming the
 * checkpoint directory, or resumes to the uninterrupted run bit for bit (the damage hit nothing
 * the resume reads); never another exception or another model.
 */
class TamperedCheckpointsTest {

  private static final int CASES = 16;
  private static final long BASE_SEED = 20261202L;

  @TempDir
  static Path temp;
  private static Dataset<Row> rows;
  private static Path checkpoints;
  private static LinearClassificationModel whole;

  private static LinearClassifier classifier(int epochs) {
    return new LinearClassifier().setOptimizer("adam").setLearningRate(0.05).setBatchSize(20)
        .setTol(0).setSeed(4L).setMaxIter(epochs);
  }

  @BeforeAll
  static void checkpoint() {
    rows = TestData.classification(60, 3, 2, 9L, 2, false).cache();
    checkpoints = temp.resolve("checkpoints");
    classifier(3).setCheckpointDir(checkpoints.toString()).setCheckpointInterval(3).fit(rows);
    whole = classifier(5).fit(rows);
  }

  @TestFactory
  Stream<DynamicTest> damagedCheckpointsAreRefusedNamingThemOrResumeExactly() {
    return Tampering.seeded(CASES, BASE_SEED, seed -> check(seed));
  }

  static void check(long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Path dir = Tampering.copy(checkpoints, temp.resolve("case-" + seed));
    Path file = Tampering.anyFile(random, dir);
    String what = Tampering.damage(random, file) + " " + dir.relativize(file);
    LinearClassificationModel resumed;
    try {
      resumed = classifier(5).setResumeFrom(dir.toString()).fit(rows);
    } catch (IllegalArgumentException e) {
      assertTrue(String.valueOf(e.getMessage()).contains(dir.toString()),
          what + ": the error should name " + dir + ": " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      fail(what + ": " + e, e);
      return;
    }
    assertArrayEquals(whole.summary().objectiveHistory(),
        resumed.summary().objectiveHistory(), what + ": resumed, so it must be the same run");
    assertArrayEquals(whole.coefficientMatrix().toArray(), resumed.coefficientMatrix().toArray(),
        what + ": resumed, so it must give the same model");
  }
}
