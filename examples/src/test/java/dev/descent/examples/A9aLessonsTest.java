package dev.descent.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of {@link A9aLessons}; the lessons themselves run on the full a9a data. */
class A9aLessonsTest {

  @Test
  void everyLessonParsesWithTheSharedDataAsDefault() {
    for (String lesson : A9aLessons.LESSONS) {
      A9aLessons.Options options = A9aLessons.Options.parse(new String[] {lesson});
      assertEquals(lesson, options.lesson());
      assertEquals("../shared/data/a9a", options.data());
      assertEquals("../shared/data/a9a.t", options.test());
      assertEquals("examples/target/a9a-lessons", options.output());
    }
  }

  @Test
  void flagsOverrideTheDefaultsInAnyOrder() {
    A9aLessons.Options options = A9aLessons.Options.parse(new String[] {"cv-grid", "--output",
        "out", "--test", "t.libsvm", "--data", "d.libsvm"});
    assertEquals(new A9aLessons.Options("cv-grid", "d.libsvm", "t.libsvm", "out"), options);
  }

  @Test
  void badCommandLinesNameTheProblem() {
    assertMessage("one of [learning-rate-sweep, batch-sizes, optimizers, l1-vs-l2, optimum,"
        + " cv-grid], got none");
    assertMessage("got 'sweep'", "sweep");
    assertMessage("got '--data'", "--data", "a9a", "optimizers");
    assertMessage("unknown argument '--master'", "optimizers", "--master", "local");
    assertMessage("--data needs a value", "optimizers", "--data");
  }

  private static void assertMessage(String expected, String... args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> A9aLessons.Options.parse(args));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("usage: A9aLessons <lesson>"), e.getMessage());
  }

  @Test
  void missingFilesAreNamedWithTheFlagThatFixesThem(@TempDir Path dir) throws Exception {
    Path data = Files.writeString(dir.resolve("a9a"), "1 1:1\n");
    String absent = dir.resolve("absent").toString();
    String missingData =
        new A9aLessons.Options("optimizers", absent, absent, "out").missingFile();
    assertTrue(missingData.contains("a9a data is missing at " + absent), missingData);
    assertTrue(missingData.contains("--data <path"), missingData);
    // Only cv-grid reads the test set.
    assertNull(new A9aLessons.Options("optimizers", data.toString(), absent, "out").missingFile());
    String missingTest =
        new A9aLessons.Options("cv-grid", data.toString(), absent, "out").missingFile();
    assertTrue(missingTest.contains("a9a test data is missing at " + absent), missingTest);
    assertTrue(missingTest.contains("--test <path"), missingTest);
    assertNull(new A9aLessons.Options("cv-grid", data.toString(), data.toString(), "out")
        .missingFile());
  }
}
