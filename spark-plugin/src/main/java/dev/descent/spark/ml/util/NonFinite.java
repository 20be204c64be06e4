package dev.descent.spark.ml.util;

/** Where an array of doubles first holds NaN or an infinity. */
public final class NonFinite {

  private NonFinite() {}

  /** The index of the first value of {@code values} that is not finite, or -1 if none is. */
  public static int firstIndex(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        return i;
      }
    }
    return -1;
  }
}
