package dev.descent.spark.ml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** Random damage to saved files, for the generated tests of tampered models and checkpoints. */
public final class Tampering {

  private Tampering() {}

  /** {@code count} tests named by their seeds, {@code baseSeed} upwards, each {@code check}ed. */
  public static Stream<DynamicTest> seeded(int count, long baseSeed, ThrowingConsumer<Long> check) {
    return LongStream.range(baseSeed, baseSeed + count).boxed()
        .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> check.accept(seed)));
  }

  /** A regular file under {@code dir}, chosen by {@code random}. */
  public static Path anyFile(SplittableRandom random, Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
      return files.get(random.nextInt(files.size()));
    }
  }

  /** Damages {@code file} one of five ways, returning which. */
  public static String damage(SplittableRandom random, Path file) throws IOException {
    byte[] content = Files.readAllBytes(file);
    switch (random.nextInt(5)) {
      case 0 -> {
        Files.write(file, Arrays.copyOf(content, random.nextInt(content.length + 1)));
        return "truncated";
      }
      case 1 -> {
        Files.delete(file);
        return "deleted";
      }
      case 2 -> {
        byte[] noise = new byte[1 + random.nextInt(Math.max(1, content.length))];
        random.nextBytes(noise);
        Files.write(file, noise);
        return "replaced by noise";
      }
      case 3 -> {
        Files.write(file, new byte[0]);
        return "emptied";
      }
      default -> {
        String text = new String(content, StandardCharsets.UTF_8);
        // A number becomes a string, or a string a number: a value of another JSON type.
        String changed = random.nextBoolean()
            ? text.replaceFirst(":(-?[0-9][0-9.eE+-]*)", ":\"$1\"")
            : text.replaceFirst(":\"[^\"]*\"", ":7");
        Files.write(file, changed.getBytes(StandardCharsets.UTF_8));
        return "retyped";
      }
    }
  }

  /** A copy of the directory {@code from} at {@code to}. */
  public static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return to;
  }
}
