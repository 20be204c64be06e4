package dev.descent.spark.ml;

import static org.junit.jupiter.api.Assertions.fail;

/** Vector comparisons with a relative tolerance scaled by the expected vector's largest entry. */
public final class Assertions2 {

  private Assertions2() {}

  /** |actual - expected|_inf <= tol * max(|expected|_inf, floor). */
  public static void assertClose(double[] expected, double[] actual, double tol, String what) {
    if (expected.length != actual.length) {
      fail(what + ": lengths differ, " + expected.length + " vs " + actual.length);
    }
    double scale = 1e-12;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    if (!(worst <= tol * scale)) {
      fail(String.format("%s: max difference %.3g exceeds %.1g relative to %.3g%n expected %s%n"
          + " actual   %s", what, worst, tol, scale, java.util.Arrays.toString(expected),
          java.util.Arrays.toString(actual)));
    }
  }

  public static void assertClose(double expected, double actual, double tol, String what) {
    assertClose(new double[] {expected}, new double[] {actual}, tol, what);
  }
}
